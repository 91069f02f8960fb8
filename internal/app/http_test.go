package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/web"
)

func TestCitizenSignUpThroughPages(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Client()
		r := c.Get("/signup")
		if r.Status != 200 || !strings.Contains(r.Body, `<html lang="fa" dir="rtl">`) || !strings.Contains(r.Body, "ثبت‌نام") {
			t.Fatalf("sign-up page: %d\n%.500s", r.Status, r.Body)
		}
		r = c.PostForm("/signup", url.Values{"phone": {"۰۹۱۲ ۳۴۵ ۶۷۸۹"}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/signin/code?next=%2F" {
			t.Fatalf("send code: %d %s", r.Status, r.Header.Get("Location"))
		}
		r = c.Get("/signin/code")
		if r.Status != 200 || !strings.Contains(r.Body, "۰۹۱۲۳۴۵۶۷۸۹") || !strings.Contains(r.Body, `autocomplete="one-time-code"`) {
			t.Fatalf("code page: %d\n%.1500s", r.Status, r.Body)
		}
		r = c.PostForm("/signin/code", url.Values{"code": {"12"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "کد یکبار مصرف ۶ رقم است") ||
			!strings.Contains(r.Body, `class="error-summary"`) {
			t.Fatalf("short code: %d\n%.1500s", r.Status, r.Body)
		}
		r = c.PostForm("/signin/code", url.Values{"code": {e.SMS.LastCode(t, "09123456789")}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/account?welcome=1" {
			t.Fatalf("confirm: %d %s", r.Status, r.Header.Get("Location"))
		}
		r = c.Get("/account?welcome=1")
		if r.Status != 200 || !strings.Contains(r.Body, "به شهر خوش آمدید") {
			t.Fatalf("account: %d\n%.800s", r.Status, r.Body)
		}
		var me struct{ Data struct{ Phone string } }
		if r = c.Get("/api/v1/me"); json.Unmarshal([]byte(r.Body), &me) != nil || me.Data.Phone != "09123456789" {
			t.Fatalf("/api/v1/me: %s", r.Body)
		}
	})
}

// TestNewCitizenGoesOn: a citizen who signs up on the way to a page (the
// vote, say) is welcomed on their account and, once they give a name or
// follow the welcome's link, taken on to that page, not left on /account.
func TestNewCitizenGoesOn(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		const target = "/budgets?x=1&y=2"
		c := e.Client()
		r := c.PostForm("/signup", url.Values{"phone": {"09120000077"}, "next": {target}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("send code: %d", r.Status)
		}
		r = c.PostForm(r.Header.Get("Location"), url.Values{"code": {e.SMS.LastCode(t, "09120000077")}})
		welcome := "/account?welcome=1&next=" + url.QueryEscape(target)
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != welcome {
			t.Fatalf("confirm: %d %q, want %q", r.Status, r.Header.Get("Location"), welcome)
		}
		page := c.Get(welcome)
		form, _ := page.Form("/account/name")
		if !strings.Contains(page.Body, `href="/budgets?x=1&amp;y=2"`) || form.Get("next") != target {
			t.Fatalf("the welcome page does not carry the way on: next %q\n%.2000s", form.Get("next"), page.Body)
		}
		form.Set("name", "مریم")
		if r := c.PostForm("/account/name", form); r.Status != http.StatusSeeOther || r.Header.Get("Location") != target {
			t.Errorf("after the name: %d %q", r.Status, r.Header.Get("Location"))
		}
		// Elsewhere on the site the name form stays on the account.
		form, _ = c.Get("/account").Form("/account/name")
		form.Set("name", "مریم احمدی")
		if r := c.PostForm("/account/name", form); r.Header.Get("Location") != "/account" {
			t.Errorf("a later rename goes to %q", r.Header.Get("Location"))
		}
		// A next that leaves the site is dropped.
		form.Set("next", "//evil.example/")
		if r := c.PostForm("/account/name", form); r.Header.Get("Location") != "/account" {
			t.Errorf("a foreign next is followed: %q", r.Header.Get("Location"))
		}
	})
}

func TestSessionCookie(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Client()
		c.PostForm("/signup", url.Values{"phone": {"09120000001"}})
		r := c.PostForm("/signin/code", url.Values{"code": {e.SMS.LastCode(t, "09120000001")}})
		ck := sessionCookie(t, r)
		if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure || ck.MaxAge <= 0 {
			t.Fatalf("session cookie over http: %+v", ck)
		}
	})
	tls := apptest.NewTLS(t, "sqlite")
	c := tls.Client()
	r := c.PostForm("/signin/staff", url.Values{"email": {"admin@shahr.example"}, "password": {"shahr-demo-1405"}})
	if ck := sessionCookie(t, r); !ck.Secure || !ck.HttpOnly {
		t.Fatalf("session cookie over TLS is not Secure: %+v", ck)
	}
	if hsts := r.Header.Get("Strict-Transport-Security"); hsts == "" {
		t.Fatal("no HSTS over TLS")
	}
}

