-- Foundation: people, sessions, one-time codes, rate counters, the
-- organization tree, grants, residence, the audit log, settings, places.
-- Instants are BIGINT milliseconds since the Unix epoch (UTC).
-- This file is a text/template rendered per dialect (see migrate.go).

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE users (
	id            {{.ID}},
	name          TEXT NOT NULL DEFAULT '',
	phone         TEXT UNIQUE,          -- canonical 09xxxxxxxxx
	email         TEXT UNIQUE,          -- lower-cased
	password_hash TEXT,                 -- argon2id, PHC string
	national_id   TEXT UNIQUE,          -- 10 ASCII digits, checked
	is_superuser  BOOLEAN NOT NULL DEFAULT FALSE,
	blocked_at    BIGINT,
	created_at    BIGINT NOT NULL,
	updated_at    BIGINT NOT NULL,
	CHECK (phone IS NOT NULL OR email IS NOT NULL)
);

CREATE TABLE sessions (
	id           {{.ID}},
	token_hash   TEXT NOT NULL UNIQUE,  -- SHA-256 of the cookie token; the token itself is never stored
	user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	method       TEXT NOT NULL CHECK (method IN ('otp', 'password')),
	ip           TEXT NOT NULL DEFAULT '',
	user_agent   TEXT NOT NULL DEFAULT '',
	created_at   BIGINT NOT NULL,
	last_seen_at BIGINT NOT NULL,
	expires_at   BIGINT NOT NULL,
	revoked_at   BIGINT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE otp_codes (
	id         {{.ID}},
	phone      TEXT NOT NULL,
	code_hash  TEXT NOT NULL,           -- HMAC of phone and code under a server key
	attempts   INTEGER NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	used_at    BIGINT,
	voided_at  BIGINT                   -- replaced by a newer code
);
CREATE INDEX otp_codes_phone ON otp_codes (phone, id);

CREATE TABLE rate_counters (
	key          TEXT NOT NULL,
	window_start BIGINT NOT NULL,
	count        INTEGER NOT NULL,
	PRIMARY KEY (key, window_start)
);

CREATE TABLE organizations (
	id             {{.ID}},
	slug           TEXT NOT NULL UNIQUE,
	kind           TEXT NOT NULL CHECK (kind IN ('municipality', 'district', 'sub_district', 'neighbourhood',
	                 'city_council', 'association', 'cooperation_org', 'company')),
	parent_id      BIGINT REFERENCES organizations (id),
	path           TEXT NOT NULL,        -- ancestor ids and its own: /1/5/23/
	name_fa        TEXT NOT NULL,
	name_en        TEXT NOT NULL DEFAULT '',
	name_key       TEXT NOT NULL,        -- Persian search key of name_fa
	description_fa TEXT NOT NULL DEFAULT '',
	description_en TEXT NOT NULL DEFAULT '',
	website        TEXT NOT NULL DEFAULT '',
	population     BIGINT,
	geometry       TEXT,                 -- GeoJSON geometry
	created_at     BIGINT NOT NULL,
	updated_at     BIGINT NOT NULL
);
CREATE INDEX organizations_parent ON organizations (parent_id, kind, id);
CREATE INDEX organizations_path ON organizations (path{{.PrefixOps}});
CREATE UNIQUE INDEX organizations_sibling_name ON organizations (coalesce(parent_id, 0), name_key);

CREATE TABLE grants (
	id         {{.ID}},
	user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	org_id     BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	role       TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'reviewer', 'secretariat', 'viewer')),
	granted_by BIGINT REFERENCES users (id),
	created_at BIGINT NOT NULL,
	UNIQUE (user_id, org_id, role)
);
CREATE INDEX grants_org ON grants (org_id);

CREATE TABLE residences (
	id         {{.ID}},
	user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	org_id     BIGINT NOT NULL REFERENCES organizations (id),
	source     TEXT NOT NULL CHECK (source IN ('staff', 'census')),
	granted_by BIGINT REFERENCES users (id),
	created_at BIGINT NOT NULL,
	revoked_at BIGINT
);
-- A person has at most one verified residence at a time.
CREATE UNIQUE INDEX residences_current ON residences (user_id) WHERE revoked_at IS NULL;
CREATE INDEX residences_org ON residences (org_id);

CREATE TABLE audit_log (
	id         {{.ID}},
	at         BIGINT NOT NULL,
	actor_id   BIGINT,                   -- no foreign key: the log outlives what it records
	org_id     BIGINT,
	org_path   TEXT NOT NULL DEFAULT '', -- so a parent's admins read their children's entries
	action     TEXT NOT NULL,
	entity     TEXT NOT NULL,
	entity_id  TEXT NOT NULL,
	before     TEXT,                     -- JSON of the record before, NULL on create
	after      TEXT,                     -- JSON of the record after, NULL on delete
	request_id TEXT NOT NULL DEFAULT '',
	ip         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_org_path ON audit_log (org_path{{.PrefixOps}}, id);
{{if .SQLite -}}
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
{{- else -}}
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
{{- end}}

-- The gazetteer: reference places imported with `shahr import geo`.
CREATE TABLE places (
	id          {{.ID}},
	kind        TEXT NOT NULL CHECK (kind IN ('province', 'county', 'city', 'city_district', 'neighbourhood')),
	code        TEXT NOT NULL,           -- official code, or a derived stable key
	parent_code TEXT NOT NULL DEFAULT '',
	name_fa     TEXT NOT NULL,
	name_en     TEXT NOT NULL DEFAULT '',
	name_key    TEXT NOT NULL,
	lat         {{.Float}},
	lon         {{.Float}},
	geometry    TEXT,
	source      TEXT NOT NULL,
	UNIQUE (kind, code)
);
CREATE INDEX places_name_key ON places (name_key);
CREATE INDEX places_parent ON places (kind, parent_code);
