package storetest_test

import (
	"os"
	"os/exec"
	"strings"
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
