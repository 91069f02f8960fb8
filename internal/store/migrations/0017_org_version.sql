-- The organizations' version: one counter that internal/org moves on in
-- the transaction of every write to organizations. What the other modules
-- read most of organizations, names in their Persian order and map pins,
-- is kept in memory by the org service as read at one version, and a
-- request checks it by reading this one row instead of reading the names
-- of thousands of members again: a write through any server moves the
-- version for all of them.
CREATE TABLE org_version (
	id SMALLINT PRIMARY KEY CHECK (id = 1),
	n  BIGINT NOT NULL
);
INSERT INTO org_version (id, n) VALUES (1, 0);
