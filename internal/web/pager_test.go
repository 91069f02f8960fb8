package web

import (
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
)

// Page numbers are typed in any digits; what is not a whole number from
// 1 is refused, and a lenient listing reads it as the first page.
func TestPageNumberOf(t *testing.T) {
	t.Parallel()
	cases := map[string]int{"": 1, "3": 3, "۱۲": 12, "٤": 4, "0": 0, "-2": 0, "abc": 0, "2.5": 0, "99999999": 0}
	for in, want := range cases {
		n, err := PageNumberOf(url.Values{"page": {in}}, "page")
		if want == 0 {
			if apperr.CodeOf(err) != apperr.Invalid || n != 1 || PageParam(url.Values{"page": {in}}, "page") != 1 {
				t.Errorf("%q: %d, %v; want a refusal and page 1 for lenient listings", in, n, err)
			}
			continue
		}
		if n != want || err != nil {
			t.Errorf("%q: %d, %v; want %d", in, n, err, want)
		}
	}
}

func TestPageWindow(t *testing.T) {
	t.Parallel()
	w := PageWindow(2530, 50, 99)
	if w.Page != 51 || w.Pages != 51 || w.Offset() != 2500 {
		t.Errorf("past the end: %+v", w)
	}
	if w := PageWindow(0, 50, 3); w.Page != 1 || w.Pages != 1 || w.Range(i18n.Fa, 0) != "" {
		t.Errorf("empty: %+v", w)
	}
	if got := PageWindow(2530, 50, 1).Range(i18n.Fa, 50); got != "۱ تا ۵۰ از ۲٬۵۳۰" {
		t.Errorf("range %q", got)
	}
	if got := PageWindow(2530, 50, 51).Range(i18n.En, 30); got != "2,501 to 2,530 of 2,530" {
		t.Errorf("range %q", got)
	}
	// Counted after reading: the page asked stays, and leads back to the last.
	w = PageAt(9, 20).Of(45)
	if w.Page != 9 || w.Pages != 3 || w.Offset() != 160 {
		t.Errorf("unclamped: %+v", w)
	}
	if p := w.Pager(i18n.Fa, "/x", nil, "page"); p.Prev != "/x?page=3" || p.Next != "" {
		t.Errorf("past the end links %q and %q", p.Prev, p.Next)
	}
}

// Links keep the query but the language, and the first page's leaves the
// page number out.
func TestWindowPager(t *testing.T) {
	t.Parallel()
	v := url.Values{"q": {"شهر"}, "lang": {"en"}, "page": {"2"}}
	p := PageWindow(120, 50, 2).Pager(i18n.Fa, "/list", v, "page")
	if p.Prev != "/list?q=%D8%B4%D9%87%D8%B1" || p.Next != "/list?page=3&q=%D8%B4%D9%87%D8%B1" {
		t.Errorf("links %q, %q", p.Prev, p.Next)
	}
	if p.Label != "صفحه‌های فهرست" || p.PrevText != "صفحه قبل" || p.NextText != "صفحه بعد" || !p.Shown() {
		t.Errorf("texts %+v", p)
	}
	if p := PageWindow(10, 50, 1).Pager(i18n.En, "/list", nil, "page"); p.Shown() {
		t.Errorf("one page shows a pager: %+v", p)
	}
}

func TestNumbered(t *testing.T) {
	t.Parallel()
	p := PageWindow(1000, 50, 10).Numbered(i18n.Fa, "/r", nil, "page")
	var b strings.Builder
	for _, n := range p.Numbers {
		switch {
		case n.Text == "":
			b.WriteString("… ")
		case n.Current:
			b.WriteString("[" + n.Text + "] ")
		default:
			b.WriteString(n.Text + " ")
		}
	}
	if got := b.String(); got != "۱ … ۸ ۹ [۱۰] ۱۱ ۱۲ … ۲۰ " {
		t.Errorf("numbers %q", got)
	}
	if p.Numbers[0].URL != "/r" || p.Numbers[len(p.Numbers)-1].URL != "/r?page=20" {
		t.Errorf("urls %+v", p.Numbers)
	}
	if p := PageWindow(40, 50, 1).Numbered(i18n.Fa, "/r", nil, "page"); p.Numbers != nil {
		t.Errorf("one page numbered: %+v", p.Numbers)
	}
}

