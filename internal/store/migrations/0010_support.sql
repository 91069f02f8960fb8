-- Support to less-developed towns: a provincial cooperation organization's
-- towns (its child municipalities), their indicators over time, visits
-- with reports, findings and follow-up actions, joint investment projects
-- with partners' capital shares, and the weights of the priority score.
-- Days (as-of, planned, due) are stored as the instant the day starts in
-- Tehran.

-- Indicators are appended, never changed: the newest as_of (then id) is
-- the town's current state, the rest its history.
CREATE TABLE support_indicators (
	id              {{.ID}},
	coop_id         BIGINT NOT NULL REFERENCES organizations (id),
	town_id         BIGINT NOT NULL REFERENCES organizations (id),
	as_of           BIGINT NOT NULL,
	population      BIGINT,               -- NULL when unknown
	tier            TEXT NOT NULL CHECK (tier IN ('less_developed', 'developing', 'developed')),
	revenue_sources TEXT NOT NULL DEFAULT '',
	staff_count     BIGINT,               -- NULL when unknown
	recorded_by     BIGINT REFERENCES users (id), -- NULL: the demo loader
	recorded_at     BIGINT NOT NULL
);
CREATE INDEX support_indicators_town ON support_indicators (town_id, as_of, id);

-- The weights of the priority score, per cooperation organization; a
-- missing row means the defaults.
CREATE TABLE support_weights (
	coop_id    BIGINT PRIMARY KEY REFERENCES organizations (id),
	tier       BIGINT NOT NULL,
	needs      BIGINT NOT NULL,
	small      BIGINT NOT NULL,
	staff      BIGINT NOT NULL,
	updated_by BIGINT REFERENCES users (id), -- NULL: the demo loader
	updated_at BIGINT NOT NULL
);

CREATE TABLE support_visits (
	id         {{.ID}},
	coop_id    BIGINT NOT NULL REFERENCES organizations (id),
	town_id    BIGINT NOT NULL REFERENCES organizations (id),
	planned_on BIGINT NOT NULL,
	purpose    TEXT NOT NULL,
	status     TEXT NOT NULL CHECK (status IN ('planned', 'done', 'cancelled')),
	visited_on BIGINT,                   -- the report's date; NULL before it
	summary    TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL
);
CREATE INDEX support_visits_coop ON support_visits (coop_id, planned_on);

CREATE TABLE support_participants (
	id       {{.ID}},
	visit_id BIGINT NOT NULL REFERENCES support_visits (id) ON DELETE CASCADE,
	name     TEXT NOT NULL,
	role     TEXT NOT NULL CHECK (role IN ('mayor', 'council_member', 'org_staff', 'town_staff', 'other'))
);
CREATE INDEX support_participants_visit ON support_participants (visit_id, id);

-- What a visit found; open until staff mark it addressed.
CREATE TABLE support_findings (
	id          {{.ID}},
	visit_id    BIGINT NOT NULL REFERENCES support_visits (id) ON DELETE CASCADE,
	town_id     BIGINT NOT NULL REFERENCES organizations (id),
	kind        TEXT NOT NULL CHECK (kind IN ('need', 'problem', 'capacity', 'potential')),
	category    TEXT NOT NULL CHECK (category IN ('revenue', 'infrastructure', 'services', 'tourism', 'environment', 'management')),
	priority    TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
	body        TEXT NOT NULL,
	addressed   BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX support_findings_town ON support_findings (town_id, kind);
CREATE INDEX support_findings_visit ON support_findings (visit_id, id);

CREATE TABLE support_actions (
	id         {{.ID}},
	visit_id   BIGINT NOT NULL REFERENCES support_visits (id) ON DELETE CASCADE,
	title      TEXT NOT NULL,
	owner      TEXT NOT NULL,
	due_on     BIGINT NOT NULL,
	status     TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done')),
	updated_at BIGINT NOT NULL
);
CREATE INDEX support_actions_visit ON support_actions (visit_id, id);

CREATE TABLE support_projects (
	id               {{.ID}},
	coop_id          BIGINT NOT NULL REFERENCES organizations (id),
	town_id          BIGINT NOT NULL REFERENCES organizations (id),
	title            TEXT NOT NULL,
	description      TEXT NOT NULL DEFAULT '',
	status           TEXT NOT NULL CHECK (status IN ('idea', 'study', 'approved', 'under_construction', 'operating', 'stopped')),
	expected_revenue BIGINT NOT NULL,    -- rials a year
	created_at       BIGINT NOT NULL,
	updated_at       BIGINT NOT NULL
);
CREATE INDEX support_projects_town ON support_projects (town_id, id);
CREATE INDEX support_projects_coop ON support_projects (coop_id, id);

-- Capital shares in hundredths of a percent: a project's sum to 10000.
CREATE TABLE support_partners (
	project_id BIGINT NOT NULL REFERENCES support_projects (id) ON DELETE CASCADE,
	org_id     BIGINT NOT NULL REFERENCES organizations (id),
	share      BIGINT NOT NULL CHECK (share > 0 AND share <= 10000),
	PRIMARY KEY (project_id, org_id)
);

CREATE TABLE support_stages (
	id         {{.ID}},
	project_id BIGINT NOT NULL REFERENCES support_projects (id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	planned_on BIGINT NOT NULL,
	done       BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX support_stages_project ON support_stages (project_id, planned_on, id);

CREATE TABLE support_documents (
	id           {{.ID}},
	project_id   BIGINT NOT NULL REFERENCES support_projects (id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
	size         BIGINT NOT NULL,
	sha256       TEXT NOT NULL,
	data         {{.Blob}} NOT NULL,
	uploaded_by  BIGINT REFERENCES users (id), -- NULL: the demo loader
	at           BIGINT NOT NULL
);
CREATE INDEX support_documents_project ON support_documents (project_id, id);
