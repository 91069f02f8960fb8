// Package ratelimit counts attempts in fixed time windows, in the database,
// so that every server process behind a load balancer sees the same counts
// and a restart forgets nothing. It guards the expensive or guessable
// endpoints (one-time codes, passwords), not every request.
//
// Two ways of counting serve two purposes. Allow counts every attempt,
// refused ones too, for limits on what an address asks for: hammering never
// shortens its own wait. Take counts only what is let through, and
// GiveBack uncounts what did not happen after all, for limits on what a
// third party receives (the codes texted to a number): a refused request,
// or a message the gateway did not send, then costs the number nothing, so
// that nobody can use up someone else's allowance by asking in vain.
package ratelimit

import (
	"context"
	"database/sql"
	"errors"
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

// Check is a rule applied to one key.
type Check struct {
	Rule Rule
	Key  string
}

// slot is the counter's row: the rule's key and the start of the window
// that holds at.
func (c Check) slot(at time.Time) (string, int64) {
	return c.Rule.Name + ":" + c.Key, at.Truncate(c.Rule.Window).UnixMilli()
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
	k, start := Check{rule, key}.slot(l.now())
	var n int
	err := l.db.Write.QueryRowContext(ctx, `INSERT INTO rate_counters (key, window_start, count) VALUES ($1, $2, 1)
		ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + 1
		RETURNING count`, k, start).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("ratelimit: %s: %w", rule.Name, err)
	}
	return n <= rule.Limit, nil
}

// Taken is the attempts one Take counted, in the windows current then.
type Taken struct {
	at     time.Time
	checks []Check
}

// Take counts one attempt under every check, in tx, while each is within
// its limit, and reports false at the first that is not. The caller then
// rolls tx back, so that a refused attempt counts for nothing under any
// check. Counting is a conditional increment of one row per check, which
// also holds that row until tx ends: two requests taking the same checks
// run one after the other.
func (l *Limiter) Take(ctx context.Context, tx *sql.Tx, checks ...Check) (Taken, bool, error) {
	t := Taken{at: l.now(), checks: checks}
	for _, c := range checks {
		k, start := c.slot(t.at)
		var n int
		err := tx.QueryRowContext(ctx, `INSERT INTO rate_counters (key, window_start, count) VALUES ($1, $2, 1)
			ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + 1
			WHERE rate_counters.count < $3
			RETURNING count`, k, start, c.Rule.Limit).Scan(&n)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return Taken{}, false, nil
		case err != nil:
			return Taken{}, false, fmt.Errorf("ratelimit: %s: %w", c.Rule.Name, err)
		case n > c.Rule.Limit: // a rule that allows nothing
			return Taken{}, false, nil
		}
	}
	return t, true, nil
}

// GiveBack uncounts the attempts of t, which did not happen after all.
func (l *Limiter) GiveBack(ctx context.Context, t Taken) error {
	return l.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, c := range t.checks {
			k, start := c.slot(t.at)
			if _, err := tx.ExecContext(ctx, `UPDATE rate_counters SET count = count - 1
				WHERE key = $1 AND window_start = $2 AND count > 0`, k, start); err != nil {
				return fmt.Errorf("ratelimit: give back %s: %w", c.Rule.Name, err)
			}
		}
		return nil
	})
}

// Prune deletes counters whose windows ended before cutoff, and the
// failures of backoffs last seen before it.
func (l *Limiter) Prune(ctx context.Context, cutoff time.Time) error {
	_, err := l.db.Write.ExecContext(ctx, `DELETE FROM rate_counters WHERE window_start < $1`, cutoff.UnixMilli())
	if err == nil {
		_, err = l.db.Write.ExecContext(ctx, `DELETE FROM rate_backoff WHERE last_at < $1`, cutoff.UnixMilli())
	}
	if err != nil {
		return fmt.Errorf("ratelimit: prune: %w", err)
	}
	return nil
}
