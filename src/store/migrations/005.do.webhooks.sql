-- Webhooks: subscriptions, one delivery row per (event, matching subscription),
-- and the cursors the dispatcher keeps over the outbox.

-- The secret is stored in plain text: HMAC-SHA256 signing needs the key
-- itself (a hash would not do), and a key-encryption key kept beside the
-- database would protect little. Guard read access to this table accordingly.
CREATE TABLE webhook_subscriptions (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  participant_id uuid NOT NULL REFERENCES participants(id),
  url            text NOT NULL,
  -- NULL: every topic the subscriber may see.
  topics         text[],
  secret         text NOT NULL,
  -- Only outbox rows after this id are fanned out to the subscription.
  from_outbox_id bigint NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  deleted_at     timestamptz
);
CREATE INDEX webhook_subscriptions_participant ON webhook_subscriptions (participant_id) WHERE deleted_at IS NULL;

CREATE TABLE webhook_deliveries (
  id              bigserial PRIMARY KEY,
  subscription_id uuid NOT NULL REFERENCES webhook_subscriptions(id),
  outbox_id       bigint NOT NULL REFERENCES outbox(id),
  log_index       bigint NOT NULL,
  topic           text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  -- When pending: when it is due; while an attempt is in flight, when its lease ends.
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_status     integer,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  UNIQUE (subscription_id, outbox_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (subscription_id, log_index);

-- The last outbox id each consumer has handled, updated in the transaction
-- that handles it ('webhooks': fan-out; 'nats': JetStream publishing).
CREATE TABLE outbox_cursors (
  name    text PRIMARY KEY,
  last_id bigint NOT NULL
);
INSERT INTO outbox_cursors (name, last_id) VALUES ('webhooks', 0), ('nats', 0);
