// Package apptest boots the whole application for tests, on a copy of the
// demo's snapshot — a real SQLite file or a PostgreSQL database made from a
// template — behind a real HTTP server, with a fixed clock, a captured log
// and an SMS gateway that keeps the messages (the one edge the tests cannot
// reach). The demo is built once for every test binary of a run
// (storetest.Clone), never by a test.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/demo"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/sms"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// Start is the fixed instant every environment's clock starts at:
// 1405/08/30 10:00 in Tehran.
var Start = time.Date(2026, 11, 21, 6, 30, 0, 0, time.UTC)

// Env is one running application.
type Env struct {
	T      testing.TB
	App    *app.App
	Server *httptest.Server
	Clock  *Clock
	SMS    *Outbox
	Logs   *SyncBuffer
}

// New starts the application with demo content on the given engine.
func New(t testing.TB, d store.Dialect) *Env { t.Helper(); return start(t, d, false) }

// NewTLS is New served over HTTPS.
func NewTLS(t testing.TB, d store.Dialect) *Env { t.Helper(); return start(t, d, true) }

func start(t testing.TB, d store.Dialect, useTLS bool) *Env {
	t.Helper()
	e := &Env{T: t, Clock: &Clock{now: Start}, SMS: &Outbox{}, Logs: &SyncBuffer{}}
	cfg := Config(DemoURL(t, d), e.Clock, e.SMS, slog.New(slog.NewJSONHandler(e.Logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	a, err := app.New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("start app on %s: %v", d, err)
	}
	e.App = a
	if useTLS {
		e.Server = httptest.NewTLSServer(a.Handler())
	} else {
		e.Server = httptest.NewServer(a.Handler())
	}
	t.Cleanup(func() { e.Server.Close(); a.Close() })
	return e
}

// TestPasswordCost is the argon2id cost of the accounts tests make, the
// demo's included: the least the algorithm allows, so that signing in
// costs microseconds. Servers keep identity.DefaultPasswordCost (proved by
// identity's TestServiceHashesAtProductionCost).
var TestPasswordCost = identity.PasswordCost{Memory: 8, Time: 1, Threads: 1}

// DemoURL returns the URL of a new database holding the demo as loaded at
// Start, on engine d; it is removed when the test ends.
func DemoURL(t testing.TB, d store.Dialect) string {
	t.Helper()
	return storetest.Clone(t, d, "demo", buildDemo)
}

// buildDemo loads the demo into an empty database, as `shahr serve --demo`
// does on first start, with the tests' clock and password cost.
func buildDemo(ctx context.Context, databaseURL string) error {
	cfg := Config(databaseURL, NewClock(Start), &Outbox{}, DiscardLog())
	cfg.Demo = true
	a, err := app.New(ctx, cfg)
	if err != nil {
		return err
	}
	return a.Close()
}

// Config is the application's configuration in tests: the database, the
// clock, the SMS gateway and the log given, and TestPasswordCost. The demo
// is already in the database (DemoURL), so Demo stays false.
func Config(databaseURL string, clock *Clock, sms sms.Sender, log *slog.Logger) app.Config {
	return app.Config{DatabaseURL: databaseURL, Now: clock.Now, SMS: sms, Log: log, PasswordCost: TestPasswordCost}
}

// Each runs fn with a fresh environment on every engine, the engines in
// parallel.
func Each(t *testing.T, fn func(t *testing.T, e *Env)) {
	t.Helper()
	for _, d := range storetest.Engines {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fn(t, New(t, d))
		})
	}
}

// Org returns a demo organization by slug.
func (e *Env) Org(slug string) org.Org {
	e.T.Helper()
	o, err := e.App.Orgs.BySlug(context.Background(), slug)
	if err != nil {
		e.T.Fatalf("org %s: %v", slug, err)
	}
	return o
}

// StaffPassword is the password of accounts made by Staff.
const StaffPassword = "correct horse battery staple"

// Staff creates a staff account holding role in the organization (no role
// when slug is empty) and returns a client signed in as it.
func (e *Env) Staff(email, slug string, role auth.Role) *Client {
	e.T.Helper()
	ctx := context.Background()
	if _, err := e.App.Identity.CreateStaff(ctx, 0, identity.StaffInput{Email: email, Name: "کارمند آزمون", Password: StaffPassword}); err != nil {
		e.T.Fatalf("create staff %s: %v", email, err)
	}
	if slug != "" {
		if _, err := e.App.Identity.Grant(ctx, 0, e.Org(slug).Ref(), email, string(role)); err != nil {
			e.T.Fatalf("grant %s %s in %s: %v", email, role, slug, err)
		}
	}
	return e.SignInStaff(email, StaffPassword)
}

