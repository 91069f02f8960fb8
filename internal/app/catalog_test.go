package app_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	_ "github.com/shahr-city/shahr/internal/app" // registers every module's messages
	"github.com/shahr-city/shahr/internal/i18n"
)

// Every key a template asks for exists, in both languages, and the Persian
// text uses Persian letters only (never Arabic yeh or kaf).
func TestCatalogIsComplete(t *testing.T) {
	t.Parallel()
	keys := templateKeys(t)
	if len(keys) < 100 {
		t.Fatalf("found only %d keys in the templates; the scan is broken", len(keys))
	}
	for key := range keys {
		if _, ok := i18n.Lookup(key); !ok {
			t.Errorf("template key %q is not in the catalog", key)
		}
	}
	for _, key := range i18n.Keys() {
		msg, _ := i18n.Lookup(key)
		if strings.TrimSpace(msg.Fa) == "" || strings.TrimSpace(msg.En) == "" {
			t.Errorf("%s lacks a Persian or English text: %+v", key, msg)
		}
		if strings.ContainsAny(msg.Fa, "يكى") {
			t.Errorf("%s uses an Arabic letter: %s", key, msg.Fa)
		}
	}
}

var (
	staticKey  = regexp.MustCompile(`\.Tf? "([a-z0-9_.]+)"`)
	goKey      = regexp.MustCompile(`(?:NewPage\(w, r, |Flash\(w, r, )"([a-z0-9_.]+)"`)
	dynamicKey = regexp.MustCompile(`\.T \(print "([a-z0-9_.]+)" `)
	// fieldKeys are the label and hint keys of the layout's form fields.
	fieldKeys = regexp.MustCompile(`\.Field(?:Group)? (?:"[^"]*"|\([^)]*\)) "([a-z0-9_.]*)" "([a-z0-9_.]*)"`)
)

// dynamicValues are the values templates append to a key prefix.
var dynamicValues = map[string][]string{
	"identity.source.":  {"staff", "census"},
	"support.tier.":     {"less_developed", "developing", "developed"},
	"support.project.":  {"idea", "study", "approved", "under_construction", "operating", "stopped"},
	"support.visit.":    {"planned", "done", "cancelled"},
	"support.role.":     {"mayor", "council_member", "org_staff", "town_staff", "other"},
	"support.kind.":     {"need", "problem", "capacity", "potential"},
	"support.category.": {"revenue", "infrastructure", "services", "tourism", "environment", "management"},
	"support.priority.": {"high", "medium", "low"},
	"support.action.":   {"open", "in_progress", "done"},
}

func templateKeys(t *testing.T) map[string]bool {
	keys := map[string]bool{}
	root := filepath.Join("..", "..", "internal")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		isGo := strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go")
		if err != nil || !(isGo || strings.HasSuffix(path, ".html")) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		pattern := staticKey
		if isGo {
			pattern = goKey
		}
		for _, m := range pattern.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = true
		}
		for _, m := range fieldKeys.FindAllStringSubmatch(string(b), -1) {
			for _, key := range m[1:] {
				if key != "" {
					keys[key] = true
				}
			}
		}
		for _, m := range dynamicKey.FindAllStringSubmatch(string(b), -1) {
			vals, ok := dynamicValues[m[1]]
			if !ok {
				t.Errorf("%s: dynamic key prefix %q: list its values in dynamicValues", path, m[1])
			}
			for _, v := range vals {
				keys[m[1]+v] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}
