-- Sister-city agreements (خواهرخواندگی) between two cities, inside Iran
-- or abroad, and the gazetteer of cities outside the installation that
-- agreements name. Calendar days (proposed, signed, ended, an activity's
-- day) are stored as Gregorian 'YYYY-MM-DD' text: they are days, not
-- instants, and sort as text on both engines.

-- Cities abroad (or in Iran but not organizations of this installation).
CREATE TABLE sister_cities (
	id         {{.ID}},
	name_fa    TEXT NOT NULL,
	name_en    TEXT NOT NULL,
	name_local TEXT NOT NULL DEFAULT '',
	local_lang TEXT NOT NULL DEFAULT '', -- a BCP 47 tag, or '' for none
	country    TEXT NOT NULL,            -- ISO 3166-1 alpha-2, checked in code
	population BIGINT NOT NULL DEFAULT 0, -- 0: unknown
	lat        {{.Float}},
	lon        {{.Float}},
	search_key TEXT NOT NULL,            -- persian.SearchKey of every name
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	UNIQUE (country, name_en)
);

CREATE TABLE sister_agreements (
	id             {{.ID}},
	pair_key       TEXT NOT NULL UNIQUE, -- the two parties, sorted: one agreement per pair
	status         TEXT NOT NULL CHECK (status IN ('proposed', 'negotiating', 'signed', 'active', 'dormant', 'ended')),
	proposed_on    TEXT,
	signed_on      TEXT,
	ended_on       TEXT,
	description_fa TEXT NOT NULL DEFAULT '',
	description_en TEXT NOT NULL DEFAULT '',
	created_by     BIGINT REFERENCES users (id),
	created_at     BIGINT NOT NULL,
	updated_at     BIGINT NOT NULL
);

-- Each agreement has exactly two parties (positions 1 and 2): an
-- organization of the installation or a gazetteer city.
CREATE TABLE sister_parties (
	agreement_id BIGINT NOT NULL REFERENCES sister_agreements (id) ON DELETE CASCADE,
	position     INTEGER NOT NULL CHECK (position IN (1, 2)),
	org_id       BIGINT REFERENCES organizations (id),
	city_id      BIGINT REFERENCES sister_cities (id),
	PRIMARY KEY (agreement_id, position),
	CHECK ((org_id IS NULL) <> (city_id IS NULL))
);
CREATE INDEX sister_parties_org ON sister_parties (org_id);
CREATE INDEX sister_parties_city ON sister_parties (city_id);

CREATE TABLE sister_areas (
	agreement_id BIGINT NOT NULL REFERENCES sister_agreements (id) ON DELETE CASCADE,
	area         TEXT NOT NULL CHECK (area IN ('culture', 'urban_planning', 'transport', 'environment', 'economy', 'tourism', 'education', 'health')),
	PRIMARY KEY (agreement_id, area)
);

-- Every status an agreement has had, the first included.
CREATE TABLE sister_status_history (
	id           {{.ID}},
	agreement_id BIGINT NOT NULL REFERENCES sister_agreements (id) ON DELETE CASCADE,
	status       TEXT NOT NULL,
	note         TEXT NOT NULL DEFAULT '',
	actor_id     BIGINT REFERENCES users (id),
	at           BIGINT NOT NULL
);
CREATE INDEX sister_status_history_agreement ON sister_status_history (agreement_id, id);

-- The signed text, memoranda and other papers, kept in the database so
-- that a backup holds them.
CREATE TABLE sister_documents (
	id           {{.ID}},
	agreement_id BIGINT NOT NULL REFERENCES sister_agreements (id) ON DELETE CASCADE,
	kind         TEXT NOT NULL CHECK (kind IN ('signed_text', 'memorandum', 'other')),
	title        TEXT NOT NULL DEFAULT '',
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
	size         BIGINT NOT NULL,
	sha256       TEXT NOT NULL,
	data         {{.Blob}} NOT NULL,
	uploaded_by  BIGINT REFERENCES users (id),
	at           BIGINT NOT NULL
);
CREATE INDEX sister_documents_agreement ON sister_documents (agreement_id, id);

-- People to talk to on either side (position: the party they belong to).
CREATE TABLE sister_contacts (
	id           {{.ID}},
	agreement_id BIGINT NOT NULL REFERENCES sister_agreements (id) ON DELETE CASCADE,
	position     INTEGER NOT NULL CHECK (position IN (1, 2)),
	name         TEXT NOT NULL,
	role         TEXT NOT NULL DEFAULT '',
	email        TEXT NOT NULL DEFAULT '',
	phone        TEXT NOT NULL DEFAULT '',
	created_at   BIGINT NOT NULL
);
CREATE INDEX sister_contacts_agreement ON sister_contacts (agreement_id, id);

-- What the two cities did together: visits, exchanges, joint events.
CREATE TABLE sister_activities (
	id             {{.ID}},
	agreement_id   BIGINT NOT NULL REFERENCES sister_agreements (id) ON DELETE CASCADE,
	kind           TEXT NOT NULL CHECK (kind IN ('visit', 'exchange', 'joint_event')),
	on_date        TEXT, -- NULL: the day is not known
	description_fa TEXT NOT NULL,
	description_en TEXT NOT NULL DEFAULT '',
	org_id         BIGINT REFERENCES organizations (id), -- the party that recorded it
	actor_id       BIGINT REFERENCES users (id),
	at             BIGINT NOT NULL
);
CREATE INDEX sister_activities_agreement ON sister_activities (agreement_id, on_date);
