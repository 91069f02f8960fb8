-- Each account's daily limits on what it adds to budgeting (proposals,
-- reports of proposals, reviewers' comments) are counted in these tables
-- inside the transaction that adds the next row: the rows one account
-- added since midnight in Tehran. These indexes make that count read only
-- the account's own rows. Proposals are counted through
-- budget_proposals_author (0021): an account holds few proposals, at most
-- ten a day.
CREATE INDEX budget_flags_reporter ON budget_flags (reporter_id, at);
CREATE INDEX budget_review_comments_author ON budget_review_comments (author_id, at);
