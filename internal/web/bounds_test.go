package web

import (
	"io"
	"log/slog"
	"math"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/persian"
)

func init() {
	i18n.Register(map[string]i18n.Text{
		"test.bound.title": {Fa: "عنوان", En: "Title"},
		"test.bound.seats": {Fa: "ظرفیت", En: "Seats"},
	})
}

var testFields = Fields{
	Text("title", "test.bound.title", 5).Require(),
	Number("seats", "test.bound.seats", -10, 1000),
}

// Every case of a text's length and a number's range: at the limit is
// taken, one past it refused with a message that names the field and the
// limit in both languages, Persian digits in Persian.
func TestFieldsCheck(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		form   url.Values
		bad    []string // the fields refused
		fa, en string   // in the message
	}{
		{"at the limits", url.Values{"title": {"ببببب"}, "seats": {"۱٬۰۰۰"}}, nil, "", ""},
		{"lowest number", url.Values{"title": {"a"}, "seats": {"-10"}}, nil, "", ""},
		{"empty number is absent", url.Values{"title": {"a"}, "seats": {""}}, nil, "", ""},
		{"spaces and CR LF are not counted", url.Values{"title": {"  ab\r\ncd  "}}, nil, "", ""},
		{"combining marks compose", url.Values{"title": {"e\u0301e\u0301e\u0301e\u0301e\u0301"}}, nil, "", ""},
		{"text one over", url.Values{"title": {"بببببب"}}, []string{"title"},
			"«عنوان» حداکثر ۵ نویسه است؛ متن فرستاده‌شده ۶ نویسه دارد.", "Title must be at most 5 characters; the text sent has 6."},
		{"required", url.Values{"title": {"  "}}, []string{"title"}, "«عنوان» را پر کنید.", "Title is required."},
		{"number one over", url.Values{"title": {"a"}, "seats": {"1001"}}, []string{"seats"},
			"«ظرفیت» باید عددی درست از -۱۰ تا ۱٬۰۰۰ باشد.", "Seats must be a whole number from -10 to 1,000."},
		{"number one under", url.Values{"title": {"a"}, "seats": {"-11"}}, []string{"seats"}, "از -۱۰ تا ۱٬۰۰۰", "from -10 to 1,000"},
		{"not a number", url.Values{"title": {"a"}, "seats": {"12.5"}}, []string{"seats"}, "عددی درست", "whole number"},
		{"overflow", url.Values{"title": {"a"}, "seats": {"99999999999999999999"}}, []string{"seats"}, "عددی درست", "whole number"},
		{"every value of a repeated field", url.Values{"title": {"a", "بببببب"}}, []string{"title"}, "۶ نویسه", "has 6"},
		{"both fields at once", url.Values{"title": {"abcdef"}, "seats": {"x"}}, []string{"title", "seats"}, "«ظرفیت»", "Seats must"},
	} {
		err := testFields.check(c.form)
		if c.bad == nil {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		ae, ok := apperr.As(err)
		if !ok || ae.Code != apperr.OutOfBounds || len(ae.Fields) != len(c.bad) {
			t.Errorf("%s: %v, want out of bounds on %v", c.name, err, c.bad)
			continue
		}
		for i, f := range ae.Fields {
			if f.Name != c.bad[i] {
				t.Errorf("%s: field %d is %s, want %s", c.name, i, f.Name, c.bad[i])
			}
		}
		if !strings.Contains(ae.Msg.Fa, c.fa) || !strings.Contains(ae.Msg.En, c.en) {
			t.Errorf("%s: message %q / %q, want %q / %q", c.name, ae.Msg.Fa, ae.Msg.En, c.fa, c.en)
		}
	}
}

func TestParseNumber(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{
		"0": 0, "۱۲۰٬۰۰۰٬۰۰۰": 120_000_000, "١٢٣": 123, "12,345": 12345, " 7 ": 7, "+5": 5, "-5": -5, "\u22125": -5,
		"۱ ۰۰۰": 1000, "9223372036854775807": math.MaxInt64, "-9223372036854775808": math.MinInt64,
		"\u200f۴۲\u200e": 42,
	} {
		if n, ok := ParseNumber(in); !ok || n != want {
			t.Errorf("ParseNumber(%q) = %d, %v; want %d", in, n, ok, want)
		}
	}
	for _, in := range []string{"", " ", "-", "+-5", "--5", "5-", "1.5", "۱٫۵", "1e3", "0x10", "abc", "9223372036854775808", "-9223372036854775809"} {
		if n, ok := ParseNumber(in); ok {
			t.Errorf("ParseNumber(%q) = %d, want no number", in, n)
		}
	}
}

