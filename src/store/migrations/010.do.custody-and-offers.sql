-- Custody decides rights (DESIGN.md §2).
--
-- A transfer to another organisation is an offer until its recipient accepts
-- it: robots.offer holds the pending offer ({to, sale, expiresAt, seq}) while
-- the owner stays as it is. standing_acceptances lets a participant accept
-- every transfer from a named sender at once, so fleet purchases stay one step.
ALTER TABLE robots ADD COLUMN offer jsonb;
CREATE INDEX robots_offer_to ON robots ((offer->>'to')) WHERE offer IS NOT NULL;

CREATE TABLE standing_acceptances (
  participant_id uuid NOT NULL REFERENCES participants(id),
  sender_id      uuid NOT NULL REFERENCES participants(id),
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (participant_id, sender_id)
);

-- The recipient of an offer hears it (webhooks), as the owner hears its units' events.
ALTER TABLE outbox ADD COLUMN recipient_id uuid;

-- Grants end when the unit changes owner: close the grants that an earlier
-- owner gave and that outlived its ownership.
UPDATE service_grants g SET revoked_at = now()
  FROM ownerships o
 WHERE o.robot_code = g.robot_code AND o.to_seq IS NULL AND g.granted_seq < o.from_seq AND g.revoked_at IS NULL;
