package main

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

// TestPageLoadTiny runs `shahr-load page` small on SQLite and checks that
// every default path was answered 200 at least once and never otherwise,
// and that the database holds what was asked for. Nothing depends on how
// fast the machine is.
func TestPageLoadTiny(t *testing.T) {
	t.Parallel()
	dbFile := filepath.Join(t.TempDir(), "shahr.db")
	out, err := shahrLoad(t, "page", "--db", dbFile, "--orgs", "200", "--events", "500", "--towns", "50",
		"--duration", "300ms", "--concurrency", "2")
	if err != nil {
		t.Fatalf("page: %v\n%s", err, out)
	}
	paths := []string{"/associations", "/associations/pl-assoc-1", "/events", "/events?kind=seminar", "/events?when=past",
		"/support/pl-coop", "/api/v1/associations", "/api/v1/events", "/api/v1/support/priorities?org="}
	seen := map[string]bool{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) != 13 || !strings.HasPrefix(f[0], "/") { // path, requests, req/s, 3 × (value, ms), bytes, failed, cpu (value, ms)
			continue
		}
		requests, err1 := strconv.Atoi(f[1])
		failed, err2 := strconv.Atoi(f[10])
		size, err3 := strconv.Atoi(f[9])
		if err1 != nil || err2 != nil || err3 != nil || requests <= 0 || failed != 0 || size <= 0 {
			t.Errorf("%s: %d answered 200, %d failed, %d bytes each:\n%s", f[0], requests, failed, size, out)
		}
		for _, p := range paths {
			if f[0] == p || (strings.HasSuffix(p, "=") && strings.HasPrefix(f[0], p)) {
				seen[p] = true
			}
		}
	}
	for _, p := range paths {
		if !seen[p] {
			t.Errorf("no line for %s:\n%s", p, out)
		}
	}

	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+dbFile, "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(query string, args ...any) int {
		t.Helper()
		var n int
		if err := db.Read.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	var coop int64
	if err := db.Read.QueryRowContext(ctx, `SELECT id FROM organizations WHERE slug = 'pl-coop' AND kind = 'cooperation_org'`).Scan(&coop); err != nil {
		t.Fatalf("the cooperation organization: %v", err)
	}
	for what, c := range map[string]struct{ got, want int }{
		"organizations":  {count(`SELECT count(*) FROM organizations`), 200},
		"events":         {count(`SELECT count(*) FROM events`), 500},
		"towns":          {count(`SELECT count(*) FROM organizations WHERE parent_id = $1 AND kind = 'municipality'`, coop), 50},
		"towns unranked": {count(`SELECT count(*) FROM organizations o WHERE parent_id = $1 AND NOT EXISTS (SELECT 1 FROM support_indicators i WHERE i.town_id = o.id)`, coop), 0},
		"events without an owner": {count(`SELECT count(*) FROM events e WHERE NOT EXISTS
			(SELECT 1 FROM event_organizers eo WHERE eo.event_id = e.id AND eo.position = 0)`), 0},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", what, c.got, c.want)
		}
	}
	if n := count(`SELECT count(*) FROM organizations WHERE kind = 'association'`); n < 2 {
		t.Errorf("%d associations", n)
	}
	if n := count(`SELECT count(DISTINCT status) FROM memberships m JOIN organizations a ON a.id = m.association_id
		WHERE a.slug = 'pl-assoc-1'`); n != 7 {
		t.Errorf("the big association's memberships are in %d states, want all 7", n)
	}
	if n := count(`SELECT count(*) FROM support_findings WHERE kind = 'need' AND NOT addressed`); n == 0 {
		t.Error("no open needs: the priority score has nothing to count")
	}
	// The materialized paths and search keys are what internal/org writes.
	if n := count(`SELECT count(*) FROM organizations WHERE path <> '/' || id || '/' AND path <> '/' || $1 || '/' || id || '/'`, coop); n != 0 {
		t.Errorf("%d organizations with a wrong path", n)
	}
	if n := count(`SELECT count(*) FROM organizations WHERE parent_id IS NOT NULL AND parent_id <> $1`, coop); n != 0 {
		t.Errorf("%d organizations under another parent than the cooperation organization", n)
	}
	rows, err := db.Read.QueryContext(ctx, `SELECT name_fa, name_key FROM organizations`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, key string
		if err := rows.Scan(&name, &key); err != nil {
			t.Fatal(err)
		}
		if key != persian.SearchKey(name) {
			t.Errorf("%s: name_key %q, want %q", name, key, persian.SearchKey(name))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}
