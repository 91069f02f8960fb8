package ratelimit_test

import (
	"context"
	"sync"
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
		if err := l.Prune(ctx, now); err != nil {
			t.Fatal(err)
		}
		var n int
		db.Read.QueryRow(`SELECT count(*) FROM rate_counters`).Scan(&n)
		if n != 1 {
			t.Fatalf("%d counters after prune, want 1", n)
		}
	})
}

// Concurrent attempts are all counted: exactly Limit of them pass.
func TestConcurrentAttempts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fixed := time.Date(2026, 11, 21, 10, 30, 0, 0, time.UTC)
		l := ratelimit.New(db, func() time.Time { return fixed })
		rule := ratelimit.Rule{Name: "c", Limit: 5, Window: time.Hour}
		var mu sync.Mutex
		allowed := 0
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := l.Allow(context.Background(), rule, "ip")
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				if ok {
					allowed++
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		if allowed != 5 {
			t.Fatalf("%d of 20 concurrent attempts allowed, want 5", allowed)
		}
	})
}
