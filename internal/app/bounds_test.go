package app_test

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/web"
)

// TestFieldBounds walks the route table: every bound of every route's
// form (Route.Form) is sent at its limit, which is stored, and one past
// it, which is refused, 422, with a message naming the field and its
// limit, and nothing stored. A number is tried at both ends. A route
// that bounds its form needs a case in boundCases saying how to post a
// valid form of it; the bounds themselves come from the route, so that a
// field added to a form is tried at once.
func TestFieldBounds(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		run := newBoundsRun(t, e)
		bounded := map[string]bool{}
		for _, rt := range e.App.Web.Routes() {
			if len(rt.Form) == 0 {
				continue
			}
			bounded[rt.Key()] = true
			post, ok := boundCases[rt.Key()]
			if !ok {
				t.Errorf("%s bounds its form, and boundCases has no case for it: add one", rt.Key())
				continue
			}
			for _, b := range rt.Form {
				run.tryBound(rt.Key(), b, post)
			}
		}
		for key := range boundCases {
			if !bounded[key] {
				t.Errorf("boundCases has a case for %s, which bounds no form", key)
			}
		}
	})
}

// tryBound sends b's field at its limits and past them. A refusal shown on
// the form links to the field from the form's error summary.
func (run *boundsRun) tryBound(route string, b web.Bound, post boundCase) {
	t := run.t
	label, ok := i18n.Lookup(b.Label)
	if !ok {
		t.Errorf("%s: the label %q of field %s is not in the catalog", route, b.Label, b.Name)
	}
	at, over := boundValues(b, run.next())
	for _, v := range at {
		s := post(run, b.Name)
		if r := s.send(b.Name, v); r.Status >= 400 {
			t.Errorf("%s: %s at its limit (%.40q…, %d characters) refused: %d\n%.1500s", route, b.Name, v,
				len([]rune(v)), r.Status, r.Body)
		}
	}
	for _, v := range over {
		s := post(run, b.Name)
		before := run.fingerprint()
		r := s.send(b.Name, v)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "«"+label.Fa+"»") ||
			!strings.Contains(r.Body, persian.FormatInt(b.Max)) {
			t.Errorf("%s: %s past its limit (%d characters): %d, want 422 naming «%s» and %s\n%.1500s", route, b.Name,
				len([]rune(v)), r.Status, label.Fa, persian.FormatInt(b.Max), r.Body)
		}
		// A page with several forms names their fields apart: doc-title, title_fa-12.
		link := regexp.MustCompile(`href="#([a-z]+-)?` + regexp.QuoteMeta(b.Name) + `(-[0-9]+)?"`)
		if strings.Contains(r.Body, `class="error-summary"`) && !link.MatchString(r.Body) {
			t.Errorf("%s: %s past its limit: the form's error summary does not link to the field", route, b.Name)
		}
		if after := run.fingerprint(); after != before {
			t.Errorf("%s: %s past its limit changed the database:\n%s\nto\n%s", route, b.Name, before, after)
		}
	}
}

// boundValues are the values at b's limits and just past them: a text of
// Max characters and one of Max+1 (made unlike any other run's by tag); a
// number's Min and Max, and one under and over them.
func boundValues(b web.Bound, tag int) (at, over []string) {
	if !b.Number {
		return []string{fill(b.Name, int(b.Max), tag)}, []string{fill(b.Name, int(b.Max)+1, tag)}
	}
	at = []string{strconv.FormatInt(b.Max, 10), strconv.FormatInt(b.Min, 10)}
	if b.Max < math.MaxInt64 {
		over = append(over, strconv.FormatInt(b.Max+1, 10))
	}
	if b.Min > math.MinInt64 {
		over = append(over, strconv.FormatInt(b.Min-1, 10))
	}
	return at, over
}

// fill is a value of field n characters long that its form takes: an
// address, a telephone number, a list of tags or short addresses, a
// GeoJSON point, or else Persian letters, its first two telling tag's
// apart, so that names that must differ do.
func fill(field string, n, tag int) string {
	pad := func(head, unit, tail string) string {
		k := n - len([]rune(head)) - len([]rune(tail))
		return head + strings.Repeat(unit, k) + tail
	}
	switch {
	case strings.Contains(field, "email"):
		return pad("", "a", "@example.org")
	case field == "url" || strings.HasSuffix(field, "_url") || field == "website":
		return pad("https://example.org/", "a", "")
	case strings.Contains(field, "phone"):
		return pad("", "1-", "")[:n] // 1-1-1-: at most 20 digits within 32 characters
	case field == "tags": // ten tags of 40 letters, with commas and spaces between them
		return tagList(n)
	case field == "organizers":
		return pad("tehran-council", ",", "")
	case field == "geometry":
		return pad(`{"type":"Point",`, " ", `"coordinates":[51.4,35.7]}`)
	case field == "password":
		return strings.Repeat("a", n)
	}
	// Letters the normalizer leaves as they are, and no suffix it would
	// join to the word with a half-space.
	letters := []rune("ابپتثجچحخدذرزژسشصضطظعغفقلمنو")
	k := len(letters)
	return string([]rune{letters[tag/k%k], letters[tag%k]}) + strings.Repeat("ب", n-2)
}

