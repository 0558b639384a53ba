-- Foundation schema: participants, tokens, models, robots, components,
-- events and the Merkle log. Runs unchanged on PGlite and PostgreSQL.
-- The robot code is the natural distribution key (every robot-scoped table
-- leads with it) so the schema shards by code on a distributed PostgreSQL.

CREATE TABLE registry_meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);

CREATE SEQUENCE enterprise_number_seq START 1;

CREATE TABLE participants (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name            text NOT NULL,
  country         char(2) NOT NULL,
  uscc            text UNIQUE,
  roles           text[] NOT NULL,
  enterprise_code char(4) UNIQUE,
  next_model      integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_tokens (
  id             text PRIMARY KEY,
  participant_id uuid NOT NULL REFERENCES participants(id),
  token_hash     bytea NOT NULL UNIQUE,
  label          text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  revoked_at     timestamptz
);
CREATE INDEX api_tokens_participant ON api_tokens (participant_id);

CREATE TABLE models (
  enterprise_code char(4) NOT NULL REFERENCES participants(enterprise_code),
  model_code      char(6) NOT NULL,
  name            text NOT NULL,
  category        text NOT NULL,
  parameters      jsonb NOT NULL,
  component_types text[] NOT NULL,
  status          text NOT NULL CHECK (status IN ('filed', 'approved', 'suspended', 'withdrawn')),
  filed_at        timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (enterprise_code, model_code),
  UNIQUE (enterprise_code, name)
);

-- Gap-free serial allocation: one row per (enterprise, model, production date),
-- bumped under its row lock inside the registering transaction.
CREATE TABLE serial_counters (
  enterprise_code char(4) NOT NULL,
  model_code      char(6) NOT NULL,
  production_date date NOT NULL,
  next_sequence   bigint NOT NULL,
  PRIMARY KEY (enterprise_code, model_code, production_date),
  FOREIGN KEY (enterprise_code, model_code) REFERENCES models
);

CREATE TABLE robots (
  code            char(29) PRIMARY KEY,
  enterprise_code char(4) NOT NULL,
  model_code      char(6) NOT NULL,
  production_date date NOT NULL,
  sequence        bigint NOT NULL,
  status          text NOT NULL CHECK (status IN
                    ('registered', 'in_use', 'deployed', 'in_service', 'decommissioned', 'recycling', 'scrapped')),
  owner_id        uuid NOT NULL REFERENCES participants(id),
  operator_id     uuid REFERENCES participants(id),
  recycler_id     uuid REFERENCES participants(id),
  site            jsonb,
  firmware        text,
  suspended       boolean NOT NULL DEFAULT false,
  stolen          boolean NOT NULL DEFAULT false,
  version         integer NOT NULL,
  registered_at   timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  FOREIGN KEY (enterprise_code, model_code) REFERENCES models,
  UNIQUE (enterprise_code, model_code, production_date, sequence)
);
CREATE INDEX robots_owner ON robots (owner_id);
CREATE INDEX robots_status ON robots (status);

-- One row per physical key component (type, maker, serial): where it is now
-- and whether it was scrapped with its robot.
CREATE TABLE components (
  component_type text NOT NULL,
  maker          text NOT NULL,
  serial         text NOT NULL,
  lot            text,
  robot_code     char(29) NOT NULL REFERENCES robots(code),
  state          text NOT NULL CHECK (state IN ('installed', 'removed', 'scrapped')),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (component_type, maker, serial)
);
CREATE INDEX components_robot ON components (robot_code);
CREATE INDEX components_lot ON components (component_type, maker, lot);

-- Ownership history, so a past owner can read a passport up to its handover.
CREATE TABLE ownerships (
  robot_code char(29) NOT NULL REFERENCES robots(code),
  owner_id   uuid NOT NULL REFERENCES participants(id),
  from_seq   integer NOT NULL,
  to_seq     integer,
  PRIMARY KEY (robot_code, from_seq)
);
CREATE INDEX ownerships_owner ON ownerships (owner_id);

CREATE TABLE service_grants (
  robot_code  char(29) NOT NULL REFERENCES robots(code),
  service_id  uuid NOT NULL REFERENCES participants(id),
  granted_seq integer NOT NULL,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  PRIMARY KEY (robot_code, granted_seq)
);

-- Every accepted event; log_index is its leaf in the Merkle log (gap-free, unique).
CREATE TABLE events (
  log_index   bigint PRIMARY KEY CHECK (log_index >= 0),
  robot_code  char(29) NOT NULL REFERENCES robots(code),
  seq         integer NOT NULL CHECK (seq >= 1),
  type        text NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  actor_id    uuid NOT NULL REFERENCES participants(id),
  data        jsonb NOT NULL,
  leaf        bytea NOT NULL,
  UNIQUE (robot_code, seq)
);

-- Personal data kept outside the leaf; the leaf holds only a salted hash of it,
-- so deleting this row erases it without breaking any proof.
CREATE TABLE personal_data (
  log_index bigint PRIMARY KEY REFERENCES events(log_index),
  salt      bytea NOT NULL,
  data      jsonb NOT NULL
);

-- Stored Merkle hashes, indexed as in Go's sumdb/tlog (StoredHashIndex).
CREATE TABLE log_hashes (
  idx  bigint PRIMARY KEY,
  hash bytea NOT NULL
);

-- The log head: locked by every append, so appends are serialised explicitly.
CREATE TABLE log_head (
  id         integer PRIMARY KEY CHECK (id = 1),
  size       bigint NOT NULL,
  root       bytea NOT NULL,
  checkpoint text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO log_head (id, size, root) VALUES (1, 0, sha256(''::bytea));

CREATE TABLE idempotency_keys (
  participant_id uuid NOT NULL REFERENCES participants(id),
  key            text NOT NULL,
  request_hash   bytea NOT NULL,
  status         integer NOT NULL,
  response       jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (participant_id, key)
);
