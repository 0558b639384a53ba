-- Each server process keeps one global fact beside its public answers: whether
-- any recall is open, so a verify miss skips the open-recalls probe while none
-- is (issue #14, item 1; src/registry/robots/facts-cache.ts). Closing, reopening
-- or deleting a recall already notifies '*' (migration 013); a recall that
-- opens must too, since its units may join later, one by one, each notifying
-- only its own code.
CREATE TRIGGER recalls_public_insert AFTER INSERT ON recalls FOR EACH STATEMENT EXECUTE FUNCTION hreg_public_everything();
