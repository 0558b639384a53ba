-- Recalls: scope, hazard and remedy, and the units each one reaches with
-- their notification and remedy.

CREATE TABLE recalls (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  issuer_id       uuid NOT NULL REFERENCES participants(id),
  kind            text NOT NULL CHECK (kind IN ('voluntary', 'ordered')),
  enterprise_code char(4) NOT NULL,
  scope           jsonb NOT NULL,
  hazard          text NOT NULL,
  severity        text NOT NULL,
  remedy          text NOT NULL,
  stop_sale       boolean NOT NULL,
  stop_use        boolean NOT NULL,
  issued_at       timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  closed_at       timestamptz,
  version         integer NOT NULL DEFAULT 1
);
CREATE INDEX recalls_open ON recalls (enterprise_code) WHERE closed_at IS NULL;

CREATE TABLE recall_units (
  recall_id     uuid NOT NULL REFERENCES recalls(id),
  robot_code    char(29) NOT NULL REFERENCES robots(code),
  joined_at     timestamptz NOT NULL,
  notified_seq  integer,
  remedied_seq  integer,
  PRIMARY KEY (recall_id, robot_code)
);
CREATE INDEX recall_units_robot ON recall_units (robot_code);
