-- Signing-key rotation and witnesses of the log (issue #17, item 5; docs/ledger.md).
--
-- log_keys holds the log's verifier keys (public; the private keys stay in
-- files beside the database, data/log-signer.key and, during a rotation,
-- data/log-signer.next.key) with the tree size and time from which each
-- signed and until which. A key that came in by rotation keeps the handover
-- checkpoint: signed by the key before it, naming it, signed by it too.
CREATE TABLE log_keys (
  verifier_key  text PRIMARY KEY,
  status        text NOT NULL CHECK (status IN ('active', 'incoming', 'retired')),
  from_size     bigint NOT NULL CHECK (from_size >= 0),
  from_time     timestamptz NOT NULL,
  until_size    bigint CHECK (until_size >= from_size),
  until_time    timestamptz,
  handover      text,
  CHECK ((status = 'retired') = (until_size IS NOT NULL AND until_time IS NOT NULL))
);
-- At most one key is active and at most one incoming.
CREATE UNIQUE INDEX log_keys_one_per_status ON log_keys (status) WHERE status IN ('active', 'incoming');

-- Witnesses the regulator registered: a name (the cosigner key's name) and its
-- cosignature/v1 verifier key. Cosignatures of anyone else are refused.
CREATE TABLE log_witnesses (
  name          text PRIMARY KEY,
  verifier_key  text NOT NULL UNIQUE,
  registered_at timestamptz NOT NULL,
  registered_by uuid NOT NULL REFERENCES participants (id)
);

-- The cosignatures of registered witnesses: the checkpoint cosigned (the
-- log's note: its text and the log's own signature lines) and the witness's
-- line, its latest for that tree size. Those of one checkpoint are published
-- together.
CREATE TABLE log_cosignatures (
  witness     text NOT NULL REFERENCES log_witnesses (name),
  size        bigint NOT NULL CHECK (size >= 0),
  checkpoint  text NOT NULL,
  signed_at   timestamptz NOT NULL,
  line        text NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (witness, size)
);
CREATE INDEX log_cosignatures_checkpoint ON log_cosignatures (size DESC, checkpoint);
