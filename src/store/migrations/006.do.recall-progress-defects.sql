-- Recall notification progress and defect signals.
ALTER TABLE recalls ADD COLUMN notified_version integer NOT NULL DEFAULT 0;
CREATE INDEX recall_units_notify ON recall_units (recall_id, notified_version);

-- One row per incident or service record that names a component and a failure
-- mode: counted per model, component and month to find defect clusters.
CREATE TABLE defect_signals (
  log_index       bigint PRIMARY KEY REFERENCES events(log_index),
  robot_code      char(29) NOT NULL,
  enterprise_code char(4) NOT NULL,
  model_code      char(6) NOT NULL,
  component_type  text NOT NULL,
  failure_mode    text NOT NULL,
  lot             text,
  source          text NOT NULL CHECK (source IN ('incident', 'service')),
  occurred_at     timestamptz NOT NULL
);
CREATE INDEX defect_signals_time ON defect_signals (occurred_at);
