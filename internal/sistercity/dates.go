package sistercity

import (
	"database/sql"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/persian"
)

// isoDay is a Gregorian day as ISO 8601 writes it; compiled at the first
// ParseDay, not at start-up.
var isoDay = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`) })

// ParseDay reads a day typed in a form: Jalali ("۱۴۰۵/۰۹/۰۱",
// "1 آذر 1405") or Gregorian ISO ("2026-11-22"). Jalali years are below
// 1700 for centuries to come and Gregorian ones above it, so the year
// tells them apart. Empty text is the zero time (no day).
func ParseDay(s string) (time.Time, error) {
	s = strings.TrimSpace(persian.ToASCIIDigits(s))
	if s == "" {
		return time.Time{}, nil
	}
	if m := isoDay().FindStringSubmatch(s); m != nil {
		if y, _ := strconv.Atoi(m[1]); y >= 1700 {
			return time.ParseInLocation(time.DateOnly, s, jalali.Tehran())
		}
	}
	d, err := jalali.Parse(s)
	if err != nil {
		return time.Time{}, err
	}
	return d.In(jalali.Tehran()), nil
}

// dayText is a day as stored: Gregorian 'YYYY-MM-DD', NULL when unknown.
func dayText(t time.Time) any {
	if s := ISODay(t); s != "" {
		return s
	}
	return nil
}

// dayScanner reads a stored day into a time at Tehran's midnight.
type dayScanner struct{ dst *time.Time }

func scanDay(dst *time.Time) *dayScanner { return &dayScanner{dst} }

func (d *dayScanner) Scan(v any) error {
	var s sql.NullString
	if err := s.Scan(v); err != nil || !s.Valid {
		return err
	}
	t, err := time.ParseInLocation(time.DateOnly, s.String, jalali.Tehran())
	*d.dst = t
	return err
}

// ISODay is a day as the API writes it, or "" when unknown.
func ISODay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(jalali.Tehran()).Format(time.DateOnly)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
