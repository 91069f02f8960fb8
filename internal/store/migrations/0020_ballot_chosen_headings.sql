-- The headings a voter chose in a process beyond their own. Where a
-- process limits the headings a person votes in ("own heading", "own plus
-- one"), a heading that does not cover the voter's verified residence
-- takes one of the voter's few slots: the "one" of "own plus one", or,
-- for someone signed in whom no heading covers, the heading they call
-- their own. The slot is claimed in the transaction that stores the
-- ballot, and the primary key lets one heading hold it: two ballots for
-- two other headings at the same instant, through any number of servers,
-- cannot both take it.
CREATE TABLE budget_chosen_headings (
	process_id BIGINT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
	voter_id   BIGINT NOT NULL REFERENCES users (id),
	slot       INTEGER NOT NULL CHECK (slot BETWEEN 1 AND 2),
	heading_id BIGINT NOT NULL REFERENCES budget_headings (id),
	at         BIGINT NOT NULL,
	PRIMARY KEY (process_id, voter_id, slot),
	UNIQUE (process_id, voter_id, heading_id)
);