func sessionCookie(t *testing.T, r apptest.Response) *http.Cookie {
	t.Helper()
	for _, ck := range (&http.Response{Header: r.Header}).Cookies() {
		if ck.Name == web.SessionCookie {
			return ck
		}
	}
	t.Fatalf("no session cookie set; status %d", r.Status)
	return nil
}

func TestSignInRotatesAndSignOutRevokes(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Superuser()
		first := c.Cookie(web.SessionCookie)
		// Signing in again from the same browser replaces the session.
		r := c.PostForm("/signin/staff", url.Values{"email": {"admin@shahr.example"}, "password": {"shahr-demo-1405"}})
		second := c.Cookie(web.SessionCookie)
		if r.Status != http.StatusSeeOther || second == first || second == "" {
			t.Fatalf("second sign-in: %d, token changed: %v", r.Status, second != first)
		}
		stale := e.Client()
		stale.SetCookie(web.SessionCookie, first)
		if r := stale.Get("/api/v1/me"); r.Status != http.StatusUnauthorized {
			t.Fatalf("the replaced session still works: %d", r.Status)
		}
		c.PostForm("/signout", url.Values{})
		old := e.Client()
		old.SetCookie(web.SessionCookie, second)
		if r := old.Get("/api/v1/me"); r.Status != http.StatusUnauthorized {
			t.Fatalf("a signed-out session still works: %d", r.Status)
		}
	})
}

func TestRevokeAnotherDevice(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		phone := e.Citizen("09120000002")
		laptop := e.SignInAgain(phone)
		r := laptop.Get("/account/sessions")
		ids := regexp.MustCompile(`/account/sessions/(\d+)/revoke`).FindAllStringSubmatch(r.Body, -1)
		if len(ids) != 2 {
			t.Fatalf("%d sessions listed, want 2\n%s", len(ids), r.Body)
		}
		// Newest first: the second is the phone's.
		if r := laptop.PostForm("/account/sessions/"+ids[1][1]+"/revoke", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("revoke: %d", r.Status)
		}
		if r := phone.Get("/api/v1/me"); r.Status != http.StatusUnauthorized {
			t.Fatalf("revoked device still signed in: %d", r.Status)
		}
		if r := laptop.Get("/api/v1/me"); r.Status != 200 {
			t.Fatalf("this device lost its session: %d", r.Status)
		}
	})
}

