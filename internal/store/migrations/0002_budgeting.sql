-- Participatory budgeting ("I am Mayor"): processes with phases, headings
-- (one budget per district or neighbourhood), categories, proposals and
-- ballots. Money is BIGINT rials. Instants are BIGINT milliseconds (UTC).

CREATE TABLE budget_processes (
	id             {{.ID}},
	org_id         BIGINT NOT NULL REFERENCES organizations (id),
	slug           TEXT NOT NULL UNIQUE,
	title_fa       TEXT NOT NULL,
	title_en       TEXT NOT NULL DEFAULT '',
	description_fa TEXT NOT NULL DEFAULT '',
	description_en TEXT NOT NULL DEFAULT '',
	rule           TEXT NOT NULL,        -- a pabulib META rule: greedy, equalshares/add1, ...
	ballot_kind    TEXT NOT NULL CHECK (ballot_kind IN ('approval', 'k-approval', 'cumulative', 'ordinal')),
	min_choices    INTEGER NOT NULL DEFAULT 0,
	max_choices    INTEGER NOT NULL DEFAULT 0,  -- 0: no limit (approval within the budget)
	max_points     INTEGER NOT NULL DEFAULT 0,  -- cumulative: the points a voter spreads
	eligibility    TEXT NOT NULL CHECK (eligibility IN ('signed_in', 'resident')),
	heading_scope  TEXT NOT NULL CHECK (heading_scope IN ('own', 'own_plus_one', 'all')),
	created_at     BIGINT NOT NULL,
	updated_at     BIGINT NOT NULL
);
CREATE INDEX budget_processes_org ON budget_processes (org_id);

-- A process's phases; a skipped phase has no row.
CREATE TABLE budget_phases (
	process_id BIGINT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
	phase      TEXT NOT NULL CHECK (phase IN ('information', 'proposals', 'review', 'voting', 'results', 'implementation')),
	starts_at  BIGINT NOT NULL,
	ends_at    BIGINT NOT NULL,
	PRIMARY KEY (process_id, phase),
	CHECK (ends_at > starts_at)
);

CREATE TABLE budget_headings (
	id         {{.ID}},
	process_id BIGINT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
	area_id    BIGINT REFERENCES organizations (id), -- the district or neighbourhood whose residents vote
	name_fa    TEXT NOT NULL,
	name_en    TEXT NOT NULL DEFAULT '',
	budget     BIGINT NOT NULL CHECK (budget > 0),
	position   INTEGER NOT NULL DEFAULT 0,
	ballot_seq BIGINT NOT NULL DEFAULT 0,  -- ballots logged; bumping it locks the heading's log
	last_hash  TEXT NOT NULL DEFAULT '',   -- the newest log entry's hash
	UNIQUE (process_id, name_fa)
);

CREATE TABLE budget_categories (
	id      {{.ID}},
	slug    TEXT NOT NULL UNIQUE,
	name_fa TEXT NOT NULL,
	name_en TEXT NOT NULL
);

CREATE TABLE budget_proposals (
	id             {{.ID}},
	process_id     BIGINT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
	heading_id     BIGINT NOT NULL REFERENCES budget_headings (id),
	author_id      BIGINT NOT NULL REFERENCES users (id),
	on_behalf_of   TEXT NOT NULL DEFAULT '',  -- a group: workers of a factory, an NGO, a school
	category_id    BIGINT NOT NULL REFERENCES budget_categories (id),
	title          TEXT NOT NULL,
	description    TEXT NOT NULL,
	search_key     TEXT NOT NULL,             -- normalized title and description
	estimated_cost BIGINT NOT NULL CHECK (estimated_cost > 0),
	final_cost     BIGINT CHECK (final_cost > 0), -- set by the municipality at review
	status         TEXT NOT NULL CHECK (status IN ('submitted', 'feasible', 'infeasible', 'merged', 'hidden')),
	review_reason  TEXT NOT NULL DEFAULT '',
	merged_into    BIGINT REFERENCES budget_proposals (id),
	lat            {{.Float}},
	lon            {{.Float}},
	created_at     BIGINT NOT NULL,
	updated_at     BIGINT NOT NULL
);
CREATE INDEX budget_proposals_heading ON budget_proposals (heading_id, status);

-- One ballot per voter and heading: the database enforces it, so that
-- concurrent submissions from several servers leave exactly one. A
-- changed ballot replaces its row; the log below keeps every version.
-- Paper ballots have no voter account (voter_id NULL).
CREATE TABLE budget_ballots (
	id         {{.ID}},
	heading_id BIGINT NOT NULL REFERENCES budget_headings (id),
	voter_id   BIGINT REFERENCES users (id),
	choices    TEXT NOT NULL,   -- proposal ids in the voter's order; "id:points" for cumulative
	total_cost BIGINT NOT NULL,
	receipt    TEXT NOT NULL UNIQUE,
	paper      BOOLEAN NOT NULL DEFAULT FALSE,
	cast_at    BIGINT NOT NULL,
	UNIQUE (heading_id, voter_id)
);

-- The ballot log: every accepted ballot in order, each entry hashing the
-- one before it, so anyone can check the published chain.
CREATE TABLE budget_ballot_log (
	id           {{.ID}},
	heading_id   BIGINT NOT NULL REFERENCES budget_headings (id),
	receipt_hash TEXT NOT NULL,
	choices      TEXT NOT NULL,
	prev_hash    TEXT NOT NULL,
	hash         TEXT NOT NULL UNIQUE,
	at           BIGINT NOT NULL
);
CREATE INDEX budget_ballot_log_heading ON budget_ballot_log (heading_id, id);

INSERT INTO budget_categories (slug, name_fa, name_en) VALUES
	('civil-works', 'عمرانی', 'Civil works'),
	('cultural', 'فرهنگی', 'Cultural'),
	('urban-services', 'خدمات شهری', 'Urban services'),
	('sports', 'ورزشی', 'Sports'),
	('environment', 'محیط زیست', 'Environment'),
	('transport', 'حمل‌ونقل', 'Transport'),
	('health', 'سلامت', 'Health'),
	('social', 'اجتماعی', 'Social');
