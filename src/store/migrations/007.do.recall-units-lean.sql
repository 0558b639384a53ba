-- Issuing a recall writes one recall_units row per affected unit (200,000 in
-- the benchmark). Its foreign keys cost a lookup per row (about 3 s of 6.6 s)
-- and guard nothing: rows are only ever inserted by resolveScope, from a
-- SELECT on robots, for a recall of the same transaction, and robots and
-- recalls are never deleted. Of the secondary indexes only recall_units_robot
-- (a unit's recalls) is needed: the notifier walks a recall's units in primary
-- key order (recall_id, robot_code), skipping those already told.
ALTER TABLE recall_units DROP CONSTRAINT recall_units_recall_id_fkey;
ALTER TABLE recall_units DROP CONSTRAINT recall_units_robot_code_fkey;
DROP INDEX recall_units_pending;
DROP INDEX recall_units_notify;
