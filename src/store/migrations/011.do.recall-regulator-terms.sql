-- The recall terms the regulator set (issue #11): only the regulator lowers
-- or lifts them, and an issuer may not close a recall the regulator escalated.
-- Names are those of the API (scope, hazard, severity, remedy, stopSale,
-- stopUse); an ordered recall's terms are all the regulator's.
ALTER TABLE recalls ADD COLUMN regulator_terms text[] NOT NULL DEFAULT '{}';
UPDATE recalls SET regulator_terms = '{scope,hazard,severity,remedy,stopSale,stopUse}' WHERE kind = 'ordered';
