package store_test

import (
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// TestWhereNumbersPlaceholders builds a clause of conditions taking no,
// one and two values, and runs it on both engines: each ? became the
// next $N, and the rows the clause keeps are those all conditions keep.
func TestWhereNumbersPlaceholders(t *testing.T) {
	t.Parallel()
	var empty store.Where
	if empty.String() != "" || empty.Conds() != "1 = 1" || empty.Next() != "$1" {
		t.Errorf("empty clause: %q %q %q", empty.String(), empty.Conds(), empty.Next())
	}
	var w store.Where
	w.Add("k > ?", 1)
	w.Add("v IS NOT NULL")
	w.Add("(v = ? OR v = ?)", "b", "d")
	if want := " WHERE k > $1 AND v IS NOT NULL AND (v = $2 OR v = $3)"; w.String() != want {
		t.Errorf("clause %q, want %q", w.String(), want)
	}
	if !slices.Equal(w.Args, []any{1, "b", "d"}) || w.Next() != "$4" {
		t.Errorf("args %v, next %s", w.Args, w.Next())
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `CREATE TEMPORARY TABLE wh (k INTEGER PRIMARY KEY, v TEXT)`); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO wh (k, v) VALUES (1, 'b'), (2, 'b'), (3, 'c'), (4, 'd'), (5, NULL)`); err != nil {
				return err
			}
			got, err := store.QueryAll(ctx, tx, scanInt, `SELECT k FROM wh`+w.String()+` ORDER BY k LIMIT `+w.Next(), append(w.Args, 10)...)
			if err != nil {
				return err
			}
			if want := []int{2, 4}; !slices.Equal(got, want) {
				t.Errorf("rows %v, want %v", got, want)
			}
			paged := w
			paged.Args = slices.Clone(w.Args)
			query := `SELECT k FROM wh` + paged.String() + ` ORDER BY k` + paged.Page(1, 1)
			if got, err = store.QueryAll(ctx, tx, scanInt, query, paged.Args...); err != nil {
				return err
			}
			if !slices.Equal(got, []int{4}) || !strings.HasSuffix(query, " LIMIT $4 OFFSET $5") {
				t.Errorf("second page of one: %v from %s", got, query)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestWhereInIDs puts an id list inside a condition with ? marks of its
// own, after another condition's: the list is one argument, numbered
// before the marks that follow it, and the clause keeps the rows both
// engines should.
func TestWhereInIDs(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var w store.Where
		w.Add("k > ?", 1)
		w.Add("("+w.InIDs(db.Dialect, "k", []int64{2, 4, 9})+" OR v = ?)", "c")
		if len(w.Args) != 3 || w.Args[2] != "c" || !strings.Contains(w.String(), "$2") || !strings.HasSuffix(w.String(), "v = $3)") {
			t.Errorf("clause %q with %v", w.String(), w.Args)
		}
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `CREATE TEMPORARY TABLE whi (k INTEGER PRIMARY KEY, v TEXT)`); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO whi (k, v) VALUES (1, 'c'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')`); err != nil {
				return err
			}
			got, err := store.QueryAll(ctx, tx, scanInt, `SELECT k FROM whi`+w.String()+` ORDER BY k`, w.Args...)
			if err != nil {
				return err
			}
			if want := []int{2, 3, 4}; !slices.Equal(got, want) {
				t.Errorf("rows %v, want %v", got, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func scanInt(r store.Scanner) (int, error) {
	var n int
	return n, r.Scan(&n)
}

// TestOne reads one row, reports a missing one with the caller's own
// error, and passes any other error through.
func TestOne(t *testing.T) {
	t.Parallel()
	errNone := apperr.New(apperr.NotFound, "پیدا نشد.", "Not found.")
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		n, err := store.One(ctx, db.Read, scanInt, errNone, `SELECT 7 WHERE 1 = $1`, 1)
		if n != 7 || err != nil {
			t.Errorf("one row: %d, %v", n, err)
		}
		if _, err := store.One(ctx, db.Read, scanInt, errNone, `SELECT 7 WHERE 1 = $1`, 2); err != errNone {
			t.Errorf("no row: %v, want the caller's not-found error", err)
		}
		_, err = store.One(ctx, db.Read, scanInt, errNone, `SELECT no_such_column FROM no_such_table`)
		if err == nil || err == errNone || apperr.CodeOf(err) == apperr.NotFound {
			t.Errorf("a failed query: %v, want the driver's error", err)
		}
	})
	other := errors.New("disk on fire")
	if store.NotFound(other, errNone) != other || store.NotFound(nil, errNone) != nil ||
		store.NotFound(sql.ErrNoRows, errNone) != errNone {
		t.Error("NotFound maps only sql.ErrNoRows")
	}
}
