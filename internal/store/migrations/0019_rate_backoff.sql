-- Failures in a row per key (a staff account at one address), for the
-- growing waits of internal/ratelimit's Backoff: the attempt after the
-- last failure may come at next_at; last_at lets old failures be forgotten
-- and pruned. Instants are milliseconds since the Unix epoch.
CREATE TABLE rate_backoff (
	key      TEXT PRIMARY KEY,
	failures INTEGER NOT NULL,
	next_at  BIGINT NOT NULL,
	last_at  BIGINT NOT NULL
);
