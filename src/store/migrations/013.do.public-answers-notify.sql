-- Public answers (GET /v1/verify/{code}, /market-access) are kept ready in
-- each server process (src/registry/robots/facts-cache.ts). Every change to a
-- table those answers read notifies channel 'hreg_public' on commit, so every
-- other process on the same PostgreSQL drops what it kept: the unit codes a
-- statement touched (comma-separated), or '*' (everything) for a change that
-- reaches many units. The triggers are the exhaustive list by construction: a
-- writer cannot forget them. NOTIFY is transactional: a rolled-back write
-- notifies nobody, and a committed one is delivered after its commit.
CREATE FUNCTION hreg_public_notify(codes text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(codes) = 0 THEN
    RETURN;
  ELSIF cardinality(codes) > 200 THEN
    PERFORM pg_notify('hreg_public', '*');
  ELSE
    PERFORM pg_notify('hreg_public', array_to_string(codes, ','));
  END IF;
END $$;

CREATE FUNCTION hreg_public_everything() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('hreg_public', '*');
  RETURN NULL;
END $$;

-- Units: the code column is `code` on robots, `robot_code` on components and recall_units.
CREATE FUNCTION hreg_public_new_units() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'robots' THEN
    PERFORM hreg_public_notify(ARRAY(SELECT DISTINCT code::text FROM new_rows LIMIT 201));
  ELSE
    PERFORM hreg_public_notify(ARRAY(SELECT DISTINCT robot_code::text FROM new_rows WHERE robot_code IS NOT NULL LIMIT 201));
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION hreg_public_old_units() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'robots' THEN
    PERFORM hreg_public_notify(ARRAY(SELECT DISTINCT code::text FROM old_rows LIMIT 201));
  ELSE
    PERFORM hreg_public_notify(ARRAY(SELECT DISTINCT robot_code::text FROM old_rows WHERE robot_code IS NOT NULL LIMIT 201));
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION hreg_public_moved_units() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'robots' THEN
    PERFORM hreg_public_notify(ARRAY(SELECT code::text FROM new_rows UNION SELECT code::text FROM old_rows LIMIT 201));
  ELSE
    PERFORM hreg_public_notify(ARRAY(
      SELECT robot_code::text FROM new_rows WHERE robot_code IS NOT NULL
      UNION SELECT robot_code::text FROM old_rows WHERE robot_code IS NOT NULL LIMIT 201));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER robots_public_insert AFTER INSERT ON robots REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hreg_public_new_units();
CREATE TRIGGER robots_public_update AFTER UPDATE ON robots REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hreg_public_moved_units();
CREATE TRIGGER robots_public_delete AFTER DELETE ON robots REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hreg_public_old_units();

CREATE TRIGGER components_public_insert AFTER INSERT ON components REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hreg_public_new_units();
CREATE TRIGGER components_public_update AFTER UPDATE ON components REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hreg_public_moved_units();
CREATE TRIGGER components_public_delete AFTER DELETE ON components REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hreg_public_old_units();

CREATE TRIGGER recall_units_public_insert AFTER INSERT ON recall_units REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hreg_public_new_units();
CREATE TRIGGER recall_units_public_update AFTER UPDATE ON recall_units REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hreg_public_moved_units();
CREATE TRIGGER recall_units_public_delete AFTER DELETE ON recall_units REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hreg_public_old_units();

-- A recall's text, flags or closing reach every unit it holds; its notifier's
-- bookkeeping (notified_version, updated_at alone) changes no public answer.
CREATE TRIGGER recalls_public_update AFTER UPDATE ON recalls FOR EACH ROW
  WHEN ((OLD.hazard, OLD.severity, OLD.remedy, OLD.stop_sale, OLD.stop_use, OLD.issued_at, OLD.closed_at)
        IS DISTINCT FROM (NEW.hazard, NEW.severity, NEW.remedy, NEW.stop_sale, NEW.stop_use, NEW.issued_at, NEW.closed_at))
  EXECUTE FUNCTION hreg_public_everything();
CREATE TRIGGER recalls_public_delete AFTER DELETE ON recalls FOR EACH STATEMENT EXECUTE FUNCTION hreg_public_everything();

-- A model's approval or names, a maker's names (not its counters or keys).
CREATE TRIGGER models_public_update AFTER UPDATE ON models FOR EACH ROW
  WHEN ((OLD.status, OLD.name, OLD.name_en) IS DISTINCT FROM (NEW.status, NEW.name, NEW.name_en))
  EXECUTE FUNCTION hreg_public_everything();
CREATE TRIGGER models_public_delete AFTER DELETE ON models FOR EACH STATEMENT EXECUTE FUNCTION hreg_public_everything();
CREATE TRIGGER participants_public_update AFTER UPDATE ON participants FOR EACH ROW
  WHEN ((OLD.name, OLD.name_en, OLD.enterprise_code) IS DISTINCT FROM (NEW.name, NEW.name_en, NEW.enterprise_code))
  EXECUTE FUNCTION hreg_public_everything();
CREATE TRIGGER participants_public_delete AFTER DELETE ON participants FOR EACH STATEMENT EXECUTE FUNCTION hreg_public_everything();