func TestCrossOriginPostsAreRefused(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Citizen("09120000003")
		for name, hdr := range map[string]map[string]string{
			"fetch metadata": {"Sec-Fetch-Site": "cross-site"},
			"origin":         {"Origin": "https://evil.example"},
		} {
			req, _ := http.NewRequest(http.MethodPost, e.Server.URL+"/account/name", strings.NewReader("name=hacked"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range hdr {
				req.Header.Set(k, v)
			}
			r := c.Do(req)
			if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "سایت دیگری") {
				t.Errorf("%s: cross-origin post answered %d", name, r.Status)
			}
		}
		if r := c.Get("/account"); strings.Contains(r.Body, "hacked") {
			t.Fatal("a refused cross-origin post changed the name")
		}
		if r := c.PostForm("/account/name", url.Values{"name": {"مریم"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("same-origin post: %d", r.Status)
		}
	})
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	t.Parallel()
	e := apptest.New(t, "sqlite")
	c := e.Client()
	for _, p := range []string{"/", "/orgs/tehran", "/no-such-page", "/static/css/app.css", "/api/v1/orgs", "/api/v1/me"} {
		r := c.Get(p)
		csp := r.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") ||
			r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("X-Frame-Options") != "DENY" ||
			r.Header.Get("X-Request-Id") == "" {
			t.Errorf("%s: missing security headers: %v", p, r.Header)
		}
		if strings.Contains(r.Body, "<script>") || strings.Contains(r.Body, " style=\"") || strings.Contains(r.Body, " onclick=") {
			t.Errorf("%s: inline script or style in the page", p)
		}
	}
}

func TestMalformedPathsNeverFail(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.Superuser()
		cases := map[string]int{
			"/orgs/no-such-org":                             404,
			"/orgs/" + strings.Repeat("x", 5000):            404,
			"/orgs/%D9%85%D9%86%D8%B7%D9%82%D9%87":          404,
			"/orgs/%27%3B%20DROP%20TABLE%20organizations--": 404,
			"/admin/orgs/nope/edit":                         404,
			"/api/v1/orgs/nope":                             404,
			"/api/v1/orgs?limit=abc":                        400,
			"/api/v1/orgs?limit=0":                          400,
			"/api/v1/orgs?offset=-1":                        400,
			"/api/v1/orgs?kind=castle":                      400,
			"/api/v1/orgs?parent=nope":                      404,
			"/admin/audit?before=abc":                       200,
			"/static/":                                      404,
			"/go.mod":                                       404,
		}
		for p, want := range cases {
			if r := admin.Get(p); r.Status != want {
				t.Errorf("GET %s = %d, want %d", p, r.Status, want)
			}
		}
		posts := map[string]int{
			"/admin/orgs/tehran-district-21/staff/abc/revoke":   404,
			"/admin/orgs/tehran-district-21/staff/-1/revoke":    404,
			"/admin/users/99999999999999999999999/block":        404,
			"/account/sessions/0/revoke":                        404,
			"/admin/orgs/tehran-district-21/residents/x/revoke": 404,
		}
		for p, want := range posts {
			if r := admin.PostForm(p, url.Values{}); r.Status != want {
				t.Errorf("POST %s = %d, want %d", p, r.Status, want)
			}
		}
		// A path with dot segments is redirected to its clean form (which then 404s).
		if r := admin.Get("/static/../go.mod"); r.Status != http.StatusTemporaryRedirect || r.Header.Get("Location") != "/go.mod" {
			t.Errorf("GET /static/../go.mod = %d to %q, want a redirect to /go.mod", r.Status, r.Header.Get("Location"))
		}
		// Unknown methods reach the catch-all page: 404, not 500.
		req, _ := http.NewRequest(http.MethodDelete, e.Server.URL+"/orgs/tehran", nil)
		if r := admin.Do(req); r.Status != http.StatusNotFound {
			t.Errorf("DELETE /orgs/tehran = %d, want 404", r.Status)
		}
		if strings.Contains(e.Logs.String(), `"level":"ERROR"`) {
			t.Errorf("bad input was logged as an error:\n%s", e.Logs.String())
		}
	})
}

