package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/persian"
)

// DailyLimit is how many rows of one kind an account may add in a day: a
// module counts them in its own table, inside the transaction that adds
// the next one, so that a refusal stores nothing and every server counts
// the same rows. The day is the calendar day in Tehran; the count starts
// again at midnight there, as the refusal says.
type DailyLimit struct {
	Max int
	// Act is what the account does, in each language, with a %s for the
	// number: "submit %s proposals".
	Act i18n.Text
	// Count is the module's query counting the rows account $1 added at
	// or after the instant $2 (Unix milliseconds).
	Count string
}

// CheckDaily refuses, with a RateLimited error, the row account would add
// at now when it has added l.Max since midnight in Tehran. On PostgreSQL
// it first takes a transaction lock on the account's count, so that two
// requests at once cannot both see one short of the limit; SQLite's one
// writer already runs them one after the other.
func (db *DB) CheckDaily(ctx context.Context, tx *sql.Tx, l DailyLimit, account int64, now time.Time) error {
	if db.Dialect == Postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, $2))`, l.Count, account); err != nil {
			return fmt.Errorf("store: daily limit lock: %w", err)
		}
	}
	today := jalali.Today(now)
	var n int
	if err := tx.QueryRowContext(ctx, l.Count, account, Millis(today.In(jalali.Tehran()))).Scan(&n); err != nil {
		return fmt.Errorf("store: daily limit count: %w", err)
	}
	if n < l.Max {
		return nil
	}
	return l.refusal(today.AddDays(1).In(jalali.Tehran()).Sub(now))
}

// refusal says the limit and how long until it resets.
func (l DailyLimit) refusal(left time.Duration) error {
	fa, en := waitText(left)
	return apperr.New(apperr.RateLimited,
		fmt.Sprintf("هر حساب در یک روز حداکثر می‌تواند %s و شما امروز به این حد رسیده‌اید؛ از نیمه‌شب به وقت تهران (%s دیگر) دوباره می‌توانید.",
			fmt.Sprintf(l.Act.Fa, persian.FormatInt(int64(l.Max))), fa),
		fmt.Sprintf("An account may %s a day, and you have reached that today; you can again from midnight Tehran time (in %s).",
			fmt.Sprintf(l.Act.En, persian.FormatIntEn(int64(l.Max))), en))
}

// waitText writes a wait of under a day in hours and minutes, rounded up
// to the minute.
func waitText(d time.Duration) (fa, en string) {
	mins := int64((d + time.Minute - 1) / time.Minute)
	h, m := mins/60, mins%60
	switch {
	case h == 0:
		return persian.FormatInt(m) + " دقیقه", persian.FormatIntEn(m) + " min"
	case m == 0:
		return persian.FormatInt(h) + " ساعت", persian.FormatIntEn(h) + " h"
	}
	return persian.FormatInt(h) + " ساعت و " + persian.FormatInt(m) + " دقیقه",
		persian.FormatIntEn(h) + " h " + persian.FormatIntEn(m) + " min"
}
