package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

const (
	typedPhone = "۰۹۱۲۳۴۵۶۷۸۹" // what the citizen types, in Persian digits
	phone      = "09123456789" // its canonical form, as the SMS log has it
)

// TestCitizenSignsUpWithCodeFromLog signs a new citizen up in a real
// browser: a mobile number typed in Persian digits, the code read from the
// SMS log, then the account page, in Persian and after switching to English.
func TestCitizenSignsUpWithCodeFromLog(t *testing.T) {
	t.Parallel()
	e := start(t)

	// The sign-up page: type the number in Persian digits and ask for a code.
	e.do("open /signup", chromedp.Navigate(e.url("/signup")), chromedp.WaitVisible(chromedp.ID("phone")))
	e.do("type the phone", chromedp.SendKeys(chromedp.ID("phone"), typedPhone))
	if got := run(e, "read the phone field", chromedp.Value(chromedp.ID("phone"))); got != typedPhone {
		t.Fatalf("phone field holds %q after typing %q", got, typedPhone)
	}
	e.do("send the code",
		clickAndLoad(chromedp.CSS(`form[action="/signup"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("code")))
	if p := e.path(); p != "/signin/code" {
		t.Fatalf("after asking for a code the browser is at %s, want /signin/code\n%s", p, e.describe())
	}
	e.screenshot("signup-1-code")

	// The code page: the code comes from the log, never from the database.
	code := e.smsCode(phone)
	e.do("type the code", chromedp.SendKeys(chromedp.ID("code"), code))
	e.do("confirm the code",
		clickAndLoad(chromedp.CSS(`form[action="/signin/code"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/account/name"]`)))

	// The account page, in Persian.
	if p := e.path(); p != "/account" {
		t.Errorf("after confirming the code the browser is at %s, want /account", p)
	}
	if q := eval[string](e, `location.search`); q != "?welcome=1" {
		t.Errorf("a new citizen lands on /account%s, want /account?welcome=1", q)
	}
	checkDirection(e, "fa", "rtl")
	if h1 := strings.TrimSpace(run(e, "read h1", chromedp.TextContent(chromedp.CSS("h1")))); h1 != "حساب من" {
		t.Errorf("account h1 = %q, want %q", h1, "حساب من")
	}
	body := eval[string](e, `document.title + "\n" + document.body.innerText`)
	if !strings.Contains(body, typedPhone) {
		t.Errorf("the account page does not show the phone %s:\n%s", typedPhone, body)
	}
	for _, r := range []rune{'\u064A', '\u0643'} { // Arabic yeh and kaf
		if i := strings.IndexRune(body, r); i >= 0 {
			t.Errorf("the account page has Arabic %U %q (Persian uses ی and ک) near %q", r, r, around(body, i))
		}
	}
	checkSessionCookie(e)
	e.screenshot("signup-2-account-fa")

	// Switch to English with the language link in the header.
	link := chromedp.CSS(`header a[hreflang="en"]`)
	if txt := strings.TrimSpace(run(e, "read the language link", chromedp.TextContent(link))); txt != "English" {
		t.Fatalf("language link text = %q, want English", txt)
	}
	e.do("switch to English", clickAndLoad(link), chromedp.WaitReady(chromedp.CSS(`html[lang="en"]`)))
	checkDirection(e, "en", "ltr")
	if p := e.path(); p != "/account" {
		t.Errorf("switching language left /account for %s", p)
	}
	if !strings.Contains(eval[string](e, `document.body.innerText`), phone) {
		t.Errorf("the English account page does not show the phone %s", phone)
	}
	e.screenshot("signup-3-account-en")

	// The choice sticks: /account again, with no lang parameter, stays English.
	e.do("reload /account", chromedp.Navigate(e.url("/account")))
	if p := e.path(); p != "/account" {
		t.Fatalf("reloading /account went to %s\n%s", p, e.describe())
	}
	checkDirection(e, "en", "ltr")
}

// checkDirection checks the document's language and direction, and that
// the body is laid out in that direction.
func checkDirection(e *env, lang, dir string) {
	e.t.Helper()
	type facts struct{ Lang, Dir, BodyDirection string }
	got := eval[facts](e, `({
		Lang: document.documentElement.lang,
		Dir: document.documentElement.dir,
		BodyDirection: getComputedStyle(document.body).direction,
	})`)
	want := facts{Lang: lang, Dir: dir, BodyDirection: dir}
	if got != want {
		e.t.Errorf("on %s: lang=%q dir=%q body direction=%q, want lang=%q dir=%q direction=%q",
			e.path(), got.Lang, got.Dir, got.BodyDirection, want.Lang, want.Dir, want.BodyDirection)
	}
}

// checkSessionCookie checks the browser holds an HttpOnly, SameSite=Lax
// session cookie for the server.
func checkSessionCookie(e *env) {
	e.t.Helper()
	res := run(e, "read cookies", func(ctx context.Context, t *chromedp.Target) (network.GetCookiesResult, error) {
		return cdp.Call(ctx, t, network.GetCookies, network.GetCookiesParams{URLs: []string{e.url("/")}})
	})
	var names []string
	for _, c := range res.Cookies {
		names = append(names, c.Name)
		if c.Name != "shahr_session" {
			continue
		}
		if c.Value == "" {
			e.t.Errorf("shahr_session cookie is empty")
		}
		if !c.HTTPOnly {
			e.t.Errorf("shahr_session cookie is not HttpOnly")
		}
		if c.SameSite != network.CookieSameSiteLax {
			e.t.Errorf("shahr_session cookie SameSite = %q, want Lax", c.SameSite)
		}
		return
	}
	e.t.Errorf("no shahr_session cookie after sign-up; the browser has %v", names)
}

// around is the text near byte offset i, for error messages.
func around(s string, i int) string {
	r := []rune(s[:i])
	from := max(0, len(r)-20)
	rest := []rune(s[i:])
	return string(r[from:]) + string(rest[:min(len(rest), 20)])
}
