package app_test

import (
	"context"
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/demo"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

// TestAPIResponsesMatchTheirSchemas fetches every documented GET operation
// under /api/ from the demo, with real ids, and validates each body
// against the schema the document gives for its status; then provokes
// every error response the operation documents (400, 401, 403, 404) and
// validates that body too.
func TestAPIResponsesMatchTheirSchemas(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		doc, fx := readOpenAPI(t), newAPIFixture(t, e)
		anon := e.Client()
		citizen := e.Citizen("09121110042")
		area := e.Org("tehran-21-villashahr")
		if _, err := e.App.Identity.SetResidence(context.Background(), 0, area, identity.ResidenceInput{Phone: "09121110042",
			Source: identity.ByCensus}); err != nil {
			t.Fatal(err)
		}
		signedIn := []*apptest.Client{citizen, e.Superuser()} // one with a residence and a phone, one with grants and an email
		for _, op := range apiGets(t, doc) {
			params := doc.parameters(t, op)
			clients := []*apptest.Client{anon}
			if secured(op) {
				clients = signedIn
			}
			for _, c := range clients {
				checkResponse(t, doc, op, c.Get(fx.url(t, op, params, fx.found, nil)), "200")
			}
			for status := range op.node.object(t, "responses") {
				var path string
				switch status {
				case "200":
					continue
				case "400":
					bad := badValues(t, params)
					if len(bad) == 0 {
						t.Errorf("%s documents 400, but none of its parameters can be given a bad value", op)
						continue
					}
					path = fx.url(t, op, params, fx.found, &bad[0])
				case "401":
					checkResponse(t, doc, op, anon.Get(fx.url(t, op, params, fx.found, nil)), status)
					continue
				case "403":
					path = fx.url(t, op, params, fx.notYet, nil)
				case "404":
					path = fx.url(t, op, params, fx.missing, nil)
				default:
					t.Errorf("%s documents %s; this test cannot provoke it", op, status)
					continue
				}
				checkResponse(t, doc, op, clients[0].Get(path), status)
			}
		}
	})
}

// TestAPIQueryParametersRefuseBadValues gives every query parameter of
// every documented GET operation each bad value its schema implies (not
// in the enum, below the minimum, above the maximum, not a whole number,
// not of its format or pattern, a required one missing) and checks the
// 400 and its bilingual body naming the parameter; and gives it the
// values its schema allows at the edges (every enum value, the bounds,
// in Persian digits too) and checks that the parameter is not refused.
func TestAPIQueryParametersRefuseBadValues(t *testing.T) {
	t.Parallel()
	e := apptest.New(t, store.SQLite)
	doc, fx := readOpenAPI(t), newAPIFixture(t, e)
	c := e.Client()
	var refused, accepted int
	for _, op := range apiGets(t, doc) {
		params := doc.parameters(t, op)
		for _, bad := range badValues(t, params) {
			r := c.Get(fx.url(t, op, params, fx.found, &bad))
			if !checkResponse(t, doc, op, r, "400") {
				t.Errorf("(%s with %s)", op, bad)
				continue
			}
			if !slices.Contains(errorFields(t, r.Body), bad.name) {
				t.Errorf("%s with %s: the error names no field %s: %s", op, bad, bad.name, r.Body)
			}
			refused++
		}
		for _, good := range goodValues(t, params) {
			r := c.Get(fx.url(t, op, params, fx.found, &good))
			if r.Status == 400 && slices.Contains(errorFields(t, r.Body), good.name) {
				t.Errorf("%s with %s: refused: %s", op, good, r.Body)
			}
			accepted++
		}
	}
	t.Logf("%d bad values refused, %d good values accepted", refused, accepted)
	if refused < 20 || accepted < 20 {
		t.Errorf("only %d bad and %d good values derived from %s; the reading is broken", refused, accepted, openapiFile)
	}
}

// apiGets are the document's GET operations under /api/.
func apiGets(t *testing.T, doc *openapiDoc) []operation {
	t.Helper()
	var ops []operation
	for _, op := range doc.operations(t) {
		if op.method == "GET" && strings.HasPrefix(op.path, "/api/") {
			ops = append(ops, op)
		}
	}
	return ops
}

// secured reports whether op needs credentials.
func secured(op operation) bool {
	s, _ := op.node["security"].([]any)
	return len(s) > 0
}

// apiFixture holds the values that fill the operations' parameters: real
// ones of the demo, ones that name nothing (for the 404s), and a process
// still voting (for the 403s).
type apiFixture struct {
	found, missing, notYet map[string]string
}

