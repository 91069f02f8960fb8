// Package ratelimit counts attempts in fixed time windows, in the database,
// so that every server process behind a load balancer sees the same counts
// and a restart forgets nothing. It guards the expensive or guessable
// endpoints (one-time codes, passwords), not every request.
package ratelimit

import (
	"context"
	"fmt"
	"time"

	"github.com/shahr-city/shahr/internal/store"
)

// Rule is a limit: at most Limit attempts per Window for one key.
type Rule struct {
	Name   string
	Limit  int
	Window time.Duration
}

// Limiter checks rules against counters in the database.
type Limiter struct {
	db  *store.DB
	now func() time.Time
}

// New returns a limiter over db with the given clock.
func New(db *store.DB, now func() time.Time) *Limiter { return &Limiter{db: db, now: now} }

// Allow records one attempt for key under rule and reports whether it is
// within the limit. Refused attempts still count, so hammering never
// shortens the wait.
func (l *Limiter) Allow(ctx context.Context, rule Rule, key string) (bool, error) {
	start := l.now().Truncate(rule.Window).UnixMilli()
	var n int
	err := l.db.Write.QueryRowContext(ctx, `INSERT INTO rate_counters (key, window_start, count) VALUES ($1, $2, 1)
		ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + 1
		RETURNING count`, rule.Name+":"+key, start).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("ratelimit: %s: %w", rule.Name, err)
	}
	return n <= rule.Limit, nil
}

// Prune deletes counters whose windows ended before cutoff.
func (l *Limiter) Prune(ctx context.Context, cutoff time.Time) error {
	_, err := l.db.Write.ExecContext(ctx, `DELETE FROM rate_counters WHERE window_start < $1`, cutoff.UnixMilli())
	if err != nil {
		return fmt.Errorf("ratelimit: prune: %w", err)
	}
	return nil
}
