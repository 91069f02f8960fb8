package store_test

import (
	"database/sql"
	"slices"
	"testing"

	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

func TestMarks(t *testing.T) {
	t.Parallel()
	if got := store.Marks(3, 3); got != "$3, $4, $5" {
		t.Errorf("Marks(3, 3) = %q", got)
	}
	marks, args := store.InList([]int64{7, 9})
	if marks != "$1, $2" || len(args) != 2 || args[1] != int64(9) {
		t.Errorf("InList = %q %v", marks, args)
	}
}

// TestInsertRows writes more rows than one statement takes: every row is
// stored, in order, and the tail applies to each statement.
func TestInsertRows(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `CREATE TEMPORARY TABLE ins (k INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
				return err
			}
			var rows [][]any
			for i := range 7 {
				rows = append(rows, []any{i % 5, string(rune('a' + i))})
			}
			// Rows 5 and 6 repeat keys 0 and 1 in a later statement (3 rows
			// a statement), replacing their values.
			err := db.Dialect.InsertRows(ctx, tx, `INSERT INTO ins (k, v) VALUES `, ` ON CONFLICT (k) DO UPDATE SET v = excluded.v`, rows, 3)
			if err != nil {
				return err
			}
			got, err := store.QueryAll(ctx, tx, func(r store.Scanner) (string, error) {
				var v string
				return v, r.Scan(&v)
			}, `SELECT v FROM ins ORDER BY k`)
			if err != nil {
				return err
			}
			if want := []string{"f", "g", "c", "d", "e"}; !slices.Equal(got, want) {
				t.Errorf("rows %v, want %v", got, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
