-- Indexes found wanting by `shahr page-load` on an association of 2,530
-- members (3,000 memberships, 7,000 invoices).
--
-- The lapse sweep (internal/network, Sweep) looks for active memberships
-- with an invoice unpaid past its due date and grace period. Every page of
-- an association runs it, so it must cost next to nothing when there is
-- nothing to lapse; without an index it read every active membership and
-- each of its invoices. This index holds only the unpaid invoices, by due
-- date, with their membership: the sweep reads the ones already past due
-- (those of lapsed members, and of members within their grace period) and
-- never the paid ones or the ones not yet due.
CREATE INDEX membership_invoices_unpaid ON membership_invoices (due_at, membership_id) WHERE paid_at IS NULL;

-- An association's page counts its memberships by status and maps every
-- member it lists: with member_id in the index both read the index alone,
-- not each membership's row. The index keeps its name and serves every
-- query the old one did, so it replaces it rather than standing beside it
-- (SQLite, without statistics, would go on choosing the narrower one).
DROP INDEX memberships_association;
CREATE INDEX memberships_association ON memberships (association_id, status, member_id);
