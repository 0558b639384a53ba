-- A unit's public answers say whether it holds a key component from a scrapped
-- robot (CONTAINS_SCRAPPED_COMPONENT). Asking `components` on every verify miss
-- is an index probe into the largest table (issue #14, item 1); instead each
-- unit keeps the fact: holds_scrapped_part is true exactly while some
-- components row of the unit is in state 'scrapped'. The triggers below keep
-- it for every write to `components` — scrapping a unit, removing or fitting a
-- part, a remanufacture freeing parts, an import, a correction by hand — so no
-- writer can forget it. Verify shows it only for a unit that is not itself
-- scrapped (a scrapped unit's own parts are scrapped with it).
ALTER TABLE robots ADD COLUMN holds_scrapped_part boolean NOT NULL DEFAULT false;

UPDATE robots r SET holds_scrapped_part = true
 WHERE r.code IN (SELECT c.robot_code FROM components c WHERE c.state = 'scrapped');

-- Recompute the fact for the units whose scrapped rows a statement may have
-- changed; a unit whose fact stands is not written (no new row version, no
-- notification).
CREATE FUNCTION hreg_scrapped_parts_of(codes text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(codes) = 0 THEN
    RETURN;
  END IF;
  UPDATE robots r SET holds_scrapped_part = x.holds
    FROM (SELECT u.code, EXISTS (SELECT 1 FROM components c WHERE c.robot_code = u.code AND c.state = 'scrapped') AS holds
            FROM unnest(codes) AS u(code)) x
   WHERE r.code = x.code AND r.holds_scrapped_part IS DISTINCT FROM x.holds;
END $$;

CREATE FUNCTION hreg_scrapped_parts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM hreg_scrapped_parts_of(ARRAY(SELECT DISTINCT robot_code::text FROM new_rows WHERE state = 'scrapped'));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM hreg_scrapped_parts_of(ARRAY(SELECT DISTINCT robot_code::text FROM old_rows WHERE state = 'scrapped'));
  ELSE
    -- A row that is or was scrapped, in the unit it is in now or was in before.
    PERFORM hreg_scrapped_parts_of(ARRAY(
      SELECT robot_code::text FROM new_rows WHERE state = 'scrapped'
      UNION SELECT robot_code::text FROM old_rows WHERE state = 'scrapped'));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER components_scrapped_insert AFTER INSERT ON components REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hreg_scrapped_parts();
CREATE TRIGGER components_scrapped_update AFTER UPDATE ON components REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hreg_scrapped_parts();
CREATE TRIGGER components_scrapped_delete AFTER DELETE ON components REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hreg_scrapped_parts();
