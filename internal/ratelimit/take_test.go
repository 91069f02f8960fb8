package ratelimit_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/ratelimit"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

var errRefused = errors.New("refused")

// take runs Take in a transaction that commits what passes and rolls back
// a refusal, as callers do.
func take(ctx context.Context, db *store.DB, l *ratelimit.Limiter, checks ...ratelimit.Check) (ratelimit.Taken, bool, error) {
	var t ratelimit.Taken
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		var ok bool
		var err error
		if t, ok, err = l.Take(ctx, tx, checks...); err == nil && !ok {
			return errRefused
		}
		return err
	})
	if errors.Is(err, errRefused) {
		return t, false, nil
	}
	return t, err == nil, err
}

// scalar runs a query that answers one number.
func scalar(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Read.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func count(t *testing.T, db *store.DB) int {
	t.Helper()
	return scalar(t, db, `SELECT coalesce(sum(count), 0) FROM rate_counters`)
}

// leftAfterPrune prunes before cutoff and counts the rows left in table.
func leftAfterPrune(t *testing.T, db *store.DB, l *ratelimit.Limiter, cutoff time.Time, table string) int {
	t.Helper()
	if err := l.Prune(context.Background(), cutoff); err != nil {
		t.Fatal(err)
	}
	return scalar(t, db, `SELECT count(*) FROM `+table)
}

// stoppedLimiter is a limiter whose clock stands still.
func stoppedLimiter(db *store.DB) *ratelimit.Limiter {
	stopped := time.Date(2026, 11, 21, 10, 30, 0, 0, time.UTC)
	return ratelimit.New(db, func() time.Time { return stopped })
}

// passing makes n attempts at once and counts those that pass.
func passing(t *testing.T, n int, attempt func() (bool, error)) int {
	var passed atomic.Int32
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			ok, err := attempt()
			if err != nil {
				t.Error(err)
			}
			if ok {
				passed.Add(1)
			}
		})
	}
	wg.Wait()
	return int(passed.Load())
}

// Take counts only what it lets through: a refusal under one check
// counts under none, and GiveBack uncounts, in the window it was taken.
func TestTakeCountsOnlyWhatPasses(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 21, 10, 9, 0, 0, time.UTC)
		l := ratelimit.New(db, func() time.Time { return now })
		few := ratelimit.Check{Rule: ratelimit.Rule{Name: "few", Limit: 2, Window: 10 * time.Minute}, Key: "k"}
		many := ratelimit.Check{Rule: ratelimit.Rule{Name: "many", Limit: 5, Window: time.Hour}, Key: "k"}
		var kept ratelimit.Taken
		for i := 1; i <= 4; i++ {
			got, ok, err := take(ctx, db, l, many, few)
			if err != nil || ok != (i <= 2) {
				t.Fatalf("take %d: %v, %v", i, ok, err)
			}
			if ok {
				kept = got
			}
		}
		if n := count(t, db); n != 4 {
			t.Fatalf("%d counted after 2 passed and 2 refused, want 4 (2 under each rule)", n)
		}
		taken := now.Truncate(10 * time.Minute).UnixMilli()
		now = now.Add(time.Minute) // "few" is in its next window: the give-back goes to the one taken in
		if err := l.GiveBack(ctx, kept); err != nil {
			t.Fatal(err)
		}
		inWindow := scalar(t, db, `SELECT count FROM rate_counters WHERE key = 'few:k' AND window_start = $1`, taken)
		if n := count(t, db); n != 2 || inWindow != 1 {
			t.Fatalf("after a give-back: %d counted, %d in the window taken in; want 2 and 1", n, inWindow)
		}
	})
}

// Concurrent takes are counted exactly: Limit of them pass.
func TestConcurrentTakes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		l := stoppedLimiter(db)
		check := ratelimit.Check{Rule: ratelimit.Rule{Name: "c", Limit: 5, Window: time.Hour}, Key: "number"}
		passed := passing(t, 20, func() (bool, error) {
			_, ok, err := take(context.Background(), db, l, check)
			return ok, err
		})
		if passed != 5 || count(t, db) != 5 {
			t.Fatalf("%d of 20 concurrent takes passed, %d counted; want 5 and 5", passed, count(t, db))
		}
	})
}

func TestAddressKey(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"192.0.2.7":            "192.0.2.7",
		"::ffff:192.0.2.7":     "192.0.2.7",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1": "2001:db8:1:2::/64",
		"fe80::1%eth0":         "fe80::/64",
		"2001:db8:1:3::1":      "2001:db8:1:3::/64",
		"not an address":       "not an address",
		"":                     "",
	} {
		if got := ratelimit.AddressKey(in); got != want {
			t.Errorf("AddressKey(%q) = %q, want %q", in, got, want)
		}
	}
}
