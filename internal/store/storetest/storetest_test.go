package storetest_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// TestUnreachableChild is run by TestUnreachablePostgres as a subprocess
// pointed at a closed port.
func TestUnreachableChild(t *testing.T) {
	t.Parallel()
	if os.Getenv("STORETEST_CHILD") != "1" {
		t.Skip("runs only as the child of TestUnreachablePostgres")
	}
	storetest.Open(t, store.Postgres)
	t.Log("reached the database")
}

// An unreachable PostgreSQL fails the suite under CI=true and skips with a
// clear message elsewhere.
func TestUnreachablePostgres(t *testing.T) {
	t.Parallel()
	for _, ci := range []string{"true", ""} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestUnreachableChild$", "-test.v")
		cmd.Env = append(os.Environ(), "STORETEST_CHILD=1", "CI="+ci,
			"SHAHR_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:1/test?sslmode=disable&connect_timeout=2")
		out, err := cmd.CombinedOutput()
		text := string(out)
		if !strings.Contains(text, "PostgreSQL is unreachable") {
			t.Fatalf("CI=%q: no clear message in output:\n%s", ci, text)
		}
		if ci == "true" && (err == nil || !strings.Contains(text, "--- FAIL")) {
			t.Errorf("CI=true: the unreachable server did not fail the test:\n%s", text)
		}
		if ci == "" && (err != nil || !strings.Contains(text, "--- SKIP")) {
			t.Errorf("CI unset: want a skip, got err=%v:\n%s", err, text)
		}
	}
}

// Copies of a snapshot are independent databases holding what the build
// wrote, and the build runs at most once per test binary however many
// tests ask for copies at once.
func TestCloneIsolatesCopies(t *testing.T) {
	t.Parallel()
	var builds atomic.Int32
	build := func(ctx context.Context, url string) error {
		builds.Add(1)
		if err := storetest.Migrated(ctx, url); err != nil {
			return err
		}
		db, err := store.Open(ctx, url, "")
		if err != nil {
			return err
		}
		defer db.Close()
		_, err = db.Write.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('probe', 'built')`)
		return err
	}
	for _, d := range storetest.Engines {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			var dbs [3]*store.DB
			var wg sync.WaitGroup
			for i := range dbs {
				wg.Go(func() {
					url := storetest.Clone(t, d, "probe", build)
					db, err := store.Open(ctx, url, "")
					if err != nil {
						t.Error(err)
						return
					}
					t.Cleanup(func() { db.Close() })
					dbs[i] = db
				})
			}
			wg.Wait()
			if t.Failed() {
				return
			}
			if _, err := dbs[0].Write.ExecContext(ctx, `UPDATE settings SET value = 'changed' WHERE key = 'probe'`); err != nil {
				t.Fatal(err)
			}
			for i, db := range dbs {
				var v string
				if err := db.Read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'probe'`).Scan(&v); err != nil {
					t.Fatal(err)
				}
				if want := map[bool]string{true: "changed", false: "built"}[i == 0]; v != want {
					t.Errorf("copy %d holds %q, want %q", i, v, want)
				}
			}
		})
	}
	t.Cleanup(func() {
		if n := builds.Load(); n > int32(len(storetest.Engines)) {
			t.Errorf("the snapshot was built %d times for %d engines", n, len(storetest.Engines))
		}
	})
}
