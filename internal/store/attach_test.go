package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/shahr-city/shahr/internal/store"
)

// TestAttach looks every id up in one call and sets each row's value, the
// zero value for an id the lookup does not find.
func TestAttach(t *testing.T) {
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
