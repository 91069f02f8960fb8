package store_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

var ctx = context.Background()

func TestMigrateIsIdempotent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		n, err := db.Migrate(ctx, time.Now())
		if err != nil || n != 0 {
			t.Fatalf("second Migrate = %d, %v; want 0 applied", n, err)
		}
		ms, err := db.MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.AppliedAt.IsZero() {
				t.Errorf("migration %d %s not applied", m.Version, m.Name)
			}
		}
	})
}

// Several servers starting at once on one database apply each migration once.
func TestConcurrentMigrate(t *testing.T) {
	t.Parallel()
	url := storetest.URL(t)
	var wg sync.WaitGroup
	total := make([]int, 4)
	errs := make([]error, 4)
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := store.Open(ctx, url, "")
			if err != nil {
				errs[i] = err
				return
			}
			defer db.Close()
			total[i], errs[i] = db.Migrate(ctx, time.Now())
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	ms, _ := store.Migrations(store.Postgres)
	sum := 0
	for _, n := range total {
		sum += n
	}
	if sum != len(ms) {
		t.Fatalf("migrations applied %d times in all, want %d", sum, len(ms))
	}
}

// The two engines end up with the same tables and columns.
func TestSchemasAgree(t *testing.T) {
	t.Parallel()
	lite := storetest.Open(t, store.SQLite)
	pg := storetest.Open(t, store.Postgres)
	a, b := columns(t, lite), columns(t, pg)
	if !slices.Equal(a, b) {
		t.Fatalf("schemas differ:\nsqlite:   %v\npostgres: %v", a, b)
	}
	if len(a) < 40 {
		t.Fatalf("only %d columns found; introspection is broken", len(a))
	}
}

func columns(t *testing.T, db *store.DB) []string {
	q := `SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`
	if db.Dialect == store.Postgres {
		q = `SELECT table_name || '.' || column_name FROM information_schema.columns
			WHERE table_schema = current_schema()`
	}
	rows, err := db.Read.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func TestTxRollsBackOnError(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		boom := errors.New("boom")
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.Exec(`INSERT INTO settings (key, value) VALUES ($1, $2)`, "k", "v"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Tx = %v, want boom", err)
		}
		var n int
		db.Read.QueryRow(`SELECT count(*) FROM settings WHERE key = 'k'`).Scan(&n)
		if n != 0 {
			t.Fatal("a failed transaction left a row behind")
		}
	})
}

func TestErrorMapping(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		insert := `INSERT INTO users (phone, created_at, updated_at) VALUES ($1, 0, 0)`
		if _, err := db.Write.Exec(insert, "09120000000"); err != nil {
			t.Fatal(err)
		}
		_, err := db.Write.Exec(insert, "09120000000")
		if !store.IsUniqueViolation(err) || store.IsForeignKeyViolation(err) {
			t.Fatalf("duplicate phone: %v not classified as a unique violation", err)
		}
		_, err = db.Write.Exec(`INSERT INTO sessions (token_hash, user_id, method, created_at, last_seen_at, expires_at)
			VALUES ('x', 999, 'otp', 0, 0, 0)`)
		if !store.IsForeignKeyViolation(err) || store.IsUniqueViolation(err) {
			t.Fatalf("missing user: %v not classified as a foreign-key violation", err)
		}
	})
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, err := db.Write.Exec(`INSERT INTO audit_log (at, action, entity, entity_id) VALUES (1, 'x', 'y', '1')`)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`UPDATE audit_log SET action = 'z'`, `DELETE FROM audit_log`} {
			if _, err := db.Write.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: err = %v, want the append-only refusal", q, err)
			}
		}
		var n int
		db.Read.QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'x'`).Scan(&n)
		if n != 1 {
			t.Fatalf("audit rows = %d, want 1 unchanged", n)
		}
	})
}

func TestTimeRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		at := time.Date(2025, 3, 20, 12, 30, 15, 123_000_000, time.UTC)
		_, err := db.Write.Exec(`INSERT INTO users (email, created_at, updated_at, blocked_at) VALUES ($1, $2, $2, $3)`,
			"a@example.org", store.Millis(at), store.Millis(time.Time{}))
		if err != nil {
			t.Fatal(err)
		}
		var got, blocked time.Time
		err = db.Read.QueryRow(`SELECT created_at, blocked_at FROM users`).Scan(store.Time(&got), store.Time(&blocked))
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(at) || !blocked.IsZero() {
			t.Fatalf("got %v and %v, want %v and zero", got, blocked, at)
		}
	})
}

func TestSQLiteReadPoolIsReadOnly(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t, store.SQLite)
	if _, err := db.Read.Exec(`INSERT INTO settings (key, value) VALUES ('a', 'b')`); err == nil {
		t.Fatal("the read pool accepted a write")
	}
}

func TestOpenRejectsUnknownScheme(t *testing.T) {
	t.Parallel()
	if _, err := store.Open(ctx, "mysql://x", ""); err == nil {
		t.Fatal("mysql URL accepted")
	}
	db, err := store.Open(ctx, "", filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Dialect != store.SQLite || !strings.HasSuffix(db.Location, "shahr.db") {
		t.Fatalf("default database = %s %s", db.Dialect, db.Location)
	}
}
