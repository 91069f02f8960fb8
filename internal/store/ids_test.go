package store_test

import (
	"slices"
	"testing"

	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// TestInIDs selects by lists of ids on both engines: each id listed is
// found once, whatever the repeats, a long list takes one parameter, and
// an empty list finds nothing.
func TestInIDs(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		long := make([]int64, 5000)
		for i := range long {
			long[i] = int64(i%3 + 2)
		}
		for _, c := range []struct {
			ids  []int64
			want []int64
		}{
			{[]int64{3, 1, 5, 3}, []int64{1, 3, 5}},
			{long, []int64{2, 3, 4}},
			{nil, nil},
		} {
			cond, arg := db.Dialect.InIDs("n", 2, c.ids)
			got, err := store.QueryAll(ctx, db.Read, func(r store.Scanner) (int64, error) {
				var n int64
				return n, r.Scan(&n)
			}, `SELECT n FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) t
				WHERE n > $1 - 100 AND `+cond+` ORDER BY n`, 0, arg)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("%d ids: selected %v, want %v", len(c.ids), got, c.want)
			}
		}
	})
}

// TestIDTable reads ids as a table joined to another, in the list's
// order on SQLite, repeats included; an empty list joins nothing.
func TestIDTable(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, c := range []struct {
			ids  []int64
			want []int64
		}{
			{[]int64{3, 1, 5, 3, 9}, []int64{3, 1, 5, 3}},
			{nil, nil},
		} {
			table, arg := db.Dialect.IDTable(1, c.ids)
			got, err := store.QueryAll(ctx, db.Read, func(r store.Scanner) (int64, error) {
				var n int64
				return n, r.Scan(&n)
			}, `SELECT t.n FROM `+table+` CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
				UNION ALL SELECT 5) t WHERE t.n = x.id`, arg)
			if err != nil {
				t.Fatal(err)
			}
			if db.Dialect == store.Postgres {
				slices.Sort(got) // the planner chooses the order
				c.want = slices.Sorted(slices.Values(c.want))
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("%v: joined %v, want %v", c.ids, got, c.want)
			}
		}
	})
}

// TestInTexts selects by lists of text keys on both engines: keys holding
// the characters the lists are written with (quotes, commas, braces,
// backslashes) are found as they are, and an empty list finds nothing.
func TestInTexts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		odd := []string{`a"b`, "c,d", "{e}", `f\g`, "ح"}
		for _, c := range []struct {
			keys []string
			want []string
		}{
			{[]string{"ab", "zz", "ab"}, []string{"ab"}},
			{odd, odd},
			{[]string{"c", "d"}, nil},
			{nil, nil},
		} {
			cond, arg := db.Dialect.InTexts("k", 1, c.keys)
			got, err := store.QueryAll(ctx, db.Read, func(r store.Scanner) (string, error) {
				var k string
				return k, r.Scan(&k)
			}, `SELECT k FROM (SELECT 'ab' AS k UNION ALL SELECT 'a"b' UNION ALL SELECT 'c,d' UNION ALL SELECT '{e}'
				UNION ALL SELECT 'f\g' UNION ALL SELECT 'ح') t WHERE `+cond, arg)
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(c.want))
			if !slices.Equal(got, want) {
				t.Errorf("keys %q: selected %q, want %q", c.keys, got, want)
			}
		}
	})
}
