-- A person's account page lists their proposals, supports and ballots
-- (budgeting's AccountSections). Without these each visit would read
-- every row of the three tables: the keys that exist start with the
-- proposal or the heading, not the person.
CREATE INDEX budget_proposals_author ON budget_proposals (author_id, id);
CREATE INDEX budget_supports_user ON budget_supports (user_id, at);
CREATE INDEX budget_ballots_voter ON budget_ballots (voter_id);
