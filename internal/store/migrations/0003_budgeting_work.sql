-- The work around a budgeting process: citizens' supports and flags,
-- reviewers' internal comments, files attached to proposals, notifications
-- to people, paper ballots entered twice, and the implementation of the
-- winning projects.

ALTER TABLE budget_proposals ADD COLUMN support_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE budget_proposals ADD COLUMN hidden_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX budget_proposals_process ON budget_proposals (process_id, id);

-- One support per person and proposal; support_count mirrors the count
-- so that lists sort by it without a join.
CREATE TABLE budget_supports (
	proposal_id BIGINT NOT NULL REFERENCES budget_proposals (id) ON DELETE CASCADE,
	user_id     BIGINT NOT NULL REFERENCES users (id),
	at          BIGINT NOT NULL,
	PRIMARY KEY (proposal_id, user_id)
);

-- Citizens' reports of a proposal that breaks the rules.
CREATE TABLE budget_flags (
	id          {{.ID}},
	proposal_id BIGINT NOT NULL REFERENCES budget_proposals (id) ON DELETE CASCADE,
	reporter_id BIGINT NOT NULL REFERENCES users (id),
	reason      TEXT NOT NULL,
	at          BIGINT NOT NULL,
	resolved_at BIGINT,
	UNIQUE (proposal_id, reporter_id)
);

-- Comments between reviewers; never shown to citizens.
CREATE TABLE budget_review_comments (
	id          {{.ID}},
	proposal_id BIGINT NOT NULL REFERENCES budget_proposals (id) ON DELETE CASCADE,
	author_id   BIGINT NOT NULL REFERENCES users (id),
	body        TEXT NOT NULL,
	at          BIGINT NOT NULL
);
CREATE INDEX budget_review_comments_proposal ON budget_review_comments (proposal_id, id);

-- Images and PDFs attached to a proposal (or, with milestone_id, photos of
-- a project's progress), kept in the database so a backup holds them.
CREATE TABLE budget_attachments (
	id           {{.ID}},
	proposal_id  BIGINT NOT NULL REFERENCES budget_proposals (id) ON DELETE CASCADE,
	milestone_id BIGINT,
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
	size         BIGINT NOT NULL,
	sha256       TEXT NOT NULL,
	data         {{.Blob}} NOT NULL,
	uploaded_by  BIGINT NOT NULL REFERENCES users (id),
	at           BIGINT NOT NULL
);
CREATE INDEX budget_attachments_proposal ON budget_attachments (proposal_id, id);

-- Messages to a person, shown on their notifications page (and also sent
-- by SMS when the person has a mobile number).
CREATE TABLE notifications (
	id         {{.ID}},
	user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	text_fa    TEXT NOT NULL,
	text_en    TEXT NOT NULL,
	link       TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	read_at    BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, id);

-- Paper ballots, entered twice: the first entry waits until a second
-- staff member enters the same numbered sheet. Equal entries make one
-- paper ballot; different ones are kept as a mismatch for the booth's
-- supervisor to settle by entering the sheet again.
CREATE TABLE budget_paper_entries (
	id           {{.ID}},
	heading_id   BIGINT NOT NULL REFERENCES budget_headings (id),
	serial       TEXT NOT NULL,  -- the number printed on the sheet
	choices      TEXT NOT NULL,
	entered_by   BIGINT NOT NULL REFERENCES users (id),
	confirmed_by BIGINT REFERENCES users (id),
	status       TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'mismatch')),
	receipt      TEXT,
	at           BIGINT NOT NULL,
	UNIQUE (heading_id, serial)
);

-- A winning project's implementation.
CREATE TABLE budget_projects (
	proposal_id BIGINT PRIMARY KEY REFERENCES budget_proposals (id) ON DELETE CASCADE,
	status      TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
	progress    INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
	spent       BIGINT NOT NULL DEFAULT 0 CHECK (spent >= 0),
	updated_at  BIGINT NOT NULL
);

CREATE TABLE budget_milestones (
	id          {{.ID}},
	proposal_id BIGINT NOT NULL REFERENCES budget_projects (proposal_id) ON DELETE CASCADE,
	title_fa    TEXT NOT NULL,
	title_en    TEXT NOT NULL DEFAULT '',
	on_date     BIGINT NOT NULL,   -- the day it happened (or is planned), UTC midnight
	done        BOOLEAN NOT NULL DEFAULT FALSE,
	created_by  BIGINT NOT NULL REFERENCES users (id),
	created_at  BIGINT NOT NULL
);
CREATE INDEX budget_milestones_proposal ON budget_milestones (proposal_id, on_date);