// FuzzParseNumber checks the form-number parser against math/big on any
// input: it reads a number exactly when the text, once its digits are ASCII
// and its separators gone, is an optional sign and digits whose value
// int64 holds; and every int64 written in Persian or English, with its
// separators, reads back as itself.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"0", "۱۲۰٬۰۰۰٬۰۰۰", "١٢٣", "-5", "+5", "\u22125", " 1 000 ", "99999999999999999999",
		"-9223372036854775808", "9223372036854775807", "9223372036854775808", "1.5", "--1", "\u200f۴۲", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := ParseNumber(s)
		digits, negative := persian.StripNumber(s), false
		for _, sign := range []string{"+", "-", "\u2212"} {
			if rest, found := strings.CutPrefix(digits, sign); found {
				digits, negative = rest, sign != "+"
				break
			}
		}
		want, wantOK := new(big.Int), digits != "" && strings.Trim(digits, "0123456789") == ""
		if wantOK {
			want.SetString(digits, 10)
			if negative {
				want.Neg(want)
			}
			wantOK = want.IsInt64()
		}
		if ok != wantOK || (ok && n != want.Int64()) {
			t.Fatalf("ParseNumber(%q) = %d, %v; want %s, %v", s, n, ok, want, wantOK)
		}
		if !ok {
			return
		}
		for _, text := range []string{persian.FormatInt(n), persian.FormatIntEn(n), strconv.FormatInt(n, 10)} {
			if back, ok := ParseNumber(text); !ok || back != n {
				t.Fatalf("%d written %q reads back as %d, %v", n, text, back, ok)
			}
		}
	})
}

// A route's body limit holds whatever its handler reads with: a form over
// it is refused, 413, and its handler never runs; a field over its bound
// is refused, 422, by ParseForm; a route's limit grows with its fields.
func TestRouteBodyLimits(t *testing.T) {
	t.Parallel()
	s, err := New(Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Registry: prometheus.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	ran := 0
	handle := func(w http.ResponseWriter, r *http.Request) error {
		ran++
		if err := ParseForm(w, r); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	long := Fields{Text("text", "test.bound.title", 50_000)}
	s.Handle(Route{Method: "POST", Pattern: "/short", Access: Public, Form: testFields, Handle: handle},
		Route{Method: "POST", Pattern: "/long", Access: Public, Form: long, Handle: handle},
		Route{Method: "POST", Pattern: "/reads-nothing", Access: Public,
			Handle: func(w http.ResponseWriter, r *http.Request) error { ran++; _ = r.PostFormValue("x"); return nil }})
	if got, want := (Route{Form: long}).MaxBody(), int64(DefaultMaxBody+50_000*urlEncodedRune+len("text")+2); got != want {
		t.Errorf("a form of one 50,000-character field may send %d bytes, want %d", got, want)
	}
	post := func(path, body string, chunked bool) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if chunked {
			r.ContentLength = -1
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		return w
	}
	over := "x=" + strings.Repeat("a", int(Route{Form: testFields}.MaxBody()))
	for _, c := range []struct {
		path, body string
		chunked    bool
		status     int
		runs       bool
	}{
		{"/short", "title=abc&seats=5", false, http.StatusNoContent, true},
		{"/short", "title=abcdef", false, http.StatusUnprocessableEntity, true},
		{"/short", over, false, http.StatusRequestEntityTooLarge, false},
		{"/short", over, true, http.StatusRequestEntityTooLarge, false},
		{"/reads-nothing", over, true, http.StatusRequestEntityTooLarge, false},
		{"/long", "text=" + url.QueryEscape(strings.Repeat("ب", 50_000)), false, http.StatusNoContent, true},
		{"/long", "text=" + url.QueryEscape(strings.Repeat("ب", 50_001)), false, http.StatusUnprocessableEntity, true},
	} {
		before := ran
		w := post(c.path, c.body, c.chunked)
		if w.Code != c.status || (ran > before) != c.runs {
			t.Errorf("POST %s of %d bytes (chunked %v): %d, handler ran %v; want %d, %v", c.path, len(c.body), c.chunked,
				w.Code, ran > before, c.status, c.runs)
		}
		// The short form's limit is 64 KiB and its fields' few bytes: 64 KB, rounded down.
		if c.status == http.StatusRequestEntityTooLarge && !strings.Contains(w.Body.String(), "۶۴ کیلوبایت") {
			t.Errorf("POST %s: the refusal does not say the limit: %s", c.path, w.Body.String())
		}
	}
}

// BenchmarkFieldsCheck checks a form as long as the practices' at their
// limits: six texts of 10,000 Persian characters and six short fields.
func BenchmarkFieldsCheck(b *testing.B) {
	var fs Fields
	form := url.Values{}
	for i := range 12 {
		name, n := "f"+strconv.Itoa(i), 200
		if i < 6 {
			n = 10_000
		}
		fs = append(fs, Text(name, "test.bound.title", n))
		form.Set(name, strings.Repeat("ب", n))
	}
	for b.Loop() {
		if err := fs.check(form); err != nil {
			b.Fatal(err)
		}
	}
}
