package store_test

import (
	"slices"
	"testing"

	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// TestIDSetPads pads lists to powers of two with the last id, so that
// lists of 5 to 8 ids share one text.
func TestIDSetPads(t *testing.T) {
	for _, c := range []struct {
		ids   []int64
		marks string
		args  []any
	}{
		{[]int64{4}, "$3", []any{int64(4)}},
		{[]int64{4, 5, 6}, "$3, $4, $5, $6", []any{int64(4), int64(5), int64(6), int64(6)}},
		{[]int64{1, 2, 3, 4}, "$3, $4, $5, $6", []any{int64(1), int64(2), int64(3), int64(4)}},
	} {
		marks, args := store.IDSet(3, c.ids)
		if marks != c.marks || !slices.Equal(args, c.args) {
			t.Errorf("IDSet(3, %v) = %q %v, want %q %v", c.ids, marks, args, c.marks, c.args)
		}
	}
	five, _ := store.IDSet(1, []int64{1, 2, 3, 4, 5})
	eight, _ := store.IDSet(1, []int64{1, 2, 3, 4, 5, 6, 7, 8})
	if five != eight {
		t.Errorf("5 ids give %q, 8 give %q: want one text", five, eight)
	}
	if _, args := store.IDSet(1, make([]int64, store.MaxIDs+1)); len(args) != store.MaxIDs+1 {
		t.Errorf("a list longer than MaxIDs is padded to %d", len(args))
	}
}

// TestIDSetSelects runs a padded list on both engines: each id listed is
// found once, whatever the repeats.
func TestIDSetSelects(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		marks, args := store.IDSet(1, []int64{3, 1, 5})
		got, err := store.QueryAll(ctx, db.Read, func(r store.Scanner) (int64, error) {
			var n int64
			return n, r.Scan(&n)
		}, `SELECT n FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) t
			WHERE n IN (`+marks+`) ORDER BY n`, args...)
		if err != nil {
			t.Fatal(err)
		}
		if want := []int64{1, 3, 5}; !slices.Equal(got, want) {
			t.Errorf("selected %v, want %v", got, want)
		}
	})
}
