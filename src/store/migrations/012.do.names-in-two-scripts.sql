-- Names in two scripts (issue #13): a participant's or model's official name
-- (any script, Chinese in practice) and an optional English or pinyin name,
-- each beside its comparison key (src/names/display-name.ts nameKey: the
-- canonical text of key components), so that a new participant's name is
-- checked against every enrolled one's and a search finds either name in any
-- width or case. The keys of rows from before this migration are filled by
-- the TypeScript definition in the same transaction (name-key-backfill.ts);
-- SQL never computes them.
ALTER TABLE participants ADD COLUMN name_en text;
ALTER TABLE participants ADD COLUMN name_key text NOT NULL DEFAULT '';
ALTER TABLE participants ADD COLUMN name_en_key text;
CREATE INDEX participants_name_key ON participants (name_key);
CREATE INDEX participants_name_en_key ON participants (name_en_key) WHERE name_en_key IS NOT NULL;

ALTER TABLE models ADD COLUMN name_en text;
ALTER TABLE models ADD COLUMN name_key text NOT NULL DEFAULT '';
ALTER TABLE models ADD COLUMN name_en_key text;
