-- Model revisions, usage counters, condition brands, insurers and battery
-- health (issue #15, items 4–7).
--
-- A model's revision 1 is its filing: its approval is the model's status. A
-- significant change files revision 2, 3, … (model_revisions), each approved
-- by the regulator before units built to it may be sold. A unit records the
-- revision it was built to.
CREATE TABLE model_revisions (
  enterprise_code char(4) NOT NULL,
  model_code      char(6) NOT NULL,
  revision        integer NOT NULL CHECK (revision >= 2),
  parameters      jsonb NOT NULL,
  component_types text[] NOT NULL,
  changes         text[] NOT NULL,
  summary         text NOT NULL,
  status          text NOT NULL CHECK (status IN ('filed', 'approved', 'refused')),
  filed_at        timestamptz NOT NULL,
  decided_at      timestamptz,
  PRIMARY KEY (enterprise_code, model_code, revision),
  FOREIGN KEY (enterprise_code, model_code) REFERENCES models
);

ALTER TABLE robots
  ADD COLUMN revision     integer NOT NULL DEFAULT 1,
  -- Usage: the last reading (never lower than the one before), and when it was taken.
  ADD COLUMN usage_hours  numeric(12, 1),
  ADD COLUMN usage_cycles bigint,
  ADD COLUMN usage_at     timestamptz,
  -- Condition brands: a set that only grows (no statement of the registry removes one).
  ADD COLUMN brands       text[] NOT NULL DEFAULT '{}';

-- Every brand recorded, with the event that recorded it; a regulator's
-- correction annotates a brand (corrected_seq, note in the event), never deletes it.
CREATE TABLE condition_brands (
  robot_code    char(29) NOT NULL REFERENCES robots(code),
  seq           integer NOT NULL,
  brand         text NOT NULL CHECK (brand IN ('water_damaged', 'fire_damaged', 'major_collision', 'total_loss', 'rebuilt')),
  recorded_by   uuid NOT NULL REFERENCES participants(id),
  recorded_at   timestamptz NOT NULL,
  corrected_seq integer,
  PRIMARY KEY (robot_code, seq)
);

-- An insurer the owner named insures the unit until revoked, expired or the
-- unit changes owner (as service grants).
CREATE TABLE insurance_covers (
  robot_code  char(29) NOT NULL REFERENCES robots(code),
  insurer_id  uuid NOT NULL REFERENCES participants(id),
  named_seq   integer NOT NULL,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  PRIMARY KEY (robot_code, named_seq)
);
CREATE INDEX insurance_covers_insurer ON insurance_covers (insurer_id) WHERE revoked_at IS NULL;

-- A key battery's last reported state of health (%) and charge cycles.
ALTER TABLE components
  ADD COLUMN state_of_health    numeric(5, 2),
  ADD COLUMN cycle_count        integer,
  ADD COLUMN health_reported_at timestamptz;

-- A revision's approval changes market access of every unit built to it
-- (migration 013's public answers): tell every server to drop its answers.
CREATE TRIGGER model_revisions_public_update AFTER UPDATE ON model_revisions FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION hreg_public_everything();
