-- Indexes found wanting by `shahr page-load` (10,000 organizations,
-- 50,000 events, 2,000 towns).
--
-- The calendar lists the events not yet over, earliest first: WHERE
-- ends_at > now ORDER BY starts_at, id LIMIT 200. On events_starts
-- (starts_at) alone, SQLite walks the index from the oldest event and reads
-- every past event's row to test its ends_at — 40,000 row lookups for a
-- page of 200 (about 95 ms of CPU a request). With ends_at in the index the
-- past events are skipped inside the index and only the page's rows are
-- read (4 ms). The index keeps its name and still serves every query that
-- used it, so it replaces the old one rather than standing beside it
-- (SQLite, without statistics, would go on choosing the narrower one).
DROP INDEX events_starts;
CREATE INDEX events_starts ON events (starts_at, ends_at);
