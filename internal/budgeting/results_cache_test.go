package budgeting_test

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// TestCachedResults: the cache gives what Results gives, counts once
// however many ask at once, counts again when a ballot is accepted or a
// proposal's cost changes, and before voting closes refuses as Results
// does without keeping anything.
func TestCachedResults(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f, ids := votedFixture(t, db)
		heading := f.process.Headings[0].ID
		_, err := f.svc.CachedResults(ctx, heading)
		wantCode(t, err, apperr.Forbidden, "cached results before voting closes")
		_, err = f.svc.CachedResults(ctx, 999999)
		wantCode(t, err, apperr.NotFound, "cached results of no heading")
		if n := f.svc.ResultsComputed(); n != 0 {
			t.Errorf("%d counts before voting closed, want 0", n)
		}

		f.clock.set(at(31))
		want, err := f.svc.Results(ctx, heading)
		if err != nil {
			t.Fatal(err)
		}
		// Fifty requests at once, through a cold cache: one count.
		var wg sync.WaitGroup
		got := make([]budgeting.HeadingResult, 50)
		for i := range got {
			wg.Go(func() {
				var err error
				if got[i], err = f.svc.CachedResults(ctx, heading); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if n := f.svc.ResultsComputed(); n != 1 {
			t.Errorf("50 concurrent first requests counted %d times, want 1", n)
		}
		for i := range got {
			if !reflect.DeepEqual(got[i], want) {
				t.Fatalf("cached result %d\n%+v\nwant\n%+v", i, got[i], want)
			}
		}
		if _, err := f.svc.CachedResults(ctx, heading); err != nil || f.svc.ResultsComputed() != 1 {
			t.Errorf("a later request counted again (%d counts, %v)", f.svc.ResultsComputed(), err)
		}

		// A late paper ballot, accepted as the ballot code accepts one:
		// the heading's counter moves in the same transaction.
		if _, err := db.Write.ExecContext(ctx, `INSERT INTO budget_ballots (heading_id, choices, total_cost, receipt, paper, cast_at)
			VALUES ($1, $2, 50, 'late-paper-ballot', TRUE, 0)`, heading, encode(ids[1])); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Write.ExecContext(ctx, `UPDATE budget_headings SET ballot_seq = ballot_seq + 1 WHERE id = $1`, heading); err != nil {
			t.Fatal(err)
		}
		res, err := f.svc.CachedResults(ctx, heading)
		if err != nil || res.Ballots != want.Ballots+1 || f.svc.ResultsComputed() != 2 {
			t.Errorf("after a new ballot: %d ballots (want %d), %d counts (want 2), %v", res.Ballots, want.Ballots+1, f.svc.ResultsComputed(), err)
		}

		// A proposal's final cost revised: counted again with the new cost.
		if _, err := f.svc.ReviewProposal(ctx, 1, ids[3], budgeting.Verdict{Feasible: true, FinalCost: 45}); err != nil {
			t.Fatal(err)
		}
		res, err = f.svc.CachedResults(ctx, heading)
		if err != nil || res.Projects[3].Cost != 45 || f.svc.ResultsComputed() != 3 {
			t.Errorf("after a new cost: cost %d (want 45), %d counts (want 3), %v", res.Projects[3].Cost, f.svc.ResultsComputed(), err)
		}
		if fresh, _ := f.svc.Results(ctx, heading); !reflect.DeepEqual(fresh, res) {
			t.Errorf("cached\n%+v\nfresh\n%+v", res, fresh)
		}

		// The clock turned back before the close: refused again.
		f.clock.set(at(29))
		_, err = f.svc.CachedResults(ctx, heading)
		wantCode(t, err, apperr.Forbidden, "cached results with the clock before the close")
	})
}

func encode(ids ...int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}
