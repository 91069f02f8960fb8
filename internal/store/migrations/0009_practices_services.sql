-- The library of good practices that member organizations share, and the
-- catalog of the services each municipality or district offers its
-- citizens. Texts are Persian, with an optional English version beside
-- each. search_key holds persian.SearchKey of the searchable texts, one
-- key per text joined by spaces, so that searches match across spellings
-- (ي/ی, ك/ک, digits, half-spaces) but never across two texts.
-- Instants are BIGINT milliseconds (UTC).

CREATE TABLE practices (
	id               {{.ID}},
	org_id           BIGINT NOT NULL REFERENCES organizations (id), -- the city (or district) that shares it
	title_fa         TEXT NOT NULL,
	title_en         TEXT NOT NULL DEFAULT '',
	problem_fa       TEXT NOT NULL,
	problem_en       TEXT NOT NULL DEFAULT '',
	action_fa        TEXT NOT NULL,  -- what was done
	action_en        TEXT NOT NULL DEFAULT '',
	results_fa       TEXT NOT NULL DEFAULT '',
	results_en       TEXT NOT NULL DEFAULT '',
	commission       TEXT NOT NULL DEFAULT '', -- an association commission's name, a plain tag
	commission_key   TEXT NOT NULL DEFAULT '',
	contact_name     TEXT NOT NULL DEFAULT '',
	contact_email    TEXT NOT NULL DEFAULT '',
	contact_phone    TEXT NOT NULL DEFAULT '',
	status           TEXT NOT NULL CHECK (status IN ('draft', 'published', 'unpublished')),
	unpublish_reason TEXT NOT NULL DEFAULT '',
	title_key        TEXT NOT NULL,
	search_key       TEXT NOT NULL,
	created_by       BIGINT NOT NULL DEFAULT 0,
	created_at       BIGINT NOT NULL,
	updated_at       BIGINT NOT NULL,
	published_at     BIGINT,
	UNIQUE (org_id, title_key)
);
CREATE INDEX practices_status ON practices (status, id);

-- A practice's free topic tags; tag_key is the tag's search key, so that
-- two spellings of one tag group together.
CREATE TABLE practice_tags (
	practice_id BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
	tag         TEXT NOT NULL,
	tag_key     TEXT NOT NULL,
	PRIMARY KEY (practice_id, tag_key)
);
CREATE INDEX practice_tags_key ON practice_tags (tag_key);

CREATE TABLE municipal_services (
	id             {{.ID}},
	org_id         BIGINT NOT NULL REFERENCES organizations (id),
	category       TEXT NOT NULL CHECK (category IN ('permits', 'urban', 'transport', 'culture', 'sports', 'environment', 'social', 'taxes', 'other')),
	title_fa       TEXT NOT NULL,
	title_en       TEXT NOT NULL DEFAULT '',
	description_fa TEXT NOT NULL,
	description_en TEXT NOT NULL DEFAULT '',
	eligibility_fa TEXT NOT NULL DEFAULT '', -- who can use it
	eligibility_en TEXT NOT NULL DEFAULT '',
	steps_fa       TEXT NOT NULL DEFAULT '', -- how to apply, one step a line
	steps_en       TEXT NOT NULL DEFAULT '',
	online_url     TEXT NOT NULL DEFAULT '',
	address_fa     TEXT NOT NULL DEFAULT '',
	address_en     TEXT NOT NULL DEFAULT '',
	hours_fa       TEXT NOT NULL DEFAULT '',
	hours_en       TEXT NOT NULL DEFAULT '',
	phone          TEXT NOT NULL DEFAULT '',
	fees_fa        TEXT NOT NULL DEFAULT '',
	fees_en        TEXT NOT NULL DEFAULT '',
	title_key      TEXT NOT NULL,
	search_key     TEXT NOT NULL,
	retired_at     BIGINT, -- no longer offered; kept for the record
	created_at     BIGINT NOT NULL,
	updated_at     BIGINT NOT NULL,
	UNIQUE (org_id, title_key)
);
CREATE INDEX municipal_services_org ON municipal_services (org_id, category);
