// Package storetest opens real databases for tests: a fresh SQLite file, and
// a fresh database on the PostgreSQL server named by SHAHR_TEST_DATABASE_URL
// (default: the local server's "test" database), each either empty or a
// copy of a snapshot built once (snapshot.go). Each runs a test on both.
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
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fn(t, Open(t, d))
		})
	}
}

// Open returns a fresh, migrated database of the given dialect, removed when
// the test ends: a copy of the migrated snapshot.
func Open(t testing.TB, d store.Dialect) *store.DB {
	t.Helper()
	return openURL(t, Clone(t, d, "migrated", Migrated))
}

// SQLite opens an empty SQLite file in the test's temporary folder.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	return openURL(t, "sqlite:"+filepath.Join(t.TempDir(), "shahr.db"))
}

// Postgres opens a new empty database on the test server. When the server
// cannot be reached it skips the test on a developer's laptop and fails it
// under CI=true, so CI can never pass without having run these tests.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	return openURL(t, URL(t))
}

func openURL(t testing.TB, url string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), url, "")
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// URL returns the connection URL of a new empty database on the test
// server, for tests that start the whole server (or a subprocess) on
// PostgreSQL; it is dropped when the test ends.
func URL(t testing.TB) string {
	t.Helper()
	admin, err := adminDB()
	if err != nil {
		Unreachable(t, err)
	}
	return databaseURL(newTestDatabase(t, admin, ""))
}

// adminDB is one connection pool per test binary to the server's own
// database, used to create and drop the tests' databases.
var adminDB = sync.OnceValues(func() (*sql.DB, error) {
	db, err := store.Open(context.Background(), PostgresURL(), "")
	if err != nil {
		return nil, err
	}
	return db.Write.DB, nil
})

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
