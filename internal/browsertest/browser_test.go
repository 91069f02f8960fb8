package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image/png"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/shahr-city/shahr/internal/app"
	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

const (
	// testTimeout bounds a whole test, browser included, so that a hung
	// browser fails the test instead of hanging it.
	testTimeout = 60 * time.Second
	// stepTimeout bounds one wait for a page condition. It is only a limit
	// for failure: every wait ends as soon as its DOM condition holds.
	stepTimeout = 20 * time.Second

	defaultChromium = "/usr/bin/chromium"

	// Phone viewport of the screenshots (CSS pixels and device scale).
	phoneWidth, phoneHeight, phoneScale = 390, 844, 2
)

// env is one running application and one Chromium tab pointed at it.
type env struct {
	t      testing.TB
	app    *app.App
	clock  *apptest.Clock // the application's clock
	srv    *httptest.Server
	logs   *apptest.SyncBuffer // the application's JSON log
	chrome *apptest.SyncBuffer // Chromium's own stdout and stderr
	tab    context.Context
}

// chromiumPath returns the Chromium binary, skipping the test when there is
// none (or failing it under CI, which installs Chromium).
func chromiumPath(t testing.TB) string {
	t.Helper()
	exe := os.Getenv("SHAHR_CHROMIUM")
	if exe == "" {
		exe = defaultChromium
	}
	fi, err := os.Stat(exe)
	if err == nil && (fi.IsDir() || fi.Mode()&0o111 == 0) {
		err = errors.New("not an executable file")
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium is required in CI but %s is unusable (%v); CI must run apt-get install -y chromium, or set SHAHR_CHROMIUM", exe, err)
		}
		t.Skip("chromium not installed: apt-get install chromium")
	}
	return exe
}

// start boots the application on a copy of the demo's SQLite snapshot, its
// clock stopped at apptest.Start, serves it over HTTP and opens a headless
// Chromium tab at a phone's size.
func start(t *testing.T) *env {
	t.Helper()
	return startWithClock(t, nil)
}

// startWithClock is start with the application reading the time from
// clock (a new one at apptest.Start when nil), so a test can move it on.
func startWithClock(t *testing.T, clock *apptest.Clock) *env {
	t.Helper()
	exe := chromiumPath(t)

	logs := &apptest.SyncBuffer{}
	if clock == nil {
		clock = apptest.NewClock(apptest.Start)
	}
	// No SMS gateway: the codes are written to the log, as on a laptop.
	cfg := apptest.Config(apptest.DemoURL(t, store.SQLite), clock, nil,
		slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	a, err := app.New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("start app: %v", err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(func() { srv.Close(); a.Close() })

	// Cleanups run last-in first-out: the tab closes, then the browser is
	// stopped and waited for, then its profile directory is removed, then
	// the server stops.
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	chrome := &apptest.SyncBuffer{}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), // /dev/shm is tiny in containers
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.CombinedOutput(chrome),
	)
	t.Cleanup(cancelAlloc)
	tab, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelTab)

	e := &env{t: t, app: a, clock: clock, srv: srv, logs: logs, chrome: chrome, tab: tab}
	// The first action starts the browser.
	if err := chromedp.Do(tab, chromedp.EmulateViewport(phoneWidth, phoneHeight,
		chromedp.EmulateScale(phoneScale), chromedp.EmulateMobile, chromedp.EmulatePortrait)); err != nil {
		t.Fatalf("start chromium %s: %v\nchromium output:\n%s", exe, err, chrome.String())
	}
	return e
}

// with returns the environment reporting to another test (a subtest).
func (e *env) with(t testing.TB) *env { c := *e; c.t = t; return &c }

// url is the absolute address of a path on the test server.
func (e *env) url(path string) string { return e.srv.URL + path }

// run runs one action with the step limit, failing the test with the state
// of the page when it does not succeed.
func run[T any](e *env, what string, a chromedp.Action[T]) T {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.tab, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		e.t.Fatalf("%s: %v\n%s", what, err, e.describe())
	}
	return v
}

// do runs actions that return nothing, in order.
func (e *env) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	e.t.Helper()
	run(e, what, chromedp.Steps(steps...))
}

// eval evaluates a JavaScript expression (awaiting a promise result).
func eval[T any](e *env, expr string) T {
	e.t.Helper()
	return run(e, "evaluate "+expr, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// clickAndLoad clicks the element and waits for the page the click leads to
// (after any redirects) to fire its load event.
func clickAndLoad[S chromedp.Selectable](sel S) chromedp.Action[chromedp.Void] {
	wait := chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(sel))
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := wait(ctx, t)
		return chromedp.Void{}, err
	}
}

// describe tells where the tab is and what it shows, for failure messages.
func (e *env) describe() string {
	if e.tab.Err() != nil {
		return "(browser context ended: " + e.tab.Err().Error() + ")\nchromium output:\n" + e.chrome.String()
	}
	ctx, cancel := context.WithTimeout(e.tab, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`location.href + "\n" + (document.body ? document.body.innerText : "(no body)")`))
	if err != nil {
		return "(page state unavailable: " + err.Error() + ")"
	}
	if len(s) > 2000 {
		s = s[:2000] + "…"
	}
	return "page " + s
}

// path is the path of the tab's current address.
func (e *env) path() string {
	e.t.Helper()
	return eval[string](e, `location.pathname`)
}

