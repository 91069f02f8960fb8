package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/persian"
)

// Query reads the query parameters of an API request, each as the OpenAPI
// document describes it. A reader given a bad value records the problem
// and returns the default, so a handler reads every parameter and then
// asks Err once: the answer is one 400 naming every bad parameter, in
// Persian and English. An empty parameter (?limit=) is an absent one.
type Query struct {
	values url.Values
	bad    []apperr.Field
}

// QueryOf returns the reader of r's query parameters.
func QueryOf(r *http.Request) *Query { return &Query{values: r.URL.Query()} }

// NoMax is the upper bound of a whole number that has none but its type's.
const NoMax = math.MaxInt64

// String is the parameter's text, "" when absent.
func (q *Query) String(name string) string { return q.values.Get(name) }

// Require records every one of names that is absent.
func (q *Query) Require(names ...string) {
	for _, n := range names {
		if q.values.Get(n) == "" {
			q.add(n, fmt.Sprintf("پارامتر %s لازم است.", n), fmt.Sprintf("%s is required.", n))
		}
	}
}

// Int reads a whole number in any digit script, with or without
// thousands separators, from lo to hi (NoMax: no bound); def when absent.
func (q *Query) Int(name string, def, lo, hi int64) int64 {
	s := q.values.Get(name)
	if s == "" {
		return def
	}
	n, ok := persian.ParseWhole(s)
	if ok && n >= lo && n <= hi {
		return n
	}
	if hi == NoMax {
		q.add(name, fmt.Sprintf("%s باید عددی درست و دست‌کم %s باشد.", name, persian.FormatInt(lo)),
			fmt.Sprintf("%s must be a whole number, %d or more.", name, lo))
	} else {
		q.add(name, fmt.Sprintf("%s باید عددی درست از %s تا %s باشد.", name, persian.FormatInt(lo), persian.FormatInt(hi)),
			fmt.Sprintf("%s must be a whole number from %d to %d.", name, lo, hi))
	}
	return def
}

// Enum reads one of allowed; "" when absent.
func Enum[T ~string](q *Query, name string, allowed []T) T {
	s := T(q.values.Get(name))
	if s == "" || slices.Contains(allowed, s) {
		return s
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	q.add(name, fmt.Sprintf("%s باید یکی از این‌ها باشد: %s.", name, strings.Join(names, "، ")),
		fmt.Sprintf("%s must be one of: %s.", name, strings.Join(names, ", ")))
	return ""
}

// Check reads a text that ok accepts; "" when absent. form says what
// such a text is, for the error ("a two-letter country code").
func (q *Query) Check(name string, ok func(string) bool, form i18n.Text) string {
	s := q.values.Get(name)
	if s == "" || ok(s) {
		return s
	}
	q.add(name, fmt.Sprintf("%s باید %s باشد.", name, form.Fa), fmt.Sprintf("%s must be %s.", name, form.En))
	return ""
}

// Time reads an RFC 3339 instant or a calendar date (the day's start in
// UTC); the zero time when absent.
func (q *Query) Time(name string) time.Time {
	s := q.values.Get(name)
	if s == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t
	}
	q.add(name, fmt.Sprintf("%s باید زمانی به شکل RFC 3339 یا تاریخی باشد، مانند 2026-11-22T10:00:00Z یا 2026-11-22.", name),
		fmt.Sprintf("%s must be an RFC 3339 instant or a date, such as 2026-11-22T10:00:00Z or 2026-11-22.", name))
	return time.Time{}
}

func (q *Query) add(name, fa, en string) {
	q.bad = append(q.bad, apperr.Field{Name: name, Msg: i18n.Text{Fa: fa, En: en}})
}

// Err is nil when every parameter read was good, else an Invalid error
// whose message is every problem's, and whose fields name each parameter.
func (q *Query) Err() error {
	if len(q.bad) == 0 {
		return nil
	}
	fa, en := make([]string, len(q.bad)), make([]string, len(q.bad))
	for i, f := range q.bad {
		fa[i], en[i] = f.Msg.Fa, f.Msg.En
	}
	e := apperr.New(apperr.Invalid, strings.Join(fa, " "), strings.Join(en, " "))
	e.Fields = q.bad
	return e
}
