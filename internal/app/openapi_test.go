package app_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/store"
)

// openapiFile is the API's description, kept beside the code.
var openapiFile = filepath.Join("..", "..", "docs", "openapi.yaml")

// TestOpenAPIDocumentsEveryRoute: every /api/ route of the application
// (method and pattern) is an operation of docs/openapi.yaml, and every
// operation there is a route. It also checks the OpenAPI version, that
// every operation lists its responses, and that every $ref names a part of
// the file.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	t.Parallel()
	doc := readOpenAPI(t)
	if v, _ := doc.root["openapi"].(string); !strings.HasPrefix(v, "3.1") {
		t.Errorf("openapi: %q, want 3.1.x", v)
	}
	ops := doc.operations(t)
	if len(ops) < 8 {
		t.Fatalf("found only %d operations in %s; the reading is broken", len(ops), openapiFile)
	}
	var documented []string
	for _, op := range ops {
		documented = append(documented, op.String())
		if len(op.node.object(t, "responses")) == 0 {
			t.Errorf("%s: no responses", op)
		}
	}
	doc.checkRefs(t, doc.root, "#")

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
		if !slices.Contains(documented, rt) {
			t.Errorf("route %s is not documented in %s", rt, openapiFile)
		}
	}
	for _, op := range documented {
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

// openapiDoc is docs/openapi.yaml read as JSON values (objects, arrays,
// strings, json.Number, booleans), as the schema validator takes them.
type openapiDoc struct {
	root     node
	compiler *jsonschema.Compiler
}

// node is an object of the document.
type node map[string]any

// object is n's member name as an object; nil when it has none.
func (n node) object(t *testing.T, name string) node {
	t.Helper()
	switch v := n[name].(type) {
	case nil:
		return nil
	case map[string]any:
		return v
	default:
		t.Fatalf("%s is %T, not an object", name, v)
		return nil
	}
}

// docURL names the document for the validator: the schemas' local $refs
// ("#/components/schemas/Error") resolve within it.
const docURL = "file:///openapi.json"

func readOpenAPI(t *testing.T) *openapiDoc {
	t.Helper()
	b, err := os.ReadFile(openapiFile)
	if err != nil {
		t.Fatal(err)
	}
	var y any
	if err := yaml.Unmarshal(b, &y); err != nil { // a repeated key is an error too
		t.Fatalf("%s: %v", openapiFile, err)
	}
	j, err := json.Marshal(y)
	if err != nil {
		t.Fatalf("%s as JSON: %v", openapiFile, err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	root, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s is not an object", openapiFile)
	}
	// OpenAPI 3.1's schemas are JSON Schema 2020-12; formats (date,
	// date-time) are asserted, as a client would rely on them.
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(docURL, v); err != nil {
		t.Fatal(err)
	}
	return &openapiDoc{root: root, compiler: c}
}

// resolve follows n's $ref, if it has one, within the document; at is n's
// JSON pointer, and the pointer of what it resolves to is returned.
func (d *openapiDoc) resolve(t *testing.T, n node, at string) (node, string) {
	t.Helper()
	for range 8 {
		ref, ok := n["$ref"].(string)
		if !ok {
			return n, at
		}
		n, at = d.at(t, ref), ref
	}
	t.Fatalf("%s: $ref chain too long", at)
	return nil, ""
}

// at is the object at a local reference ("#/components/schemas/Error").
func (d *openapiDoc) at(t *testing.T, ref string) node {
	t.Helper()
	path, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		t.Fatalf("$ref %q is not local", ref)
	}
	var v any = map[string]any(d.root)
	for _, part := range strings.Split(path, "/") {
		part = strings.NewReplacer("~1", "/", "~0", "~").Replace(part)
		m, ok := v.(map[string]any)
		if !ok || m[part] == nil {
			t.Errorf("$ref %q names no part of %s", ref, openapiFile)
			return node{}
		}
		v = m[part]
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Errorf("$ref %q names no object", ref)
	}
	return m
}

// checkRefs resolves every $ref under v.
func (d *openapiDoc) checkRefs(t *testing.T, v any, at string) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		if ref, ok := v["$ref"].(string); ok {
			d.at(t, ref)
		}
		for k, c := range v {
			d.checkRefs(t, c, at+"/"+k)
		}
	case []any:
		for _, c := range v {
			d.checkRefs(t, c, at)
		}
	}
}

// schema compiles the schema at a JSON pointer of the document.
func (d *openapiDoc) schema(t *testing.T, at string) *jsonschema.Schema {
	t.Helper()
	s, err := d.compiler.Compile(docURL + at)
	if err != nil {
		t.Fatalf("schema %s: %v", at, err)
	}
	return s
}

// operation is one method of one path.
type operation struct {
	method, path string
	node         node
	at           string // its JSON pointer
}

func (op operation) String() string { return op.method + " " + op.path }

// pointer escapes a name for a JSON pointer.
func pointer(name string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(name)
}

// operations lists the document's operations, by path then method.
func (d *openapiDoc) operations(t *testing.T) []operation {
	t.Helper()
	var ops []operation
	for path, item := range d.root.object(t, "paths") {
		if !strings.HasPrefix(path, "/") {
			t.Errorf("under paths, %q is not a path", path)
			continue
		}
		for method, op := range item.(map[string]any) {
			switch method {
			case "get", "put", "post", "delete", "patch", "head", "options", "trace":
				ops = append(ops, operation{method: strings.ToUpper(method), path: path, node: op.(map[string]any),
					at: "#/paths/" + pointer(path) + "/" + method})
			}
		}
	}
	slices.SortFunc(ops, func(a, b operation) int { return strings.Compare(a.String(), b.String()) })
	return ops
}

// parameter is one documented parameter, its schema resolved.
type parameter struct {
	name, in string
	required bool
	schema   node
}

func (d *openapiDoc) parameters(t *testing.T, op operation) []parameter {
	t.Helper()
	list, _ := op.node["parameters"].([]any)
	var ps []parameter
	for i, v := range list {
		p, _ := d.resolve(t, v.(map[string]any), op.at+"/parameters/"+strconv.Itoa(i))
		s, _ := d.resolve(t, p.object(t, "schema"), "")
		required, _ := p["required"].(bool)
		ps = append(ps, parameter{name: p["name"].(string), in: p["in"].(string), required: required, schema: s})
	}
	return ps
}

// response is the schema and media type op documents for status; nil
// when it documents no such response.
func (d *openapiDoc) response(t *testing.T, op operation, status string) (*jsonschema.Schema, string) {
	t.Helper()
	r, at := d.resolve(t, op.node.object(t, "responses").object(t, status), op.at+"/responses/"+status)
	if r == nil {
		return nil, ""
	}
	content := r.object(t, "content")
	if len(content) != 1 {
		t.Fatalf("%s %s: %d media types, want one", op, status, len(content))
	}
	for media := range content {
		return d.schema(t, at+"/content/"+pointer(media)+"/schema"), media
	}
	return nil, ""
}
