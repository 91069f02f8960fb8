package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
)

func init() {
	i18n.Register(map[string]i18n.Text{"test.quote": {Fa: `«نقل» <b>& "قول"`, En: `"quoted" <b> & 'it'`}})
}

// Inlined catalog texts are escaped, in text and in attributes; unknown
// keys stay visible as [key], as the call would have shown them.
func TestTranslatedTemplatesEscape(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{"p.html": {Data: []byte(`{{define "content"}}<p title="{{.T "test.quote"}}">{{.T "test.quote"}}</p>{{.T "test.missing"}}{{end}}`)}}
	r, err := newRenderer()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.add("x", fsys); err != nil {
		t.Fatal(err)
	}
	want := map[i18n.Lang]string{
		i18n.Fa: `«نقل» &lt;b&gt;&amp; &#34;قول&#34;`,
		i18n.En: `&#34;quoted&#34; &lt;b&gt; &amp; &#39;it&#39;`,
	}
	for _, l := range languages {
		var b strings.Builder
		if err := r.pages[l]["x/p"].ExecuteTemplate(&b, "content", Page{L: l}); err != nil {
			t.Fatal(err)
		}
		got := b.String()
		if got != `<p title="`+want[l]+`">`+want[l]+`</p>[test.missing]` {
			t.Errorf("%s: %s", l, got)
		}
	}
}

func TestCardsEscape(t *testing.T) {
	t.Parallel()
	got := string(Cards{{URL: `/orgs/a"b`, Title: "<script>", Note: "x&y"}, {URL: "/orgs/c", Title: "ج"}}.HTML())
	want := `<ul class="cards">` + "\n" + `<li><a href="/orgs/a&#34;b">&lt;script&gt;</a><br><span class="kind">x&amp;y</span></li>` +
		"\n" + `<li><a href="/orgs/c">ج</a></li>` + "\n</ul>"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestStatusForEveryCode(t *testing.T) {
	t.Parallel()
	want := map[apperr.Code]int{apperr.Invalid: 400, apperr.NotFound: 404, apperr.Conflict: 409, apperr.Unauthorized: 401,
		apperr.Forbidden: 403, apperr.RateLimited: 429, apperr.Unavailable: 503, apperr.Internal: 500,
		apperr.OutOfBounds: 422, apperr.TooLarge: 413}
	for code, status := range want {
		if got := Status(code); got != status {
			t.Errorf("Status(%s) = %d, want %d", code, got, status)
		}
	}
}

func TestSafeNext(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"/a/b?c=1": "/a/b?c=1", "//evil.example": "/", "/\\evil": "/",
		"https://evil.example": "/", "": "/", "javascript:alert(1)": "/"} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseFormRefusesHugeBodies(t *testing.T) {
	t.Parallel()
	body := "a=" + strings.Repeat("x", MaxFormBytes+1)
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	err := ParseForm(httptest.NewRecorder(), r)
	if !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("ParseForm of %d bytes: %v, want invalid", len(body), err)
	}
}
