package app_test

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/store"
)

// A route whose path names a record below another (an association's
// benefit, a visit's finding) must answer 404, and write nothing, when the
// record belongs to another parent, even to someone who may act for the
// parent the path names: the secretariat of one association must not
// spend another's benefits. TestNestedIDsBelongToTheirParents sends every
// such route of the route table a child of another parent; the table of
// where to find one (nestedRoutes, nested_cases_test.go) must name every
// nested route, so that a new one cannot escape. A body that names a
// child of the path's parent (a town in a visit's form, a proposal in a
// ballot) is held to the same rule by bodyRoutes.

// notIDs are path wildcards that name no record: a fixed name or a step.
var notIDs = map[string]string{
	"file":   "an export's name, from a fixed list",
	"action": "join or leave, a group's two buttons",
	"step":   "a step of the membership workflow",
}

var wildcard = regexp.MustCompile(`\{([a-z]+)(?:\.\.\.)?\}`)

// idWildcards lists a pattern's wildcards that name records, in order.
func idWildcards(pattern string) []string {
	var out []string
	for _, m := range wildcard.FindAllStringSubmatch(pattern, -1) {
		if _, skip := notIDs[m[1]]; !skip {
			out = append(out, m[1])
		}
	}
	return out
}

// nestedKeys lists the routes with two or more ids in their path, and
// fails unless nestedRoutes has an entry for each and for nothing else.
func nestedKeys(t *testing.T, e *apptest.Env) []string {
	t.Helper()
	var keys []string
	for _, r := range e.App.Web.Routes() {
		if len(idWildcards(r.Pattern)) < 2 {
			continue
		}
		keys = append(keys, r.Key())
		if _, ok := nestedRoutes[r.Key()]; !ok {
			t.Errorf("%s names a child below a parent, and nestedRoutes does not say where to find one of another parent: add it", r.Key())
		}
	}
	for _, k := range slices.Sorted(maps.Keys(nestedRoutes)) {
		if !slices.Contains(keys, k) {
			t.Errorf("nestedRoutes names %s, which is no route with nested ids", k)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	return keys
}

// nestedIDs are a route's path values for a child under its own parents,
// who may act there, and the parents to swap in.
type nestedIDs struct {
	own   map[string]string
	as    *apptest.Client
	swaps []swap
}

// swap puts another parent of the same kind in the path, with someone who
// may act for that parent.
type swap struct {
	param, value string
	as           *apptest.Client
}

// with is own with one parent swapped.
func (n nestedIDs) with(s swap) map[string]string {
	v := maps.Clone(n.own)
	v[s.param] = s.value
	return v
}

// reqBody is what a request sends: a form (multipart with a PDF under
// "files" when files is set) or, for the API, JSON.
type reqBody struct {
	form  url.Values
	files bool
	json  string
}

// nestedCase is where to find, for one route, a child and other parents,
// and a body that succeeds for the child's own parents.
type nestedCase struct {
	ids  func(f *fixture) nestedIDs
	body func(f *fixture) reqBody // nil: an empty form, or none for GET
	// late: the control removes, hides or blocks its child, so it runs
	// after the others.
	late bool
}

// bodyCase is a route whose body names a child of the path's parent.
type bodyCase struct {
	key   string
	ids   func(f *fixture) nestedIDs // swaps unused
	child func(f *fixture) [2]string // the child under the path's parent, and one of another parent
	body  func(f *fixture, child string) reqBody
	want  []int // the refusal of the other parent's child
}

func TestNestedIDsBelongToTheirParents(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		keys := nestedKeys(t, e)
		f := newFixture(t, e)
		ids := make(map[string]nestedIDs, len(keys))
		for _, k := range keys {
			ids[k] = nestedRoutes[k].ids(f)
		}
		bodyIDs := make([]nestedIDs, len(bodyRoutes))
		for i, c := range bodyRoutes {
			bodyIDs[i] = c.ids(f)
		}
		w := watch(t, e)
		crossPaths(t, f, w, keys, ids)
		crossBodies(t, f, w, bodyIDs)
		controls(t, f, keys, ids, bodyIDs)
	})
}

// crossPaths sends every nested route a child of another parent: 404,
// and nothing written.
func crossPaths(t *testing.T, f *fixture, w *tableWatch, keys []string, ids map[string]nestedIDs) {
	for _, k := range keys {
		for _, s := range ids[k].swaps {
			r := f.send(k, ids[k].with(s), s.as, nestedRoutes[k].body)
			what := fmt.Sprintf("%s with %s=%s (own: %v)", k, s.param, s.value, ids[k].own)
			t.Logf("%s: %d", what, r.Status)
			if r.Status != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404\n%.300s", what, r.Status, r.Body)
			}
			w.unchanged(what)
		}
	}
}

// crossBodies sends every body case a child of another parent in its
// body: refused, and nothing written.
func crossBodies(t *testing.T, f *fixture, w *tableWatch, bodyIDs []nestedIDs) {
	for i, c := range bodyRoutes {
		n, child := bodyIDs[i], c.child(f)
		r := f.send(c.key, n.own, n.as, func(f *fixture) reqBody { return c.body(f, child[1]) })
		what := fmt.Sprintf("%s naming %s of another parent in its body", c.key, child[1])
		t.Logf("%s: %d", what, r.Status)
		if !slices.Contains(c.want, r.Status) {
			t.Errorf("%s: status %d, want one of %v\n%.300s", what, r.Status, c.want, r.Body)
		}
		w.unchanged(what)
	}
}

