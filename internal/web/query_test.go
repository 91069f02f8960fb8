package web

import (
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
)

func queryFor(raw string) *Query { return QueryOf(httptest.NewRequest("GET", "/api/x?"+raw, nil)) }

// Good values are read, in any digit script and with separators; absent
// and empty ones give the default.
func TestQueryReadsGoodValues(t *testing.T) {
	t.Parallel()
	q := queryFor("limit=%DB%B2%DB%B5&offset=1,200&page=&kind=b&from=2026-11-22&to=2026-11-23T10:00:00%2B03:30&c=IR&s=x+y")
	if got := q.Int("limit", 100, 1, 500); got != 25 {
		t.Errorf("limit ۲۵: %d", got)
	}
	if got := q.Int("offset", 0, 0, NoMax); got != 1200 {
		t.Errorf("offset 1,200: %d", got)
	}
	if got := q.Int("page", 1, 1, NoMax); got != 1 {
		t.Errorf("empty page: %d, want the default", got)
	}
	if got := q.Int("absent", 7, 1, 9); got != 7 {
		t.Errorf("absent: %d, want the default", got)
	}
	if got := Enum(q, "kind", []string{"a", "b"}); got != "b" {
		t.Errorf("kind: %q", got)
	}
	if got := q.Time("from"); !got.Equal(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("from: %v", got)
	}
	if got := q.Time("to"); !got.Equal(time.Date(2026, 11, 23, 6, 30, 0, 0, time.UTC)) {
		t.Errorf("to: %v", got)
	}
	if got := q.Check("c", func(s string) bool { return len(s) == 2 }, i18n.Text{Fa: "دو حرف", En: "two letters"}); got != "IR" {
		t.Errorf("c: %q", got)
	}
	if got := q.String("s"); got != "x y" {
		t.Errorf("s: %q", got)
	}
	q.Require("limit", "s")
	if err := q.Err(); err != nil {
		t.Errorf("good values: %v", err)
	}
}

// Every bad value is named in one Invalid error, with a message in each
// language, and its reader returns the default.
func TestQueryRefusesBadValues(t *testing.T) {
	t.Parallel()
	q := queryFor("limit=0&offset=-1&page=abc&big=99999999999999999999&kind=z&from=yesterday&c=usa")
	got := []int64{q.Int("limit", 100, 1, 500), q.Int("offset", 0, 0, NoMax), q.Int("page", 1, 1, NoMax), q.Int("big", 3, 1, NoMax)}
	if !slices.Equal(got, []int64{100, 0, 1, 3}) {
		t.Errorf("bad numbers read as %v, want the defaults", got)
	}
	if k := Enum(q, "kind", []string{"a", "b"}); k != "" {
		t.Errorf("kind: %q", k)
	}
	if f := q.Time("from"); !f.IsZero() {
		t.Errorf("from: %v", f)
	}
	if c := q.Check("c", func(s string) bool { return len(s) == 2 }, i18n.Text{Fa: "دو حرف", En: "two letters"}); c != "" {
		t.Errorf("c: %q", c)
	}
	q.Require("org")
	ae, ok := apperr.As(q.Err())
	if !ok || ae.Code != apperr.Invalid {
		t.Fatalf("Err: %v", q.Err())
	}
	want := map[string]string{
		"limit":  "limit must be a whole number from 1 to 500.",
		"offset": "offset must be a whole number, 0 or more.",
		"page":   "page must be a whole number, 1 or more.",
		"big":    "big must be a whole number, 1 or more.",
		"kind":   "kind must be one of: a, b.",
		"from":   "from must be an RFC 3339 instant or a date",
		"c":      "c must be two letters.",
		"org":    "org is required.",
	}
	wantFa := map[string]string{"limit": "از ۱ تا ۵۰۰", "offset": "دست‌کم ۰", "kind": "یکی از این‌ها باشد: a، b", "org": "لازم است", "c": "دو حرف"}
	if len(ae.Fields) != len(want) {
		t.Errorf("%d fields, want %d: %+v", len(ae.Fields), len(want), ae.Fields)
	}
	for _, f := range ae.Fields {
		if !strings.HasPrefix(f.Msg.En, want[f.Name]) || want[f.Name] == "" {
			t.Errorf("%s: %q, want %q", f.Name, f.Msg.En, want[f.Name])
		}
		if !strings.Contains(f.Msg.Fa, f.Name) || !strings.Contains(f.Msg.Fa, wantFa[f.Name]) || f.Msg.Fa == f.Msg.En {
			t.Errorf("%s in Persian: %q", f.Name, f.Msg.Fa)
		}
		if !strings.Contains(ae.Msg.En, f.Msg.En) || !strings.Contains(ae.Msg.Fa, f.Msg.Fa) {
			t.Errorf("the error's message does not hold %s's: %q", f.Name, ae.Msg)
		}
	}
}
