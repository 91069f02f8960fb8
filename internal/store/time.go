package store

import (
	"fmt"
	"time"
)

// Instants are stored as BIGINT milliseconds since the Unix epoch (UTC) on
// both engines. One representation means one code path, exact comparisons in
// SQL (expires_at > $1) and no driver-specific time parsing.

// Millis converts an instant for storage. The zero time is stored as NULL.
func Millis(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// Time returns a scanner that reads a stored instant into *dst, leaving the
// zero time for NULL.
func Time(dst *time.Time) *TimeScanner { return &TimeScanner{dst: dst} }

// TimeScanner implements sql.Scanner for stored instants.
type TimeScanner struct{ dst *time.Time }

// Scan implements sql.Scanner.
func (s *TimeScanner) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*s.dst = time.Time{}
	case int64:
		*s.dst = time.UnixMilli(x).UTC()
	default:
		return fmt.Errorf("store: cannot scan %T as an instant", v)
	}
	return nil
}