// controls sends every route its child under its own parents, and each
// body case its own child: neither may answer 404 (nor be refused as the
// other parent's child was), so the refusals above are the parent
// check's. The body cases go first: the routes' own controls then meet
// what those did (a member already joined) and still find their child.
func controls(t *testing.T, f *fixture, keys []string, ids map[string]nestedIDs, bodyIDs []nestedIDs) {
	for i, c := range bodyRoutes {
		n, child := bodyIDs[i], c.child(f)
		r := f.send(c.key, n.own, n.as, func(f *fixture) reqBody { return c.body(f, child[0]) })
		t.Logf("%s naming its own %s in its body: %d", c.key, child[0], r.Status)
		if r.Status == http.StatusNotFound || slices.Contains(c.want, r.Status) || r.Status >= 500 {
			t.Errorf("%s naming its own child %s: status %d\n%.300s", c.key, child[0], r.Status, r.Body)
		}
	}
	for _, late := range []bool{false, true} {
		for _, k := range keys {
			if nestedRoutes[k].late != late {
				continue
			}
			r := f.send(k, ids[k].own, ids[k].as, nestedRoutes[k].body)
			t.Logf("%s, its own child: %d", k, r.Status)
			if r.Status == http.StatusNotFound || r.Status == http.StatusForbidden || r.Status >= 500 {
				t.Errorf("%s with the child under its own parents: status %d\n%.300s", k, r.Status, r.Body)
			}
		}
	}
}

// send makes the request of route key with the path values and body.
func (f *fixture) send(key string, values map[string]string, as *apptest.Client, body func(*fixture) reqBody) apptest.Response {
	f.t.Helper()
	method, pattern, _ := strings.Cut(key, " ")
	path := wildcard.ReplaceAllStringFunc(pattern, func(w string) string {
		name := wildcard.FindStringSubmatch(w)[1]
		v, ok := values[name]
		if !ok {
			f.t.Fatalf("%s: no value for {%s}", key, name)
		}
		return url.PathEscape(v)
	})
	if method == http.MethodGet {
		return as.Get(path)
	}
	b := reqBody{form: url.Values{}}
	if body != nil {
		b = body(f)
	}
	switch {
	case b.json != "":
		req, _ := http.NewRequest(http.MethodPost, f.e.Server.URL+path, strings.NewReader(b.json))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", f.e.Server.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		return as.Do(req)
	case b.files:
		return as.PostMultipart(path, b.form, "files", map[string][]byte{"گزارش.pdf": onePagePDF})
	}
	return as.PostForm(path, b.form)
}

// onePagePDF is a small valid PDF.
var onePagePDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

// tableWatch counts the rows each request inserts, updates or deletes in
// every table, through triggers the test adds to its own copy of the
// database; but for what signing the test's people in writes (sessions,
// whose "last seen" a request may touch, one-time codes and rate
// counters). A write rolled back is not counted: only committed ones are.
type tableWatch struct {
	t      *testing.T
	e      *apptest.Env
	before map[string]int64
}

var unwatched = map[string]bool{"sessions": true, "otp_codes": true, "rate_counters": true}

func watch(t *testing.T, e *apptest.Env) *tableWatch {
	w := &tableWatch{t: t, e: e}
	w.exec(`CREATE TABLE nested_writes (tbl TEXT PRIMARY KEY, n BIGINT NOT NULL)`)
	if e.App.DB.Dialect == store.Postgres {
		w.exec(`CREATE FUNCTION nested_count() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN UPDATE nested_writes SET n = n + 1 WHERE tbl = TG_TABLE_NAME; RETURN NULL; END $$`)
	}
	for table := range tableOwners {
		if !unwatched[table] {
			w.count(table)
		}
	}
	w.before = w.counts()
	return w
}

// count adds the triggers that count table's written rows.
func (w *tableWatch) count(table string) {
	w.exec(`INSERT INTO nested_writes (tbl, n) VALUES ('` + table + `', 0)`)
	if w.e.App.DB.Dialect == store.Postgres {
		w.exec(`CREATE TRIGGER nested_count AFTER INSERT OR UPDATE OR DELETE ON ` + table + ` FOR EACH ROW EXECUTE FUNCTION nested_count()`)
		return
	}
	for _, op := range []string{"INSERT", "UPDATE", "DELETE"} {
		w.exec(`CREATE TRIGGER nested_` + strings.ToLower(op) + `_` + table + ` AFTER ` + op + ` ON ` + table +
			` BEGIN UPDATE nested_writes SET n = n + 1 WHERE tbl = '` + table + `'; END`)
	}
}

func (w *tableWatch) exec(query string) {
	w.t.Helper()
	if _, err := w.e.App.DB.Write.ExecContext(w.t.Context(), query); err != nil {
		w.t.Fatalf("%s: %v", query, err)
	}
}

// unchanged fails the test naming the tables written since the last call,
// after what.
func (w *tableWatch) unchanged(what string) {
	w.t.Helper()
	now := w.counts()
	var written []string
	for table, n := range now {
		if w.before[table] != n {
			written = append(written, table)
		}
	}
	if len(written) > 0 {
		slices.Sort(written)
		w.t.Errorf("%s wrote to %v", what, written)
	}
	w.before = now
}

func (w *tableWatch) counts() map[string]int64 {
	w.t.Helper()
	rows, err := w.e.App.DB.Read.QueryContext(w.t.Context(), `SELECT tbl, n FROM nested_writes`)
	if err != nil {
		w.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var table string
		var n int64
		if err := rows.Scan(&table, &n); err != nil {
			w.t.Fatal(err)
		}
		out[table] = n
	}
	if err := rows.Err(); err != nil {
		w.t.Fatal(err)
	}
	return out
}
