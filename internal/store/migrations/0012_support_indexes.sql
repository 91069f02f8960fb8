-- An index found wanting by `shahr page-load` on the support pages (a
-- cooperation organization with 2,000 towns and 4,000 indicator records).
--
-- Every ranking reads each town of the organization with its newest
-- indicators: the town's row (coop_id = ? AND town_id = ?) for which no
-- row of the same town is newer (a later as_of, or the same as_of and a
-- higher id). support_indicators had no index leading with coop_id, so
-- the ranking read the organization's whole history, in SQL and in Go.
-- With (coop_id, town_id, as_of, id) SQLite finds a town's rows and
-- answers "is there a newer one" inside the index, and PostgreSQL can
-- choose it over hashing the table. A town's history (coop_id = ? AND
-- town_id = ? ORDER BY as_of DESC, id DESC) is read from it too, so it
-- replaces the town-first index, which no query used without coop_id.
--
-- The open needs counted beside it (the organization's visits, by
-- support_visits_coop, then their findings, by support_findings_visit)
-- and the lists of visits and projects (support_visits_coop,
-- support_projects_coop) already have theirs.
DROP INDEX support_indicators_town;
CREATE INDEX support_indicators_coop ON support_indicators (coop_id, town_id, as_of, id);
