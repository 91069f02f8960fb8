package ratelimit_test

import (
	"context"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/ratelimit"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

func TestWindows(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
		l := ratelimit.New(db, func() time.Time { return now })
		rule := ratelimit.Rule{Name: "t", Limit: 3, Window: 10 * time.Minute}
		for i := 1; i <= 5; i++ {
			ok, err := l.Allow(ctx, rule, "09120000000")
			if err != nil {
				t.Fatal(err)
			}
			if ok != (i <= 3) {
				t.Fatalf("attempt %d allowed = %v", i, ok)
			}
		}
		if ok, _ := l.Allow(ctx, rule, "09130000000"); !ok {
			t.Fatal("another key was limited")
		}
		now = now.Add(10 * time.Minute)
		if ok, _ := l.Allow(ctx, rule, "09120000000"); !ok {
			t.Fatal("the next window is still limited")
		}
		if n := leftAfterPrune(t, db, l, now, "rate_counters"); n != 1 {
			t.Fatalf("%d counters after prune, want 1", n)
		}
	})
}

// Concurrent attempts are all counted: exactly Limit of them pass.
func TestConcurrentAttempts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		l := stoppedLimiter(db)
		rule := ratelimit.Rule{Name: "c", Limit: 5, Window: time.Hour}
		allowed := passing(t, 20, func() (bool, error) { return l.Allow(context.Background(), rule, "ip") })
		if allowed != 5 {
			t.Fatalf("%d of 20 concurrent attempts allowed, want 5", allowed)
		}
	})
}
