-- The health check's write probe: GET /healthz writes this one row (at most
-- every few seconds), so that a server whose database refuses writes (a
-- full disk, a read-only file or transaction mode) answers 503 and the
-- load balancer stops sending it ballots it could not store.
CREATE TABLE health_probe (
	id         SMALLINT PRIMARY KEY CHECK (id = 1),
	checked_at BIGINT NOT NULL
);