// SignInStaff signs in with email and password through the web form.
func (e *Env) SignInStaff(email, password string) *Client {
	e.T.Helper()
	c := e.Client()
	r := c.PostForm("/signin/staff", url.Values{"email": {email}, "password": {password}})
	if r.Status != http.StatusSeeOther {
		e.T.Fatalf("staff sign-in %s: status %d\n%s", email, r.Status, r.Body)
	}
	return c
}

// Superuser signs in as the demo operator.
func (e *Env) Superuser() *Client { return e.SignInStaff(demo.AdminEmail, demo.Password) }

// Citizen signs up (or in) with a mobile number through the code pages.
func (e *Env) Citizen(phone string) *Client {
	e.T.Helper()
	c := e.Client()
	if r := c.PostForm("/signup", url.Values{"phone": {phone}}); r.Status != http.StatusSeeOther {
		e.T.Fatalf("request code for %s: status %d\n%s", phone, r.Status, r.Body)
	}
	r := c.PostForm("/signin/code", url.Values{"code": {e.SMS.LastCode(e.T, phone)}})
	if r.Status != http.StatusSeeOther {
		e.T.Fatalf("confirm code for %s: status %d\n%s", phone, r.Status, r.Body)
	}
	return c
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// DiscardLog is a logger that drops everything.
func DiscardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// Clock is a settable clock.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Outbox is an SMS gateway that keeps what it is given.
type Outbox struct {
	mu   sync.Mutex
	msgs []sms.Message
	Fail bool // when set, Send fails as an unreachable gateway would
}

// Send keeps the message.
func (o *Outbox) Send(_ context.Context, m sms.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.Fail {
		return io.ErrUnexpectedEOF
	}
	o.msgs = append(o.msgs, m)
	return nil
}

// Count is how many messages went to phone.
func (o *Outbox) Count(phone string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, m := range o.msgs {
		if m.To == phone {
			n++
		}
	}
	return n
}

var codePattern = regexp.MustCompile(`[0-9]{6}`)

// LastCode returns the one-time code in the newest message to phone, in
// ASCII digits.
func (o *Outbox) LastCode(t testing.TB, phone string) string {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	for i := len(o.msgs) - 1; i >= 0; i-- {
		if o.msgs[i].To == phone {
			if code := codePattern.FindString(persian.ToASCIIDigits(o.msgs[i].Text)); code != "" {
				return code
			}
		}
	}
	t.Fatalf("no code was sent to %s", phone)
	return ""
}

// SyncBuffer is a log sink safe for concurrent writers.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything logged so far.
func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Client is a browser-like HTTP client with cookies that does not follow
// redirects, so tests see each response.
type Client struct {
	e    *Env
	http *http.Client
}

// Client returns a new anonymous client.
func (e *Env) Client() *Client {
	jar, _ := cookiejar.New(nil)
	hc := e.Server.Client()
	hc = &http.Client{Transport: hc.Transport, Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &Client{e: e, http: hc}
}

// Response is a read response.
type Response struct {
	Status int
	Header http.Header
	Body   string
}

// Do sends a request built by the caller.
func (c *Client) Do(req *http.Request) Response {
	c.e.T.Helper()
	resp, err := c.http.Do(req)
	if err != nil {
		c.e.T.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}
}

// Get fetches a path.
func (c *Client) Get(path string) Response {
	c.e.T.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.e.Server.URL+path, nil)
	return c.Do(req)
}

// PostForm posts a form as a same-origin browser would.
func (c *Client) PostForm(path string, form url.Values) Response {
	c.e.T.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.e.Server.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.e.Server.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// PostJSON posts a JSON body as a script of the site's own pages would.
func (c *Client) PostJSON(path, body string) Response {
	c.e.T.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.e.Server.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", c.e.Server.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// PostMultipart posts a multipart form as a same-origin browser would,
// with files (name → bytes) under one field.
func (c *Client) PostMultipart(path string, form url.Values, field string, files map[string][]byte) Response {
	c.e.T.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		fw, _ := mw.CreateFormFile(field, name)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.Server.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.e.Server.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// Cookie returns the value of a cookie the client holds for the server.
func (c *Client) Cookie(name string) string {
	u, _ := url.Parse(c.e.Server.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// SetCookie gives the client a cookie for the server, as a browser that
// kept it would send it.
func (c *Client) SetCookie(name, value string) {
	u, _ := url.Parse(c.e.Server.URL)
	c.http.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// SignInAgain signs the citizen of c in from a second browser.
func (e *Env) SignInAgain(c *Client) *Client {
	e.T.Helper()
	r := c.Get("/api/v1/me")
	var me struct{ Data struct{ Phone string } }
	if err := json.Unmarshal([]byte(r.Body), &me); err != nil || me.Data.Phone == "" {
		e.T.Fatalf("who is this client? %s", r.Body)
	}
	return e.Citizen(me.Data.Phone)
}
