package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// hostileNexts are redirect targets that some browser, or a page that
// decodes once more, would take off this site (or that are no clean local
// path): each must become "/", raw and in every encoded form.
var hostileNexts = []string{
	// The two, as sent and as the form decodes them.
	"/./%5Cevil.example/phish", "/./\\evil.example/phish", "/%09/evil.example", "/\t/evil.example",
	// Another host, spelled every way.
	"//evil", "///evil", "/\\evil", "\\/evil", "\\\\evil", "/\\/evil", "//user@evil",
	"/%2F%2Fevil", "/%2f/evil", "/%5C%5Cevil", "/%5cevil", "%2F%2Fevil", "%5C%5Cevil",
	"/%252F%252Fevil", "/%255Cevil", "/%25252F%25252Fevil",
	// Control characters and white space, ASCII and Unicode.
	"/%0d%0a/evil", "/\r\n/evil", "/%0a/evil", "/\n/evil", "/%00/evil", "/\x7f/evil",
	"/ /evil", " //evil", "/%20/evil", "/evil ", "/\t\t/evil",
	"/\u3000/evil", "/%E3%80%80/evil", "/\u00a0/evil", "/%C2%A0/evil", "/\u2028/evil", "/\u0085/evil",
	// Schemes.
	"https://evil", "http:evil", "https:/evil", "//evil.example/x", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
	"data:text/html,x",
	// Dot segments and paths that are not clean.
	"/..//evil", "/../evil", "/./%5C", "/.//evil", "/%2e%2e//evil", "/%2e/%5Cevil", "/a//b", "/.", "/..",
	// Not UTF-8, not decodable, not a path.
	"/%C0%AF/evil", "/%ff", "/%", "/%zz", "", "evil", "./evil", "?next=//evil", "#x",
}

// localNexts are paths of this site: each is kept as it is, query and
// all, raw and in every encoded form.
var localNexts = []string{
	"/", "/admin", "/admin/audit", "/budgets?x=1&y=2", "/budgets/3/vote?heading=2#ballot", "/static/",
	"/orgs/%D8%AA%D9%87%D8%B1%D8%A7%D9%86", "/orgs/تهران", "/account?welcome=1&next=%2Fbudgets%3Fx%3D1",
	"/a:b", "/x@evil",
}

// localQueries are local paths whose query holds, encoded, what a path
// may not: the query is data, kept as sent (raw only: encoded into the
// path, it would be a hostile path).
var localQueries = []string{"/search?q=%20a%2F%2F%5C", "/orgs?q=%E3%80%80%0A", "/budgets?next=%2F%2Fevil"}

// encodings are a next, its path percent-encoded byte by byte (all but
// the leading slash), and that encoded again.
func encodings(next string) []string {
	enc := func(s string) string {
		lead := ""
		if strings.HasPrefix(s, "/") {
			lead, s = "/", s[1:]
		}
		var b strings.Builder
		b.WriteString(lead)
		for i := range len(s) {
			fmt.Fprintf(&b, "%%%02X", s[i])
		}
		return b.String()
	}
	return []string{next, enc(next), enc(enc(next))}
}

func TestSafeNextRefusesHostilePaths(t *testing.T) {
	t.Parallel()
	for _, raw := range hostileNexts {
		for _, next := range encodings(raw) {
			if got := safeNext(next); got != "/" {
				t.Errorf("safeNext(%q) = %q, want /", next, got)
			}
		}
	}
}

func TestSafeNextKeepsLocalPaths(t *testing.T) {
	t.Parallel()
	var nexts []string
	for _, raw := range localNexts {
		nexts = append(nexts, encodings(raw)...)
	}
	for _, next := range append(nexts, localQueries...) {
		if got := safeNext(next); got != next {
			t.Errorf("safeNext(%q) = %q, want it kept", next, got)
		}
		if host := redirectHost(next); host != site {
			t.Errorf("redirected to %q, a browser goes to %q", next, host)
		}
	}
}

// FuzzSafeNext: whatever next is, safeNext returns it or "/", and a
// browser redirected there, by http.Redirect as the handlers do, stays on
// this site, even after decoding the path again and again.
func FuzzSafeNext(f *testing.F) {
	for _, s := range append(append(append([]string{}, hostileNexts...), localNexts...), localQueries...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got != "/" && got != next {
			t.Fatalf("safeNext(%q) = %q: neither the input nor /", next, got)
		}
		if host := redirectHost(got); host != site {
			t.Fatalf("safeNext(%q) = %q: a browser goes to %q", next, got, host)
		}
	})
}

const site = "shahr.example"

// redirectHost is where a browser on https://shahr.example/signin goes
// when http.Redirect sends it to next, and where it would go were the
// Location decoded once, twice or three times more. It reads URLs as the
// WHATWG URL standard has browsers read http(s) ones: leading and
// trailing C0 controls and spaces trimmed, tabs and newlines dropped, "\"
// taken for "/". A Location a browser cannot read leaves it on the site.
func redirectHost(next string) string {
	rec := httptest.NewRecorder()
	http.Redirect(rec, httptest.NewRequest(http.MethodGet, "https://"+site+"/signin", nil), next, http.StatusSeeOther)
	loc := rec.Header().Get("Location")
	base, _ := url.Parse("https://" + site + "/signin")
	for range 4 {
		s := strings.TrimFunc(loc, func(r rune) bool { return r <= ' ' })
		s = strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(s)
		if ref, err := url.Parse(s); err == nil {
			if host := base.ResolveReference(ref).Host; host != site {
				return host
			}
		}
		decoded, err := url.PathUnescape(loc)
		if err != nil {
			break
		}
		loc = decoded
	}
	return site
}
