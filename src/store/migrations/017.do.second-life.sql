-- Across borders and into second life (issue #16, items 1–3 and 7):
-- importers acting for foreign makers, exports and re-imports, certified
-- remanufacture with lineage, and the regulator's public list of certified
-- recyclers and remanufacturers.

-- Two new statuses: `exported` (left the domestic market; a re-import brings
-- it back) and `remanufactured` (terminal: its successor carries on).
ALTER TABLE robots DROP CONSTRAINT robots_status_check;
ALTER TABLE robots ADD CONSTRAINT robots_status_check CHECK (status IN
  ('registered', 'in_use', 'deployed', 'in_service', 'decommissioned', 'recycling', 'scrapped', 'exported', 'remanufactured'));

-- The regulator's certifications: a recycler or remanufacturer is listed (may
-- take decommissioned units) while it holds an unrevoked certification. A
-- revocation is a new fact on the row (revoked_at), never a deletion; a
-- renewed certification is a new row.
CREATE TABLE certifications (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  participant_id uuid NOT NULL REFERENCES participants(id),
  role           text NOT NULL CHECK (role IN ('recycler', 'remanufacturer')),
  scope          text NOT NULL,
  province       text,
  certified_by   uuid REFERENCES participants(id),
  certified_at   timestamptz NOT NULL,
  revoked_at     timestamptz,
  revoked_reason text
);
CREATE UNIQUE INDEX certifications_active ON certifications (participant_id, role) WHERE revoked_at IS NULL;

-- Recyclers enrolled before certifications existed were enrolled by the
-- regulator with the role: they are listed as they were.
INSERT INTO certifications (participant_id, role, scope, certified_at)
SELECT id, 'recycler', 'humanoid robots', created_at FROM participants WHERE 'recycler' = ANY(roles);

-- An importer acts for a foreign maker only under the regulator's mandate.
CREATE TABLE import_mandates (
  importer_id uuid NOT NULL REFERENCES participants(id),
  maker_id    uuid NOT NULL REFERENCES participants(id),
  granted_by  uuid REFERENCES participants(id),
  granted_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  PRIMARY KEY (importer_id, maker_id)
);

-- Every customs crossing of a unit: its import (first entry or re-import) or
-- export, with the declaration number and the customs clearance date (an
-- import's reporting deadline runs from cleared_at).
CREATE TABLE customs_crossings (
  robot_code  char(29) NOT NULL REFERENCES robots(code),
  seq         integer NOT NULL,
  direction   text NOT NULL CHECK (direction IN ('import', 'export')),
  party_id    uuid NOT NULL REFERENCES participants(id),
  country     char(2) NOT NULL,
  declaration text NOT NULL,
  cleared_at  timestamptz NOT NULL,
  PRIMARY KEY (robot_code, seq)
);
CREATE INDEX customs_crossings_party ON customs_crossings (party_id, cleared_at);

-- Lineage: each predecessor is used by one remanufacture only (the primary
-- key refuses a second, even from a racing transaction).
CREATE TABLE remanufacture_lineage (
  predecessor char(29) PRIMARY KEY REFERENCES robots(code),
  successor   char(29) NOT NULL REFERENCES robots(code),
  seq         integer NOT NULL
);
CREATE INDEX remanufacture_lineage_successor ON remanufacture_lineage (successor);

-- A unit's lineage is part of its public answer (migration 013): rows are
-- written only with the robots they link, whose own triggers notify.