func TestCursorToken(t *testing.T) {
	t.Parallel()
	c := Cursor{Key: 1767225600000, ID: 42, Page: 3}
	got, err := ParseCursor(c.Token())
	if got != c || err != nil {
		t.Errorf("round trip: %+v, %v", got, err)
	}
	if c, err := ParseCursor(""); !c.Zero() || err != nil {
		t.Errorf("empty: %+v, %v", c, err)
	}
	for _, bad := range []string{"not-a-cursor", "MTIz", Cursor{Key: 1, ID: 0, Page: 1}.Token(), Cursor{Key: 1, ID: 2, Page: 0}.Token()} {
		if _, err := ParseCursor(bad); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// A cursor pager walks forward and back: the first page has no previous
// link, a page reached by a cursor links both ways with the numbers of
// the pages it leads to, and going back to the start says page 1.
func TestCursorPager(t *testing.T) {
	t.Parallel()
	keep := url.Values{"kind": {"seminar"}}
	first, last := Cursor{Key: 10, ID: 1}, Cursor{Key: 20, ID: 2}
	start, _ := ReadCursor(url.Values{})
	p := start.Pager(i18n.Fa, "/events", keep, first, last, 2, true)
	if p.Prev != "" || p.Here != "صفحه ۱" || p.NextText != "صفحه بعد (۲)" {
		t.Fatalf("first page %+v", p)
	}
	next, err := ReadCursor(mustQuery(t, p.Next))
	if err != nil || next.Back || next.At.Page != 2 || next.At.ID != 2 || mustQuery(t, p.Next).Get("kind") != "seminar" {
		t.Fatalf("next link %q: %+v %v", p.Next, next, err)
	}
	p = next.Pager(i18n.Fa, "/events", keep, Cursor{Key: 30, ID: 3}, Cursor{Key: 40, ID: 4}, 2, false)
	if p.Here != "صفحه ۲" || p.Next != "" || p.PrevText != "صفحه قبل (۱)" {
		t.Fatalf("last page %+v", p)
	}
	back, _ := ReadCursor(mustQuery(t, p.Prev))
	if !back.Back || back.At.ID != 3 || back.At.Page != 1 {
		t.Fatalf("prev link %q: %+v", p.Prev, back)
	}
	if p := back.Pager(i18n.En, "/events", keep, first, last, 2, false); p.Here != "Page 1" || p.Prev != "" || p.Next == "" {
		t.Errorf("back at the start %+v", p)
	}
	if p := next.Pager(i18n.En, "/events", keep, first, last, 0, false); p.Shown() || p.Here != "Page 2" {
		t.Errorf("an empty page %+v", p)
	}
}

func mustQuery(t *testing.T, link string) url.Values {
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

// The layout's partials render a pager and a field as pages showed them.
func TestPagerAndFieldPartials(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{"p.html": {Data: []byte(`{{define "content"}}{{template "pager" .Pager}}|` +
		`{{$f := .Field "slug" "pager.pages" "pager.next"}}{{template "field" $f}}<input id="slug"{{$f.Described}}></div>|` +
		`{{template "field" .FieldGroup "where" "pager.prev" "pager.page"}}</fieldset>|` +
		`{{$f := .Field "plain" "pager.prev" ""}}{{template "field" $f}}<input id="plain"{{$f.Described}}></div>|` +
		`{{template "field-error" .Field "slug" "" ""}}{{end}}`)}}
	r, err := newRenderer()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.add("x", fsys); err != nil {
		t.Fatal(err)
	}
	type data struct {
		Page
		Pager Pager
	}
	pg := Page{L: i18n.Fa, Errors: []apperr.Field{{Name: "slug", Msg: i18n.Text{Fa: "<نادرست>", En: "bad"}}}}
	d := data{Page: pg, Pager: PageWindow(1000, 50, 3).Numbered(i18n.Fa, "/r", url.Values{"q": {`a"b`}}, "page")}
	var b strings.Builder
	if err := r.pages[i18n.Fa]["x/p"].ExecuteTemplate(&b, "content", d); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		`<nav class="pager" aria-label="صفحه‌های فهرست">`,
		`<a href="/r?page=2&amp;q=a%22b" rel="prev">صفحه قبل</a>`,
		`<a href="/r?page=3&amp;q=a%22b" aria-current="page"><strong>۳</strong></a>`,
		`<span>…</span>`, `<a href="/r?page=4&amp;q=a%22b" rel="next">صفحه بعد</a>`,
		"<div class=\"has-error\">\n<label for=\"slug\">صفحه‌های فهرست<span class=\"hint\" id=\"slug-hint\">صفحه بعد</span></label>\n" +
			`<p class="field-error" id="slug-error">&lt;نادرست&gt;</p>` + "\n" + `<input id="slug" aria-describedby="slug-hint slug-error"></div>|`,
		"<fieldset id=\"where\">\n<legend>صفحه قبل</legend>\n<p class=\"hint\" id=\"where-hint\">صفحه %s</p>\n</fieldset>|",
		"<div>\n<label for=\"plain\">صفحه قبل</label>\n<input id=\"plain\"></div>|",
		"|<p class=\"field-error\" id=\"slug-error\">&lt;نادرست&gt;</p>\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s\nin %s", want, got)
		}
	}
}

// A strict listing refuses a page past its last, as well as a page
// number that is not one.
func TestStrictWindow(t *testing.T) {
	t.Parallel()
	for in, ok := range map[string]bool{"": true, "۳": true, "4": false, "0": false, "abc": false} {
		w, err := StrictWindow(url.Values{"page": {in}}, "page", 120, 50)
		if (err == nil) != ok || (ok && w.Pages != 3) {
			t.Errorf("page=%q: %+v, %v", in, w, err)
		}
		if !ok && apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("page=%q: %v, want a 400", in, err)
		}
	}
}