func TestHealthz(t *testing.T) {
	t.Parallel()
	e := apptest.New(t, "sqlite")
	if r := e.Client().Get("/healthz"); r.Status != 200 || !strings.Contains(r.Body, `"ok"`) {
		t.Fatalf("healthz = %d %s", r.Status, r.Body)
	}
	e.App.DB.Close()
	if r := e.Client().Get("/healthz"); r.Status != http.StatusServiceUnavailable {
		t.Fatalf("healthz with the database closed = %d, want 503", r.Status)
	}
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	e := apptest.New(t, "sqlite")
	c := e.Client()
	c.Get("/orgs/tehran")
	c.Get("/orgs/karaj")
	r := c.Get("/metrics")
	for _, want := range []string{
		`shahr_http_requests_total{method="GET",route="GET /orgs/{slug}",status="200"} 2`,
		`shahr_http_request_duration_seconds_bucket{method="GET",route="GET /orgs/{slug}",le=`,
		`go_sql_open_connections{db_name="read"}`,
		`go_sql_open_connections{db_name="write"}`,
		`go_goroutines`,
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// Each request writes one structured log line, and no line carries a
// session token or a password.
func TestRequestLog(t *testing.T) {
	t.Parallel()
	e := apptest.New(t, "sqlite")
	c := e.Superuser()
	c.Get("/orgs/tehran")
	token := c.Cookie(web.SessionCookie)
	var requests int
	for _, line := range strings.Split(strings.TrimSpace(e.Logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %s", line)
		}
		if rec["msg"] == "request" {
			requests++
			if rec["route"] == nil || rec["status"] == nil || rec["duration"] == nil || rec["id"] == nil {
				t.Errorf("request line lacks fields: %s", line)
			}
		}
		if strings.Contains(line, token) || strings.Contains(line, "shahr-demo-1405\"") && rec["msg"] == "request" {
			t.Errorf("a secret reached the log: %s", line)
		}
	}
	if requests != 2 {
		t.Fatalf("%d request lines for 2 requests", requests)
	}
}

func TestLanguageSwitchSticks(t *testing.T) {
	t.Parallel()
	e := apptest.New(t, "sqlite")
	c := e.Client()
	r := c.Get("/orgs/tehran?lang=en")
	if !strings.Contains(r.Body, `<html lang="en" dir="ltr">`) || !strings.Contains(r.Body, "Tehran Municipality") {
		t.Fatalf("English page:\n%.600s", r.Body)
	}
	r = c.Get("/orgs/karaj")
	if !strings.Contains(r.Body, `<html lang="en" dir="ltr">`) || !strings.Contains(r.Body, "1,592,492") {
		t.Fatalf("the choice did not stick:\n%.2000s", r.Body)
	}
	r = c.Get("/orgs/karaj?lang=fa")
	if !strings.Contains(r.Body, `<html lang="fa" dir="rtl">`) || !strings.Contains(r.Body, "۱٬۵۹۲٬۴۹۲") {
		t.Fatalf("back to Persian:\n%.2000s", r.Body)
	}
}

func TestGrantsNeverCrossOrganizations(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		karajAdmin := e.Staff("k@karaj.example", "karaj", auth.Admin)
		d21Admin := e.Staff("a@d21.example", "tehran-district-21", auth.Admin)
		g, err := e.App.Identity.Grant(context.Background(), 0, e.Org("karaj").Ref(), "09120000009", "viewer")
		if err == nil || g.ID != 0 {
			t.Fatalf("granting to an unknown person: %v", err)
		}
		e.Staff("v@karaj.example", "karaj", auth.Viewer)
		grants, _ := e.App.Identity.GrantsIn(context.Background(), e.Org("karaj").ID)
		var viewer int64
		for _, gr := range grants {
			if gr.Role == auth.Viewer {
				viewer = gr.ID
			}
		}
		// District 21's admin names Karaj's grant under its own path: not found.
		path := "/admin/orgs/tehran-district-21/staff/" + itoa(viewer) + "/revoke"
		if r := d21Admin.PostForm(path, url.Values{}); r.Status != http.StatusNotFound {
			t.Fatalf("revoking another organization's grant: %d, want 404", r.Status)
		}
		if r := karajAdmin.Get("/admin/orgs/karaj/staff"); !strings.Contains(r.Body, "v@karaj.example") {
			t.Fatal("Karaj's grant was touched")
		}
		for _, p := range []string{"/admin/orgs/tehran", "/admin/orgs/tehran-district-21/staff", "/admin/orgs/tehran-21-villashahr"} {
			if r := karajAdmin.Get(p); r.Status != http.StatusForbidden {
				t.Errorf("Karaj's admin GET %s = %d, want 403", p, r.Status)
			}
		}
		if r := d21Admin.Get("/admin/orgs/tehran-21-villashahr"); r.Status != 200 {
			t.Errorf("District 21's admin cannot reach its neighbourhood: %d", r.Status)
		}
		if r := d21Admin.Get("/admin/orgs/tehran"); r.Status != http.StatusForbidden {
			t.Errorf("District 21's admin reached its parent: %d", r.Status)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
