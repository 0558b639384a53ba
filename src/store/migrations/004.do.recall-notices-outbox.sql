-- Recall notices and the outbox.
-- A regulator's recall may span manufacturers (a supplier's defective lot).
ALTER TABLE recalls ALTER COLUMN enterprise_code DROP NOT NULL;
-- Which recall version each unit was last told about: a notifier fans out
-- `recall_notified` events until every unit has heard of the latest change.
ALTER TABLE recall_units ADD COLUMN notified_version integer NOT NULL DEFAULT 0;
CREATE INDEX recall_units_pending ON recall_units (recall_id) WHERE notified_seq IS NULL;

-- The durable outbox: one row per accepted event, written in the event's own
-- transaction, so nothing is lost between commit and delivery.
CREATE TABLE outbox (
  id              bigserial PRIMARY KEY,
  log_index       bigint NOT NULL,
  topic           text NOT NULL,
  robot_code      char(29) NOT NULL,
  enterprise_code char(4) NOT NULL,
  model_code      char(6) NOT NULL,
  owner_id        uuid NOT NULL,
  payload         jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
