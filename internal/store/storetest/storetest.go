// Package storetest opens real databases for tests: a fresh SQLite file, and
// a fresh schema on the PostgreSQL server named by SHAHR_TEST_DATABASE_URL
// (default: the local server's "test" database). Each runs a test on both.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/store"
)

// DefaultPostgresURL is the local server CI and developers' machines run.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable&connect_timeout=5"

// PostgresURL is the server the PostgreSQL tests use.
func PostgresURL() string {
	if u := os.Getenv("SHAHR_TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultPostgresURL
}

// Engines lists the dialects Each runs on.
var Engines = []store.Dialect{store.SQLite, store.Postgres}

// Each runs fn once per engine, as subtests named after the dialect.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range Engines {
		t.Run(string(d), func(t *testing.T) { fn(t, Open(t, d)) })
	}
}

// Open returns a fresh, migrated database of the given dialect, removed when
// the test ends.
func Open(t testing.TB, d store.Dialect) *store.DB {
	t.Helper()
	var db *store.DB
	if d == store.Postgres {
		db = Postgres(t)
	} else {
		db = SQLite(t)
	}
	if _, err := db.Migrate(context.Background(), time.Now()); err != nil {
		t.Fatalf("migrate %s: %v", d, err)
	}
	return db
}

// SQLite opens an empty SQLite file in the test's temporary folder.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "shahr.db"), "")
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Postgres opens a new empty schema on the test server. When the server
// cannot be reached it skips the test on a developer's laptop and fails it
// under CI=true, so CI can never pass without having run these tests.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), URL(t), "")
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// URL returns a connection URL for a fresh empty schema, for tests that
// start the whole server (or a subprocess) on PostgreSQL.
func URL(t testing.TB) string {
	t.Helper()
	admin := adminPool(t)
	schema := "t_" + randomHex(8)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("postgres: create schema: %v", err)
	}
	t.Cleanup(func() { admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`) })
	return withSearchPath(t, PostgresURL(), schema)
}

var (
	adminOnce sync.Once
	admin     *sql.DB
	adminErr  error
)

// adminPool is one shared connection pool per test binary, used to create
// and drop schemas.
func adminPool(t testing.TB) *sql.DB {
	t.Helper()
	adminOnce.Do(func() {
		db, err := store.Open(context.Background(), PostgresURL(), "")
		if err != nil {
			adminErr = err
			return
		}
		admin = db.Write.DB
	})
	if adminErr != nil {
		Unreachable(t, adminErr)
	}
	return admin
}

// Unreachable ends a test that needs PostgreSQL when the server cannot be
// reached: a failure under CI=true, a skip elsewhere.
func Unreachable(t testing.TB, err error) {
	t.Helper()
	msg := "PostgreSQL is unreachable at " + redacted(PostgresURL()) + " (set SHAHR_TEST_DATABASE_URL): " + err.Error()
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + "; CI=true, so this is a failure, not a skip")
	}
	t.Skip(msg + "; skipping the PostgreSQL run on this machine")
}

func withSearchPath(t testing.TB, raw, schema string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("SHAHR_TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
