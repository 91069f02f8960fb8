package app_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/store"
)

// Each table belongs to the package that creates and writes it; every
// other package reads it through that package's service (org.Service for
// organizations, identity.Service for people, geo for the gazetteer), so
// that a table's rules and shape stay in one place.

// tableOwners names the package under internal/ that owns each table the
// migrations create. TestTableOwnersNameEveryTable keeps it complete.
var tableOwners = map[string]string{
	"organizations": "org", "org_version": "org",
	"users": "identity", "sessions": "identity", "otp_codes": "identity", "grants": "identity",
	"residences": "identity", "settings": "identity",
	"rate_counters": "ratelimit", "rate_backoff": "ratelimit",
	"health_probe":  "app",
	"audit_log":     "audit",
	"places":        "geo",
	"notifications": "notify",

	"budget_processes": "budgeting", "budget_phases": "budgeting", "budget_headings": "budgeting",
	"budget_categories": "budgeting", "budget_proposals": "budgeting", "budget_ballots": "budgeting",
	"budget_ballot_log": "budgeting", "budget_supports": "budgeting", "budget_flags": "budgeting",
	"budget_review_comments": "budgeting", "budget_attachments": "budgeting", "budget_paper_entries": "budgeting",
	"budget_projects": "budgeting", "budget_milestones": "budgeting", "budget_chosen_headings": "budgeting",

	"assoc_profiles": "network", "memberships": "network", "membership_history": "network",
	"membership_files": "network", "membership_invoices": "network", "assoc_groups": "network",
	"assoc_group_members": "network", "assoc_meetings": "network", "assoc_benefits": "network",
	"benefit_allocations": "network",

	"sister_cities": "sistercity", "sister_agreements": "sistercity", "sister_parties": "sistercity",
	"sister_areas": "sistercity", "sister_status_history": "sistercity", "sister_documents": "sistercity",
	"sister_contacts": "sistercity", "sister_activities": "sistercity",

	"events": "events", "event_organizers": "events", "event_exhibitors": "events",
	"event_registrations": "events", "event_materials": "events",

	"practices": "practices", "practice_tags": "practices", "practice_groups": "practices",
	"municipal_services": "servicecatalog",

	"support_indicators": "support", "support_weights": "support", "support_visits": "support",
	"support_participants": "support", "support_findings": "support", "support_actions": "support",
	"support_projects": "support", "support_partners": "support", "support_stages": "support",
	"support_documents": "support",
}

// notScanned are the packages that may write any module's tables, and why.
var notScanned = map[string]string{
	"demo": "loads the demo installation, thousands of rows at once, into every module's tables",
}

var createdTable = regexp.MustCompile(`(?i)\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)`)

// TestTableOwnersNameEveryTable fails when a migration creates a table
// tableOwners does not name (give it its owner), or the list names one no
// migration creates, or an owner that is no package.
func TestTableOwnersNameEveryTable(t *testing.T) {
	t.Parallel()
	ms, err := store.Migrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	created := map[string]bool{}
	for _, m := range ms {
		for _, c := range createdTable.FindAllStringSubmatch(m.SQL, -1) {
			created[c[1]] = true
			if tableOwners[c[1]] == "" {
				t.Errorf("migration %04d_%s creates table %s, which tableOwners does not name: add it with the package that owns it",
					m.Version, m.Name, c[1])
			}
		}
	}
	for _, table := range slices.Sorted(maps.Keys(tableOwners)) {
		if !created[table] {
			t.Errorf("tableOwners names %s, which no migration creates", table)
		}
		if _, err := os.Stat(filepath.Join("..", tableOwners[table])); err != nil {
			t.Errorf("table %s's owner %q is no package under internal/: %v", table, tableOwners[table], err)
		}
	}
}

// TestModulesReadOnlyTheirTables fails when a package's code (its tests
// aside) names in SQL a table another package owns: it must ask the
// owner's service instead.
func TestModulesReadOnlyTheirTables(t *testing.T) {
	t.Parallel()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(path))[len("../"):]
		if _, skip := notScanned[pkg]; skip {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, f := range foreignTables(t, path, pkg, src) {
			t.Errorf("%s: package %s names table %s, which %s owns: ask %s's service", f.at, pkg, f.table, tableOwners[f.table], tableOwners[f.table])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestForeignTablesFindsReads checks the scanner itself on code that
// reads another package's tables in the ways the modules once did.
func TestForeignTablesFindsReads(t *testing.T) {
	t.Parallel()
	src := []byte("package events\n" +
		"const a = `SELECT path FROM organizations WHERE id = $1`\n" +
		"const b = `SELECT e.id FROM events e LEFT JOIN organizations h ON h.id = e.host_org_id`\n" +
		"var c = \"SELECT count(*) FROM residences r\" + ` WHERE EXISTS (SELECT 1 FROM grants g)`\n" +
		"// A comment may say FROM users without reading it.\n" +
		"const d = `INSERT INTO event_materials (event_id) VALUES ($1)`\n" +
		"const e = `Remove it from practices.` // a message's words\n")
	var got []string
	for _, f := range foreignTables(t, "fixture.go", "events", src) {
		got = append(got, f.table)
	}
	if want := []string{"organizations", "organizations", "residences", "grants"}; !slices.Equal(got, want) {
		t.Errorf("found %v, want %v", got, want)
	}
}

// foreignTable is a table a package names but does not own.
type foreignTable struct {
	at    string // file:line
	table string
}

// sqlTable finds the table a SQL keyword names. Only upper-case keywords
// count, as the code writes its SQL; a message's "from" does not.
var sqlTable = regexp.MustCompile(`\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([a-z_][a-z0-9_]*)`)

// foreignTables lists the tables owned by other packages that the string
// literals of a Go file of pkg name after a SQL keyword. A package below
// a module's (practices/bitext) counts as the module's.
func foreignTables(t *testing.T, path, pkg string, src []byte) []foreignTable {
	t.Helper()
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	module, _, _ := strings.Cut(pkg, "/")
	var out []foreignTable
	ast.Inspect(file, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		text, err := strconv.Unquote(lit.Value)
		if err != nil {
			t.Fatalf("%s: %v", fset.Position(lit.Pos()), err)
		}
		for _, m := range sqlTable.FindAllStringSubmatch(text, -1) {
			if owner, ok := tableOwners[m[1]]; ok && owner != module {
				p := fset.Position(lit.Pos())
				out = append(out, foreignTable{at: p.Filename + ":" + strconv.Itoa(p.Line), table: m[1]})
			}
		}
		return true
	})
	return out
}