func newAPIFixture(t *testing.T, e *apptest.Env) apiFixture {
	t.Helper()
	ctx := context.Background()
	finished, err := e.App.Budget.ProcessBySlug(ctx, demo.FinishedSlug)
	if err != nil {
		t.Fatal(err)
	}
	voting, err := e.App.Budget.ProcessBySlug(ctx, demo.VotingSlug)
	if err != nil {
		t.Fatal(err)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	return apiFixture{
		found: map[string]string{"slug": "tehran-district-21", "id": id(finished.ID), "hid": id(finished.Headings[0].ID),
			"org": id(e.Org(demo.HamyariSlug).ID)},
		missing: map[string]string{"slug": "no-such-org", "parent": "no-such-org", "id": "999999", "hid": "999999", "org": "999999"},
		notYet:  map[string]string{"id": id(voting.ID), "hid": id(voting.Headings[0].ID)},
	}
}

// queryValue is a value given to one query parameter (or its absence).
type queryValue struct {
	name, value string
	omit        bool
	why         string
}

func (q queryValue) String() string {
	if q.omit {
		return q.name + " missing"
	}
	return q.name + "=" + q.value + " (" + q.why + ")"
}

// url is op's path with its parameters filled: from values, else from
// f.found; the optional query parameters only when values has them; then
// q, if given, sets or removes its parameter.
func (f apiFixture) url(t *testing.T, op operation, params []parameter, values map[string]string, q *queryValue) string {
	t.Helper()
	path, query := op.path, url.Values{}
	for _, p := range params {
		v, ok := values[p.name]
		if !ok && (p.in == "path" || p.required) {
			if v, ok = f.found[p.name]; !ok {
				t.Fatalf("%s: no value for the %s parameter %s", op, p.in, p.name)
			}
		}
		switch {
		case p.in == "path":
			path = strings.ReplaceAll(path, "{"+p.name+"}", url.PathEscape(v))
		case p.in == "query" && ok:
			query.Set(p.name, v)
		}
	}
	if q != nil {
		query.Del(q.name)
		if !q.omit {
			query.Set(q.name, q.value)
		}
	}
	if len(query) == 0 {
		return path
	}
	return path + "?" + query.Encode()
}

// badValues are the values each query parameter's schema refuses.
func badValues(t *testing.T, params []parameter) []queryValue {
	t.Helper()
	var out []queryValue
	for _, p := range params {
		if p.in != "query" {
			continue
		}
		bad := func(v, why string) { out = append(out, queryValue{name: p.name, value: v, why: why}) }
		if p.required {
			out = append(out, queryValue{name: p.name, omit: true})
		}
		s := p.schema
		if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, any("bogus")) {
			bad("bogus", "not in the enum")
		}
		if s["type"] == "integer" {
			bad("abc", "not a number")
			bad("1.5", "not a whole number")
			if m, ok := number(t, s, "minimum"); ok {
				bad(strconv.FormatInt(m-1, 10), "below the minimum")
			}
			if m, ok := number(t, s, "maximum"); ok {
				bad(strconv.FormatInt(m+1, 10), "above the maximum")
			}
		}
		if pattern, ok := s["pattern"].(string); ok {
			re := regexp.MustCompile(pattern)
			for _, v := range []string{"!", "zz", "ZZZ", "0"} {
				if !re.MatchString(v) {
					bad(v, "not matching "+pattern)
					break
				}
			}
		}
		if len(formats(s)) > 0 {
			bad("not-a-date", "not "+strings.Join(formats(s), " or "))
		}
	}
	return out
}

// goodValues are values at the edges of what each query parameter's
// schema allows: every enum value, the bounds, the lower one in Persian
// digits.
func goodValues(t *testing.T, params []parameter) []queryValue {
	t.Helper()
	var out []queryValue
	for _, p := range params {
		if p.in != "query" {
			continue
		}
		good := func(v, why string) { out = append(out, queryValue{name: p.name, value: v, why: why}) }
		s := p.schema
		enum, _ := s["enum"].([]any)
		for _, v := range enum {
			if v, ok := v.(string); ok && v != "" {
				good(v, "in the enum")
			}
		}
		if m, ok := number(t, s, "minimum"); ok {
			good(strconv.FormatInt(m, 10), "the minimum")
			good(persian.ToPersianDigits(strconv.FormatInt(m, 10)), "the minimum in Persian digits")
		}
		if m, ok := number(t, s, "maximum"); ok {
			good(strconv.FormatInt(m, 10), "the maximum")
		}
		for _, f := range formats(s) {
			good(map[string]string{"date": "2026-11-22", "date-time": "2026-11-22T10:00:00Z"}[f], f)
		}
	}
	return out
}

// number is the whole number s has as name.
func number(t *testing.T, s node, name string) (int64, bool) {
	t.Helper()
	n, ok := s[name].(json.Number)
	if !ok {
		return 0, false
	}
	v, err := n.Int64()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v, true
}

// formats are the date formats a string schema accepts, itself or as one
// of anyOf.
func formats(s node) []string {
	var out []string
	alts, _ := s["anyOf"].([]any)
	for _, a := range append([]any{map[string]any(s)}, alts...) {
		if f, _ := a.(map[string]any)["format"].(string); f == "date" || f == "date-time" {
			out = append(out, f)
		}
	}
	return out
}

// checkResponse checks that r has the status, the media type and a body
// valid against the schema op documents for that status.
func checkResponse(t *testing.T, doc *openapiDoc, op operation, r apptest.Response, status string) bool {
	t.Helper()
	if strconv.Itoa(r.Status) != status {
		t.Errorf("%s: status %d, want %s: %.300s", op, r.Status, status, r.Body)
		return false
	}
	schema, media := doc.response(t, op, status)
	if schema == nil {
		t.Errorf("%s answers %s, which it does not document", op, status)
		return false
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, media) {
		t.Errorf("%s %s: Content-Type %q, documented %s", op, status, ct, media)
	}
	var body any = r.Body
	if media == "application/json" {
		var err error
		if body, err = jsonschema.UnmarshalJSON(strings.NewReader(r.Body)); err != nil {
			t.Errorf("%s %s: %v: %.300s", op, status, err, r.Body)
			return false
		}
	}
	if err := schema.Validate(body); err != nil {
		t.Errorf("%s %s does not match its schema: %v\n%.500s", op, status, err, r.Body)
		return false
	}
	return true
}

// errorFields are the names of the fields an error body names.
func errorFields(t *testing.T, body string) []string {
	t.Helper()
	var e struct {
		Error struct {
			Fields []struct{ Name string }
		}
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Errorf("error body: %v: %.300s", err, body)
	}
	var names []string
	for _, f := range e.Error.Fields {
		names = append(names, f.Name)
	}
	return names
}