// fontsReady waits until the page's web fonts have finished loading.
func (e *env) fontsReady() {
	e.t.Helper()
	eval[bool](e, `document.fonts.ready.then(() => true)`)
}

const smsLogMsg = "sms (log sender; not delivered)"

var sixDigits = regexp.MustCompile(`[0-9]{6}`)

// smsCode reads the one-time code of the newest SMS to phone from the
// application's log, as an operator without a gateway would, and returns
// it in ASCII digits.
func (e *env) smsCode(phone string) string {
	e.t.Helper()
	var text string
	found := false
	for line := range strings.Lines(e.logs.String()) {
		var rec struct {
			Msg  string `json:"msg"`
			To   string `json:"to"`
			Text string `json:"text"`
		}
		if json.Unmarshal([]byte(line), &rec) != nil {
			continue
		}
		if rec.Msg == smsLogMsg && rec.To == phone {
			text, found = rec.Text, true
		}
	}
	if !found {
		e.t.Fatalf("no SMS to %s in the log:\n%s", phone, e.logs.String())
	}
	code := sixDigits.FindString(persian.ToASCIIDigits(text))
	if code == "" {
		e.t.Fatalf("SMS to %s has no 6-digit code: %q", phone, text)
	}
	return code
}

// outputDir is where screenshots go: $SHAHR_TEST_OUTPUT, or else
// testout/browser at the repository root.
func outputDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("SHAHR_TEST_OUTPUT")
	if dir == "" {
		root, err := storetest.ModuleRoot()
		if err != nil {
			t.Fatalf("find the repository root: %v", err)
		}
		dir = filepath.Join(root, "testout", "browser")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("create output folder: %v", err)
	}
	return dir
}

// screenshot saves a full-page PNG of the tab as name.png in the output
// folder, after the fonts have loaded, and checks that it is a real image.
func (e *env) screenshot(name string) string {
	e.t.Helper()
	e.fontsReady()
	buf := run(e, "screenshot "+name, chromedp.FullScreenshot(100))
	path := filepath.Join(outputDir(e.t), name+".png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		e.t.Fatalf("save screenshot: %v", err)
	}
	// Check what was written, not what was meant to be.
	saved, err := os.ReadFile(path)
	if err != nil {
		e.t.Fatalf("read back screenshot: %v", err)
	}
	if len(saved) == 0 {
		e.t.Fatalf("screenshot %s is empty", path)
	}
	img, err := png.Decode(bytes.NewReader(saved))
	if err != nil {
		e.t.Fatalf("screenshot %s is not a PNG: %v", path, err)
	}
	if b := img.Bounds(); b.Dx() < phoneWidth || b.Dy() < phoneHeight/2 {
		e.t.Errorf("screenshot %s is only %dx%d pixels", path, b.Dx(), b.Dy())
	}
	e.t.Logf("screenshot: %s (%dx%d)", path, img.Bounds().Dx(), img.Bounds().Dy())
	return path
}

// staffMember creates a staff account with the test password and grants
// it role in the organization slug.
func staffMember(t *testing.T, e *env, email, name, slug string, role auth.Role) {
	t.Helper()
	ctx := context.Background()
	if _, err := e.app.Identity.CreateStaff(ctx, 0, identity.StaffInput{Email: email, Name: name, Password: apptest.StaffPassword}); err != nil {
		t.Fatalf("create the staff member %s: %v", email, err)
	}
	if _, err := e.app.Identity.Grant(ctx, 0, orgRef(t, e, slug), email, string(role)); err != nil {
		t.Fatalf("grant %s the role %s in %s: %v", email, role, slug, err)
	}
}

// staffSignIn signs a staff member in through the staff sign-in page,
// asking to go on to next, and checks that the browser lands there.
func staffSignIn(e *env, email, next string) {
	e.t.Helper()
	e.do("sign in as "+email,
		chromedp.Navigate(e.url("/signin/staff?next="+url.QueryEscape(next))),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), apptest.StaffPassword),
		clickAndLoad(chromedp.CSS(`form[action="/signin/staff"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("main h1")))
	if path := e.path(); path != next {
		e.t.Fatalf("after the staff sign-in %s is at %s, want %s\n%s", email, path, next, e.describe())
	}
}

// shoot checks the page and saves its screenshot at the phone's size as
// name, then checks it again and saves it at a desktop's as name-desktop.
func (e *env) shoot(name string) {
	e.t.Helper()
	checkPage(e)
	e.screenshot(name)
	e.desktop(func() {
		checkPage(e)
		e.screenshot(name + "-desktop")
	})
}

// mainHas checks that the page's <main> shows each of wants.
func mainHas(e *env, wants ...string) {
	e.t.Helper()
	text := mainText(e)
	for _, want := range wants {
		if !strings.Contains(text, want) {
			e.t.Errorf("%s does not show %q:\n%s", e.path(), want, text)
		}
	}
}

// otherBrowser runs fn with a tab in a fresh browser context, another
// person's browser sharing no cookies with e's, and fails the test on an
// error in that tab's console.
func (e *env) otherBrowser(fn func(o *env)) {
	e.t.Helper()
	o, done := e.newBrowser()
	defer done()
	console := watchConsole(o)
	fn(o)
	console.check(e.t)
}
