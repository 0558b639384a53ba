-- Software-defined robots (issue #15, items 1–3): the software versions a
-- maker files per model, the regulator's block and unblock decisions (each a
-- new row, never an edit), OTA campaigns filed before they ship and the units
-- each one reaches, a unit's installed version, and a recall's OTA remedy.

-- A version is known by its canonical key (software/version-id.ts): "V1.2.0",
-- "1.2.0" and "１.２.０" are one version, so a maker cannot file it twice or
-- report it under another spelling.
CREATE TABLE software_versions (
  enterprise_code char(4) NOT NULL,
  model_code      char(6) NOT NULL,
  version_key     text NOT NULL,
  version         text NOT NULL,
  identifier      text NOT NULL,
  released_on     date NOT NULL,
  changes         text NOT NULL,
  safety_relevant boolean NOT NULL,
  sha256          char(64) NOT NULL,
  -- blocked mirrors the latest decision (software_version_decisions) so a read is one row.
  blocked         boolean NOT NULL DEFAULT false,
  filed_by        uuid NOT NULL REFERENCES participants(id),
  filed_at        timestamptz NOT NULL,
  PRIMARY KEY (enterprise_code, model_code, version_key),
  FOREIGN KEY (enterprise_code, model_code) REFERENCES models(enterprise_code, model_code)
);

CREATE TABLE software_version_decisions (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_code char(4) NOT NULL,
  model_code      char(6) NOT NULL,
  version_key     text NOT NULL,
  action          text NOT NULL CHECK (action IN ('blocked', 'unblocked')),
  reason          text NOT NULL,
  decided_by      uuid NOT NULL REFERENCES participants(id),
  decided_at      timestamptz NOT NULL,
  FOREIGN KEY (enterprise_code, model_code, version_key) REFERENCES software_versions(enterprise_code, model_code, version_key)
);
CREATE INDEX software_version_decisions_version ON software_version_decisions (enterprise_code, model_code, version_key);

-- The installed version's key; NULL where none was ever reported.
ALTER TABLE robots ADD COLUMN software_version text;

CREATE TABLE ota_campaigns (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  issuer_id       uuid NOT NULL REFERENCES participants(id),
  enterprise_code char(4) NOT NULL,
  models          text[] NOT NULL,
  from_versions   text[] NOT NULL,
  to_version      text NOT NULL,
  scope           jsonb NOT NULL,
  safety_relevant boolean NOT NULL,
  safety_summary  text NOT NULL,
  planned_start   timestamptz NOT NULL,
  filed_at        timestamptz NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by uuid REFERENCES participants(id)
);
CREATE INDEX ota_campaigns_enterprise ON ota_campaigns (enterprise_code, filed_at);

-- As recall_units (migration 007): inserted only by the campaign resolver from
-- a SELECT on robots in the campaign's own transaction, so no foreign keys.
CREATE TABLE campaign_units (
  campaign_id  uuid NOT NULL,
  robot_code   char(29) NOT NULL,
  updated_seq  integer,
  PRIMARY KEY (campaign_id, robot_code)
);
CREATE INDEX campaign_units_robot ON campaign_units (robot_code);

ALTER TABLE recalls ADD COLUMN campaign_id uuid REFERENCES ota_campaigns(id);

-- Public answers show a unit's version and whether it is current (migration
-- 013): a filing changes which version is current for every unit of the model,
-- a block or unblock changes market access of every unit running it.
CREATE TRIGGER software_versions_public_insert AFTER INSERT ON software_versions FOR EACH STATEMENT
  EXECUTE FUNCTION hreg_public_everything();
CREATE TRIGGER software_versions_public_update AFTER UPDATE ON software_versions FOR EACH ROW
  WHEN (OLD.blocked IS DISTINCT FROM NEW.blocked)
  EXECUTE FUNCTION hreg_public_everything();
