-- Each account's daily limits on what it adds to budgeting (proposals,
-- reports of proposals, reviewers' comments) are counted in these tables
-- inside the transaction that adds the next row: the rows one account
-- added since midnight in Tehran. These indexes make that count read only
-- the account's own rows of the day.
CREATE INDEX budget_proposals_author ON budget_proposals (author_id, created_at);
CREATE INDEX budget_flags_reporter ON budget_flags (reporter_id, at);
CREATE INDEX budget_review_comments_author ON budget_review_comments (author_id, at);
