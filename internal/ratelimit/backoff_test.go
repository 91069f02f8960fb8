package ratelimit_test

import (
	"context"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/ratelimit"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

var backoff = ratelimit.Backoff{Name: "b", Free: 3, Base: time.Minute, Max: 10 * time.Minute, Forget: 24 * time.Hour}

// The wait after each failure in a row: none for the free ones, then
// Base doubling up to Max; never less than the wait before, never more
// than Max, however many failures.
func TestBackoffWait(t *testing.T) {
	t.Parallel()
	m := time.Minute
	for failures, want := range []time.Duration{0, 0, 0, m, 2 * m, 4 * m, 8 * m, 10 * m, 10 * m} {
		if got := backoff.Wait(failures); got != want {
			t.Errorf("Wait(%d) = %v, want %v", failures, got, want)
		}
	}
	for f := 1; f < 10_000; f++ {
		if w, before := backoff.Wait(f), backoff.Wait(f-1); w < before || w > backoff.Max {
			t.Fatalf("Wait(%d) = %v after %v", f, w, before)
		}
	}
}

// Attempt lets the free failures through, then makes the next attempt
// wait; Reset forgets; another key is untouched.
func TestBackoffAttempts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
		l := ratelimit.New(db, func() time.Time { return now })
		attempt := func(key string) time.Duration {
			t.Helper()
			w, err := l.Attempt(ctx, backoff, key)
			if err != nil {
				t.Fatal(err)
			}
			return w
		}
		for i := 1; i <= 3; i++ {
			if w := attempt("a|x"); w != 0 {
				t.Fatalf("failure %d waited %v", i, w)
			}
		}
		if w := attempt("a|x"); w != time.Minute {
			t.Fatalf("after 3 failures: wait %v, want 1m", w)
		}
		if w := attempt("a|y"); w != 0 {
			t.Fatalf("another address waited %v", w)
		}
		now = now.Add(40 * time.Second)
		if w := attempt("a|x"); w != 20*time.Second {
			t.Fatalf("40s on: wait %v, want 20s", w)
		}
		if err := l.Reset(ctx, backoff, "a|x"); err != nil {
			t.Fatal(err)
		}
		if w := attempt("a|x"); w != 0 {
			t.Fatalf("after a reset: wait %v", w)
		}
		now = now.Add(49 * time.Hour)
		if n := leftAfterPrune(t, db, l, now.Add(-48*time.Hour), "rate_backoff"); n != 0 {
			t.Fatalf("%d backoffs after pruning, want 0", n)
		}
	})
}

// A burst of simultaneous attempts gets exactly the free ones through:
// each is counted before the secret is checked.
func TestBackoffBurst(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		l := stoppedLimiter(db)
		through := passing(t, 20, func() (bool, error) {
			w, err := l.Attempt(context.Background(), backoff, "burst")
			return w == 0, err
		})
		if through != backoff.Free {
			t.Fatalf("%d of 20 simultaneous attempts went through, want %d", through, backoff.Free)
		}
	})
}
