package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// TestHealthzReportsRefusedWrites: /healthz answers 503, saying why,
// when the database answers but refuses writes, and 200 again once it
// takes them; it writes at most once per 5 seconds, the outcome standing
// in between.
func TestHealthzReportsRefusedWrites(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		c := e.Client()
		expectHealth(t, c, http.StatusOK, "")
		probed := probeTime(t, e)
		for range 5 {
			expectHealth(t, c, http.StatusOK, "")
		}
		e.Clock.Advance(5*time.Second - time.Millisecond)
		expectHealth(t, c, http.StatusOK, "")
		if again := probeTime(t, e); !again.Equal(probed) {
			t.Fatalf("probed at %v and again at %v, within 5 seconds", probed, again)
		}

		readOnly(ctx, t, e, true)
		if _, err := e.App.DB.Write.ExecContext(ctx, `UPDATE settings SET value = value WHERE key = 'none'`); err == nil {
			t.Fatal("the database still takes writes")
		}
		expectHealth(t, c, http.StatusOK, "") // the last probe's outcome stands
		e.Clock.Advance(time.Millisecond)
		expectHealth(t, c, http.StatusServiceUnavailable, "the database refuses writes")

		readOnly(ctx, t, e, false)
		expectHealth(t, c, http.StatusServiceUnavailable, "the database refuses writes")
		e.Clock.Advance(5 * time.Second)
		expectHealth(t, c, http.StatusOK, "")
		if after := probeTime(t, e); !after.Equal(e.Clock.Now().Truncate(time.Millisecond)) {
			t.Fatalf("the probe wrote %v, want now, %v", after, e.Clock.Now())
		}
	})
}

func expectHealth(t *testing.T, c *apptest.Client, status int, reason string) {
	t.Helper()
	r := c.Get("/healthz")
	var body struct{ Status, Reason string }
	want := map[int]string{http.StatusOK: "ok", http.StatusServiceUnavailable: "unavailable"}[status]
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil || r.Status != status || body.Status != want || body.Reason != reason {
		t.Fatalf("/healthz = %d %s, want %d with status %q and reason %q", r.Status, r.Body, status, want, reason)
	}
}

func probeTime(t *testing.T, e *apptest.Env) time.Time {
	t.Helper()
	var at time.Time
	if err := e.App.DB.Read.QueryRowContext(context.Background(), `SELECT checked_at FROM health_probe`).Scan(store.Time(&at)); err != nil {
		t.Fatal(err)
	}
	return at
}

// readOnly makes the application's database refuse writes, or take them
// again, for real. SQLite: the one writer connection is switched to
// query_only, the mode SQLite's read-only files and the read pool are in.
// PostgreSQL: the database's sessions default to read-only transactions,
// and the application's pool keeps no idle session, so that every write
// opens a session that reads the setting.
func readOnly(ctx context.Context, t *testing.T, e *apptest.Env, on bool) {
	t.Helper()
	var err error
	if e.App.DB.Dialect == store.SQLite {
		pragma := map[bool]string{true: "PRAGMA query_only = 1", false: "PRAGMA query_only = 0"}[on]
		_, err = e.App.DB.Write.ExecContext(ctx, pragma)
	} else {
		err = postgresReadOnly(ctx, e, on)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func postgresReadOnly(ctx context.Context, e *apptest.Env, on bool) error {
	var name string
	if err := e.App.DB.Read.QueryRowContext(ctx, `SELECT current_database()`).Scan(&name); err != nil {
		return err
	}
	admin, err := store.Open(ctx, storetest.PostgresURL(), "")
	if err != nil {
		return err
	}
	defer admin.Close()
	set := map[bool]string{true: "SET default_transaction_read_only = on", false: "RESET default_transaction_read_only"}[on]
	if _, err := admin.Write.ExecContext(ctx, `ALTER DATABASE "`+name+`" `+set); err != nil {
		return err
	}
	e.App.DB.Write.SetMaxIdleConns(0)
	return nil
}
