package budgeting_test

import (
	"context"
	"testing"

	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// TestProcessVersionMoves writes, on both engines, every column of a
// process, its phases, headings and proposals that a ballot is checked
// against, by every kind of statement, and checks that each moves the
// process's version on (what ballot contexts rely on: ballot_context.go),
// in the writing transaction; and that what every ballot or support
// writes (a heading's ballot counter and chain head, a proposal's support
// count) does not, nor a write to another process.
func TestProcessVersionMoves(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, budgeting.Approval, "greedy")
		ids := f.proposals(t, 40)
		other := f.process.Headings[1].ID
		p, h := f.process.ID, f.process.Headings[0].ID
		second := f.process
		second.Slug = "district-21-1405-b"
		second, err := f.svc.CreateProcess(ctx, 0, second)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			write string
			args  []any
			moves bool
		}{
			{`UPDATE budget_processes SET title_fa = 'تازه' WHERE id = $1`, []any{p}, true},
			{`UPDATE budget_processes SET max_choices = 2 WHERE id = $1`, []any{p}, true},
			{`UPDATE budget_processes SET min_age = 18, eligibility = 'signed_in' WHERE id = $1`, []any{p}, true},
			{`INSERT INTO budget_phases (process_id, phase, starts_at, ends_at) VALUES ($1, 'implementation', 1, 2)`, []any{p}, true},
			{`UPDATE budget_phases SET ends_at = ends_at + 1 WHERE process_id = $1 AND phase = 'voting'`, []any{p}, true},
			{`DELETE FROM budget_phases WHERE process_id = $1 AND phase = 'implementation'`, []any{p}, true},
			{`INSERT INTO budget_headings (process_id, name_fa, budget) VALUES ($1, 'سوم', 10)`, []any{p}, true},
			{`UPDATE budget_headings SET budget = budget + 1 WHERE id = $1`, []any{h}, true},
			{`UPDATE budget_headings SET area_id = NULL WHERE id = $1`, []any{other}, true},
			{`UPDATE budget_headings SET name_fa = 'دیگر', name_en = 'Other', position = 9 WHERE id = $1`, []any{other}, true},
			{`DELETE FROM budget_headings WHERE process_id = $1 AND name_fa = 'سوم'`, []any{p}, true},
			{`UPDATE budget_proposals SET status = 'hidden' WHERE id = $1`, []any{ids[0]}, true},
			{`UPDATE budget_proposals SET status = 'feasible', final_cost = 41 WHERE id = $1`, []any{ids[0]}, true},
			{`UPDATE budget_proposals SET estimated_cost = 42 WHERE id = $1`, []any{ids[0]}, true},
			{`UPDATE budget_proposals SET heading_id = $1 WHERE id = $2`, []any{other, ids[0]}, true},
			{`INSERT INTO budget_proposals (process_id, heading_id, author_id, category_id, title, description, search_key,
				estimated_cost, status, created_at, updated_at) VALUES ($1, $2, $3, 1, 't', 'd', 'k', 5, 'feasible', 0, 0)`,
				[]any{p, h, f.voters[0]}, true},
			{`DELETE FROM budget_proposals WHERE process_id = $1 AND title = 't'`, []any{p}, true},
			// Another process's writes, and what ballots and supports
			// write all the time, must not.
			{`UPDATE budget_processes SET max_choices = 1 WHERE id = $1`, []any{second.ID}, false},
			{`UPDATE budget_headings SET budget = 7 WHERE id = $1`, []any{second.Headings[0].ID}, false},
			{`UPDATE budget_headings SET ballot_seq = ballot_seq + 3 WHERE id = $1`, []any{h}, false},
			{`UPDATE budget_headings SET last_hash = 'abc' WHERE id = $1`, []any{h}, false},
			{`UPDATE budget_proposals SET support_count = support_count + 1 WHERE id = $1`, []any{ids[0]}, false},
			{`UPDATE budget_proposals SET updated_at = updated_at + 1, review_reason = 'x' WHERE id = $1`, []any{ids[0]}, false},
		} {
			before := processVersion(t, db, p)
			if _, err := db.Write.ExecContext(ctx, c.write, c.args...); err != nil {
				t.Fatalf("%s: %v", c.write, err)
			}
			if after := processVersion(t, db, p); (after > before) != c.moves || after < before {
				t.Errorf("%s: version %d → %d, want it moved: %v", c.write, before, after, c.moves)
			}
		}
	})
}

func processVersion(t *testing.T, db *store.DB, id int64) int64 {
	t.Helper()
	var v int64
	if err := db.Read.QueryRowContext(context.Background(), `SELECT version FROM budget_processes WHERE id = $1`, id).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}