// tagList is ten tags of 40 letters, n characters with the commas and
// the spaces spread between them.
func tagList(n int) string {
	const tags, letters = 10, 40
	spaces := n - tags*letters - (tags - 1)
	var b strings.Builder
	for i := range tags {
		if i > 0 {
			b.WriteString("," + strings.Repeat(" ", spaces/(tags-1)))
			if i <= spaces%(tags-1) {
				b.WriteString(" ")
			}
		}
		b.WriteString(strings.Repeat("ب", letters))
	}
	return b.String()
}

// send posts the form with field set to v: the first of its values, for a
// field the form repeats.
func (s submission) send(field, v string) apptest.Response {
	form := url.Values{}
	for k, vs := range s.form {
		form[k] = append([]string(nil), vs...)
	}
	if len(form[field]) > 0 {
		form[field][0] = v
	} else {
		form.Set(field, v)
	}
	if s.fileField != "" {
		return s.c.PostMultipart(s.path, form, s.fileField, s.files)
	}
	return s.c.PostForm(s.path, form)
}

// submission is one valid post of a route's form.
type submission struct {
	c         *apptest.Client
	path      string
	form      url.Values
	fileField string            // a multipart form's file field; "" for an URL-encoded form
	files     map[string][]byte // its files
}

// boundCase makes a valid submission of a route's form afresh, with the
// records it needs made for it; field is the field about to be tried, for
// a route whose form depends on it (a membership's steps).
type boundCase func(run *boundsRun, field string) submission

// boundsRun is one engine's run: its application, the clients that post
// the forms, the records every case shares, and a counter that keeps each
// submission's records apart.
type boundsRun struct {
	t       *testing.T
	e       *apptest.Env
	ctx     context.Context
	super   *apptest.Client
	citizen *apptest.Client
	n       int
	shared  map[string]any // records made once, by name
}

func newBoundsRun(t *testing.T, e *apptest.Env) *boundsRun {
	return &boundsRun{t: t, e: e, ctx: context.Background(), super: e.Superuser(), citizen: e.Citizen("09127770001"),
		shared: map[string]any{}}
}

// next numbers a submission's records.
func (run *boundsRun) next() int {
	run.n++
	return run.n
}

// once returns the record called name, made by make the first time.
func once[T any](run *boundsRun, name string, make func() T) T {
	if v, ok := run.shared[name]; ok {
		return v.(T)
	}
	v := make()
	run.shared[name] = v
	return v
}

// must stops the test on a fixture that could not be made.
func (run *boundsRun) must(err error, what string) {
	run.t.Helper()
	if err != nil {
		run.t.Fatalf("%s: %v", what, err)
	}
}

// created posts a valid form and returns where it leads: the new record.
func (run *boundsRun) created(c *apptest.Client, path string, form url.Values) string {
	run.t.Helper()
	r := c.PostForm(path, form)
	if r.Status != http.StatusSeeOther {
		run.t.Fatalf("POST %s: %d\n%.1500s", path, r.Status, r.Body)
	}
	return r.Header.Get("Location")
}

// pageForm reads the form posting to action from the page at path.
func (run *boundsRun) pageForm(c *apptest.Client, path, action string) url.Values {
	run.t.Helper()
	f, ok := c.Get(path).Form(action)
	if !ok {
		run.t.Fatalf("%s has no form posting to %s", path, action)
	}
	return f
}

// fingerprint is the number of rows of every table: a refused form
// leaves it as it was (an edit changes none, but is audited, and the
// audit log is a table too).
func (run *boundsRun) fingerprint() string {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
	if run.e.App.DB.Dialect == store.Postgres {
		q = `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`
	}
	tables, err := store.QueryAll(run.ctx, run.e.App.DB.Read, func(r store.Scanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	}, q)
	run.must(err, "tables")
	var b strings.Builder
	for _, table := range tables {
		var n int
		run.must(run.e.App.DB.Read.QueryRowContext(run.ctx, `SELECT count(*) FROM `+table).Scan(&n), table)
		fmt.Fprintf(&b, "%s %d\n", table, n)
	}
	return b.String()
}
