package app_test

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/store"
)

// openapiFile is the API's description, kept beside the code.
var openapiFile = filepath.Join("..", "..", "docs", "openapi.yaml")

// TestOpenAPIDocumentsEveryRoute: every /api/ route of the application
// (method and pattern) is an operation of docs/openapi.yaml, and every
// operation there is a route. It also checks what a line-based reading
// can: the OpenAPI version, that every operation lists its responses, and
// that every $ref names a component the file defines.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	t.Parallel()
	doc := readOpenAPI(t, openapiFile)
	if !strings.HasPrefix(doc.version, "3.1") {
		t.Errorf("openapi: %q, want 3.1.x", doc.version)
	}
	if len(doc.operations) < 8 {
		t.Fatalf("found only %d operations in %s; the reading is broken", len(doc.operations), openapiFile)
	}
	for _, op := range doc.operations {
		if !doc.responses[op] {
			t.Errorf("%s: no responses", op)
		}
	}
	for _, ref := range doc.refs {
		if !doc.components[ref] {
			t.Errorf("$ref %q names no component", ref)
		}
	}

	e := apptest.New(t, store.SQLite)
	var routes []string
	for _, r := range e.App.Web.Routes() {
		if !strings.HasPrefix(r.Pattern, "/api/") {
			continue
		}
		method := r.Method
		if method == "" {
			method = "ANY"
		}
		routes = append(routes, method+" "+openapiPath(r.Pattern))
	}
	for _, rt := range routes {
		if !slices.Contains(doc.operations, rt) {
			t.Errorf("route %s is not documented in %s", rt, openapiFile)
		}
	}
	for _, op := range doc.operations {
		if !slices.Contains(routes, op) {
			t.Errorf("%s documents %s, which is no route of the application", openapiFile, op)
		}
	}
}

// openapiPath writes a ServeMux pattern as an OpenAPI path: "{name...}"
// is "{name}", and "{$}" (end of path) is nothing.
func openapiPath(pattern string) string {
	return strings.ReplaceAll(strings.TrimSuffix(pattern, "{$}"), "...}", "}")
}

// openapiDoc is what the test reads of the file.
type openapiDoc struct {
	version    string
	operations []string        // "GET /api/v1/orgs"
	responses  map[string]bool // operations with a responses: entry
	components map[string]bool // "schemas/Error"
	refs       []string        // "schemas/Error", every local $ref
}

var (
	pathLine      = regexp.MustCompile(`^  ("?)(/[^"]*)"?:\s*$`)
	methodLine    = regexp.MustCompile(`^    (get|put|post|delete|patch|head|options|trace):\s*$`)
	responsesLine = regexp.MustCompile(`^      responses:`)
	sectionLine   = regexp.MustCompile(`^  ([A-Za-z0-9_.-]+):\s*$`)
	componentLine = regexp.MustCompile(`^    ([A-Za-z0-9_.-]+):`)
	refText       = regexp.MustCompile(`\$ref:\s*"?#/components/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)"?`)
)

// readOpenAPI reads the file's structure by its indentation (two spaces a
// level, as the file is written): the top-level keys, the paths and their
// methods, the components. No YAML library: the file keeps to block style
// for these levels.
func readOpenAPI(t *testing.T, name string) openapiDoc {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc := openapiDoc{responses: map[string]bool{}, components: map[string]bool{}}
	var top, path, op, section string
	s := bufio.NewScanner(f)
	for n := 1; s.Scan(); n++ {
		line := s.Text()
		if strings.Contains(line, "\t") {
			t.Errorf("%s:%d: a tab; YAML indents with spaces", name, n)
		}
		for _, m := range refText.FindAllStringSubmatch(line, -1) {
			doc.refs = append(doc.refs, m[1]+"/"+m[2])
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		if line[0] != ' ' { // a top-level key
			key, value, _ := strings.Cut(line, ":")
			top, path, op, section = key, "", "", ""
			if key == "openapi" {
				doc.version = strings.Trim(strings.TrimSpace(value), `"'`)
			}
			continue
		}
		switch top {
		case "paths":
			if m := pathLine.FindStringSubmatch(line); m != nil {
				path, op = m[2], ""
			} else if m := methodLine.FindStringSubmatch(line); m != nil && path != "" {
				op = strings.ToUpper(m[1]) + " " + path
				if slices.Contains(doc.operations, op) {
					t.Errorf("%s:%d: %s documented twice", name, n, op)
				}
				doc.operations = append(doc.operations, op)
			} else if responsesLine.MatchString(line) && op != "" {
				doc.responses[op] = true
			} else if strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   ") {
				t.Errorf("%s:%d: under paths, %q is not a path", name, n, line)
			}
		case "components":
			if m := sectionLine.FindStringSubmatch(line); m != nil {
				section = m[1]
			} else if m := componentLine.FindStringSubmatch(line); m != nil && section != "" {
				doc.components[section+"/"+m[1]] = true
			}
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return doc
}
