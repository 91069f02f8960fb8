package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// TestAttach looks every id up in one call and sets each row's value, the
// zero value for an id the lookup does not find.
func TestAttach(t *testing.T) {
	t.Parallel()
	type row struct {
		id   int64
		name string
	}
	rows := []row{{id: 2}, {id: 7}, {id: 2}}
	calls := 0
	look := func(_ context.Context, ids []int64) (map[int64]string, error) {
		calls++
		if !slices.Equal(ids, []int64{2, 7, 2}) {
			t.Errorf("looked up %v", ids)
		}
		return map[int64]string{2: "two"}, nil
	}
	err := store.Attach(context.Background(), rows, func(r *row) int64 { return r.id }, look,
		func(r *row, name string) { r.name = name })
	if err != nil || calls != 1 {
		t.Fatalf("Attach: %v after %d calls", err, calls)
	}
	if got := []string{rows[0].name, rows[1].name, rows[2].name}; !slices.Equal(got, []string{"two", "", "two"}) {
		t.Errorf("names %q", got)
	}
	if err := store.Attach(context.Background(), []row(nil), func(r *row) int64 { return r.id }, look,
		func(*row, string) {}); err != nil || calls != 1 {
		t.Errorf("an empty list: %v after %d calls, want no lookup", err, calls)
	}
}

func TestSingle(t *testing.T) {
	t.Parallel()
	missing, broken := errors.New("missing"), errors.New("broken")
	if v, err := store.Single([]int{4, 5}, nil, missing); v != 4 || err != nil {
		t.Errorf("Single of two rows = %d, %v", v, err)
	}
	if _, err := store.Single([]int(nil), nil, missing); err != missing {
		t.Errorf("Single of none: %v, want missing", err)
	}
	if _, err := store.Single([]int{4}, broken, missing); err != broken {
		t.Errorf("Single after an error: %v, want it", err)
	}
}

// TestQueryAttach reads a query's rows and sets on each what one lookup
// of all their ids finds, on both engines; a failed query looks nothing
// up.
func TestQueryAttach(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		type row struct {
			id   int64
			name string
		}
		var looked [][]int64
		look := func(_ context.Context, ids []int64) (map[int64]string, error) {
			looked = append(looked, ids)
			return map[int64]string{3: "three", 5: "five"}, nil
		}
		scan := func(r store.Scanner) (row, error) {
			var x row
			return x, r.Scan(&x.id)
		}
		id, set := func(r *row) int64 { return r.id }, func(r *row, name string) { r.name = name }
		rows, err := store.QueryAttach(ctx, db.Read, scan, `SELECT n FROM (SELECT 3 AS n UNION ALL SELECT 4 UNION ALL SELECT 5) t
			WHERE n >= $1 ORDER BY n`, []any{3}, id, look, set)
		if err != nil {
			t.Fatal(err)
		}
		if want := []row{{3, "three"}, {4, ""}, {5, "five"}}; !slices.Equal(rows, want) || len(looked) != 1 ||
			!slices.Equal(looked[0], []int64{3, 4, 5}) {
			t.Errorf("rows %v after lookups %v; want %v after one of [3 4 5]", rows, looked, want)
		}
		if _, err := store.QueryAttach(ctx, db.Read, scan, `SELECT n FROM no_such_table`, nil, id, look, set); err == nil || len(looked) != 1 {
			t.Errorf("a failed query: %v after %d lookups; want its error and no lookup", err, len(looked))
		}
	})
}
