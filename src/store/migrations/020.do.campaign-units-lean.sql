-- Filing a campaign writes one campaign_units row per unit it reaches (200,000
-- in the benchmark, in the filing's one transaction). No query reads
-- campaign_units by robot code alone: reports find their row by the primary key
-- (campaign_id, robot_code), progress reads a campaign's rows, so the second
-- index only cost a write per row (about a third of the filing under load).
DROP INDEX campaign_units_robot;
