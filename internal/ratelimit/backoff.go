package ratelimit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Backoff spaces out the failed attempts on one key: the first Free
// failures cost nothing; after the Free-th the next attempt waits Base,
// and each further failure doubles the wait, up to Max. A success (Reset)
// forgets the key's failures, and so does a quiet spell of Forget.
//
// It suits a secret that its owner types: the owner who mistypes a few
// times loses nothing, a guesser slows down exponentially, and, keyed by
// account and address, nobody elsewhere is slowed down at all.
type Backoff struct {
	Name   string
	Free   int
	Base   time.Duration
	Max    time.Duration
	Forget time.Duration
}

// Wait is how long the next attempt must wait after the failures-th
// failure in a row.
func (b Backoff) Wait(failures int) time.Duration {
	if failures < b.Free {
		return 0
	}
	d := b.Base
	for i := b.Free; i < failures && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// claimTries bounds how often Attempt retries when concurrent attempts on
// one key keep changing its row; past it the attempt is refused, as only a
// burst of guesses from one address can cause that.
const claimTries = 8

// Attempt claims an attempt on key, counted as a failure unless Reset
// follows it, and returns 0; or, when the key must still wait, claims
// nothing and returns how long is left. The failure is counted before the
// secret is checked, by a compare-and-set on the key's row, so that a
// burst of simultaneous guesses cannot all slip in under one count.
func (l *Limiter) Attempt(ctx context.Context, b Backoff, key string) (time.Duration, error) {
	k := b.Name + ":" + key
	for range claimTries {
		now := l.now()
		var failures int
		var next, last int64
		err := l.db.Write.QueryRowContext(ctx, `SELECT failures, next_at, last_at FROM rate_backoff WHERE key = $1`, k).
			Scan(&failures, &next, &last)
		if errors.Is(err, sql.ErrNoRows) {
			res, err := l.db.Write.ExecContext(ctx, `INSERT INTO rate_backoff (key, failures, next_at, last_at)
				VALUES ($1, 1, $2, $3) ON CONFLICT (key) DO NOTHING`, k, now.Add(b.Wait(1)).UnixMilli(), now.UnixMilli())
			if claimed, err := won(res, err); claimed || err != nil {
				return 0, err
			}
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("ratelimit: %s: %w", b.Name, err)
		}
		count := failures + 1
		if now.Sub(time.UnixMilli(last)) >= b.Forget {
			count = 1
		} else if wait := time.UnixMilli(next).Sub(now); wait > 0 {
			return wait, nil
		}
		res, err := l.db.Write.ExecContext(ctx, `UPDATE rate_backoff SET failures = $1, next_at = $2, last_at = $3
			WHERE key = $4 AND failures = $5 AND last_at = $6`,
			count, now.Add(b.Wait(count)).UnixMilli(), now.UnixMilli(), k, failures, last)
		if claimed, err := won(res, err); claimed || err != nil {
			return 0, err
		}
	}
	return b.Base, nil
}

// won reports whether a conditional write changed its row.
func won(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, fmt.Errorf("ratelimit: backoff: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Reset forgets key's failures after a success.
func (l *Limiter) Reset(ctx context.Context, b Backoff, key string) error {
	if _, err := l.db.Write.ExecContext(ctx, `DELETE FROM rate_backoff WHERE key = $1`, b.Name+":"+key); err != nil {
		return fmt.Errorf("ratelimit: reset %s: %w", b.Name, err)
	}
	return nil
}
