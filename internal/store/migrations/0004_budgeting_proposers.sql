-- Who may propose in a process, apart from who may vote: residents of the
-- heading's area, or anyone signed in (workers and industry staff of a
-- district who live elsewhere).
ALTER TABLE budget_processes ADD COLUMN propose_eligibility TEXT NOT NULL DEFAULT 'signed_in'
	CHECK (propose_eligibility IN ('signed_in', 'resident'));
