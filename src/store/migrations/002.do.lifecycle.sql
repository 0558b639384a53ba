-- Lifecycle: where a unit returns after service, incidents for the
-- regulator's view and the defect signals.

ALTER TABLE robots ADD COLUMN resume_status text;

CREATE TABLE incidents (
  log_index      bigint PRIMARY KEY REFERENCES events(log_index),
  robot_code     char(29) NOT NULL REFERENCES robots(code),
  enterprise_code char(4) NOT NULL,
  model_code     char(6) NOT NULL,
  severity       text NOT NULL,
  kind           text NOT NULL,
  component_type text,
  failure_mode   text,
  occurred_at    timestamptz NOT NULL,
  reporter_id    uuid NOT NULL REFERENCES participants(id)
);
CREATE INDEX incidents_robot ON incidents (robot_code);
CREATE INDEX incidents_model ON incidents (enterprise_code, model_code, occurred_at);
CREATE INDEX incidents_time ON incidents (occurred_at);

CREATE INDEX events_robot_time ON events (robot_code, occurred_at);
