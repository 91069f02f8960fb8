package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/demo"
)

// offSite are the redirect targets that browsers took to another
// host, as the form decodes them and as sent, and their kin.
var offSite = []string{
	"/./%5Cevil.example/phish", "/./\\evil.example/phish", "/%09/evil.example", "/\t/evil.example",
	"//evil.example", "/\\evil.example", "\\/evil.example", "/%2F%2Fevil.example", "/%5C%5Cevil.example",
	"%2F%2Fevil.example", "/%0d%0a/evil.example", "/\r\n/evil.example", "/ /evil.example", "/\u3000/evil.example",
	"/\u00a0/evil.example", "https://evil.example", "javascript:alert(1)", "/..//evil.example", "/./%5C",
}

// TestNextStaysOnSiteInEveryFlow sends each off-site target, raw and
// percent-encoded once more, through every flow that carries next: staff
// sign-in, the one-time code's two pages, the welcome page and the name
// form. Each answers with its own default, never the target.
func TestNextStaysOnSiteInEveryFlow(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		var targets []string
		for _, p := range offSite {
			targets = append(targets, p, url.PathEscape(p))
		}
		for i, next := range targets {
			e.Clock.Advance(16 * time.Minute) // every address limit starts afresh
			staff := e.Client()
			if form, _ := staff.Get("/signin/staff?next=" + url.QueryEscape(next)).Form("/signin/staff"); form.Get("next") != "/" {
				t.Errorf("staff form for next=%q carries %q", next, form.Get("next"))
			}
			r := staff.PostForm("/signin/staff", url.Values{"email": {demo.AdminEmail}, "password": {demo.Password}, "next": {next}})
			expectLocation(t, "staff sign-in", next, r, "/admin")

			citizen := e.Client()
			phone := fmt.Sprintf("0912555%04d", i)
			r = citizen.PostForm("/signup", url.Values{"phone": {phone}, "next": {next}})
			expectLocation(t, "code request", next, r, "/signin/code?next=%2F")
			r = citizen.PostForm("/signin/code", url.Values{"code": {e.SMS.LastCode(t, phone)}, "next": {next}})
			expectLocation(t, "code", next, r, "/account?welcome=1")

			page := citizen.Get("/account?welcome=1&next=" + url.QueryEscape(next))
			if form, _ := page.Form("/account/name"); form.Get("next") != "" || strings.Contains(page.Body, "بدون نام ادامه دهید") {
				t.Errorf("welcome page for next=%q carries %q on", next, form.Get("next"))
			}
			r = citizen.PostForm("/account/name", url.Values{"name": {"مریم"}, "next": {next}})
			expectLocation(t, "name", next, r, "/account")
		}
	})
}

func expectLocation(t *testing.T, flow, next string, r apptest.Response, want string) {
	t.Helper()
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != want {
		t.Errorf("%s with next=%q: %d to %q, want 303 to %q", flow, next, r.Status, r.Header.Get("Location"), want)
	}
}

// A page that needs sign-in sends the visitor to sign in with the page,
// query and all, as next, and staff sign-in brings them back to it.
func TestNextKeepsTheWayBack(t *testing.T) {
	t.Parallel()
	e := apptest.New(t, "sqlite")
	const page = "/admin/audit?x=1&y=%2F2"
	c := e.Client()
	r := c.Get(page)
	expectLocation(t, "anonymous visit", page, r, "/signin?next=/admin/audit%3Fx%3D1%26y%3D%252F2")
	if form, _ := c.Get(r.Header.Get("Location")).Form("/signin"); form.Get("next") != page {
		t.Errorf("sign-in form carries next=%q, want %q", form.Get("next"), page)
	}
	r = c.PostForm("/signin/staff", url.Values{"email": {demo.AdminEmail}, "password": {demo.Password}, "next": {page}})
	expectLocation(t, "staff sign-in", page, r, page)
}

// A second request for a code within the minute is told, on the code
// page and as information, that the code already sent stands; that code
// signs in.
func TestCodeAlreadySentIsInformation(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		const phone = "09125550000"
		c := e.Client()
		expectLocation(t, "code request", "", c.PostForm("/signin", url.Values{"phone": {phone}}), "/signin/code?next=%2F")
		code := e.SMS.LastCode(t, phone)
		e.Clock.Advance(30 * time.Second)
		expectLocation(t, "second request", "", c.PostForm("/signin", url.Values{"phone": {phone}}), "/signin/code?next=%2F")
		if n := e.SMS.Count(phone); n != 1 {
			t.Fatalf("%d codes texted, want 1", n)
		}
		page := c.Get("/signin/code")
		if page.Status != http.StatusOK || !strings.Contains(page.Body, `<div class="flash" role="status">کد یکبار مصرف پیش‌تر به این شماره پیامک شده`) ||
			strings.Contains(page.Body, "error-summary") {
			t.Fatalf("code page after a second request: %d\n%.2000s", page.Status, page.Body)
		}
		expectLocation(t, "the first code", "", c.PostForm("/signin/code", url.Values{"code": {code}}), "/account?welcome=1")
	})
}
