-- Events of the networks of cities: exhibitions, summits, an assembly's
-- general and board sessions, seminars and training courses; their
-- organizers, an exhibition's exhibitors, registrations with capacity and
-- per-organization quotas, attendance, and materials.

CREATE TABLE events (
	id             {{.ID}},
	kind           TEXT NOT NULL CHECK (kind IN ('exhibition', 'summit', 'general_session', 'board_session', 'seminar', 'training_course')),
	title_fa       TEXT NOT NULL,
	title_en       TEXT NOT NULL DEFAULT '',
	description_fa TEXT NOT NULL DEFAULT '',
	description_en TEXT NOT NULL DEFAULT '',
	-- The host city: an organization of the installation, or else a name.
	host_org_id    BIGINT REFERENCES organizations (id),
	host_city      TEXT NOT NULL DEFAULT '',
	venue          TEXT NOT NULL DEFAULT '',
	starts_at      BIGINT NOT NULL,
	ends_at        BIGINT NOT NULL,
	status         TEXT NOT NULL CHECK (status IN ('planned', 'open', 'closed', 'held', 'cancelled')),
	capacity       BIGINT NOT NULL DEFAULT 0 CHECK (capacity >= 0),  -- 0: no limit
	org_quota      BIGINT NOT NULL DEFAULT 0 CHECK (org_quota >= 0), -- 0: no limit per organization
	-- Bumped by every registration and cancellation: the update takes the
	-- event's row lock, so that concurrent registrations count one after
	-- another on PostgreSQL (SQLite has one writer anyway).
	seat_changes   BIGINT NOT NULL DEFAULT 0,
	created_at     BIGINT NOT NULL,
	updated_at     BIGINT NOT NULL,
	CHECK (ends_at > starts_at)
);
CREATE INDEX events_starts ON events (starts_at);

-- The organizations that run an event; position 0 is the owner, whose
-- staff manage it.
CREATE TABLE event_organizers (
	event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	org_id   BIGINT NOT NULL REFERENCES organizations (id),
	position BIGINT NOT NULL,
	PRIMARY KEY (event_id, org_id),
	UNIQUE (event_id, position)
);
CREATE INDEX event_organizers_org ON event_organizers (org_id);

-- An exhibition's exhibitors and what each shows.
CREATE TABLE event_exhibitors (
	id          {{.ID}},
	event_id    BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	org_id      BIGINT NOT NULL REFERENCES organizations (id),
	showcase_fa TEXT NOT NULL,
	showcase_en TEXT NOT NULL DEFAULT '',
	UNIQUE (event_id, org_id)
);

-- People an organization sends to an event.
CREATE TABLE event_registrations (
	id            {{.ID}},
	event_id      BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	org_id        BIGINT NOT NULL REFERENCES organizations (id),
	name          TEXT NOT NULL,
	role          TEXT NOT NULL DEFAULT '',
	email         TEXT NOT NULL DEFAULT '',
	phone         TEXT NOT NULL DEFAULT '',
	attended      BOOLEAN NOT NULL DEFAULT FALSE,
	registered_by BIGINT REFERENCES users (id),
	created_at    BIGINT NOT NULL,
	cancelled_at  BIGINT
);
CREATE INDEX event_registrations_event ON event_registrations (event_id, org_id);

-- Materials: a file kept in the database (so a backup holds it) or a link.
CREATE TABLE event_materials (
	id           {{.ID}},
	event_id     BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	title_fa     TEXT NOT NULL,
	title_en     TEXT NOT NULL DEFAULT '',
	url          TEXT NOT NULL DEFAULT '',
	name         TEXT NOT NULL DEFAULT '',
	content_type TEXT CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
	size         BIGINT NOT NULL DEFAULT 0,
	sha256       TEXT NOT NULL DEFAULT '',
	data         {{.Blob}},
	uploaded_by  BIGINT REFERENCES users (id),
	at           BIGINT NOT NULL,
	CHECK ((data IS NULL) = (url <> ''))
);
CREATE INDEX event_materials_event ON event_materials (event_id, id);
