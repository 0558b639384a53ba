-- Leaf version 2 (docs/ledger.md): the public leaf holds only the unit, sequence,
-- type and times plus a salted commitment to the rest of the event. The opening —
-- the canonical JSON of {salt, actor, data, private?} that the commitment binds —
-- is kept here, beside the event, and never enters the public log. It is read
-- back and checked against the leaf's commitment whenever the event is shown,
-- and handed only to readers entitled to the event. Version 1 leaves publish
-- their event and have no opening (NULL).
ALTER TABLE events ADD COLUMN opening bytea;
