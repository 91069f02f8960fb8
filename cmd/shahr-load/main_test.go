package main

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestMain lets the test binary be the server that `ballot` starts in a
// process of its own: it runs this program itself (os.Executable) with
// the command "serve".
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "serve" {
		program().Main()
		return
	}
	os.Exit(m.Run())
}

// shahrLoad runs the command line args in this process and returns what
// it printed.
func shahrLoad(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out strings.Builder
	err := program().Run(t.Context(), args, &out)
	return out.String(), err
}

func TestHelpListsTheLoadGenerators(t *testing.T) {
	t.Parallel()
	out, err := shahrLoad(t, "help")
	if err != nil {
		t.Fatalf("help: %v\n%s", err, out)
	}
	for _, c := range []string{"page", "ballot"} {
		if !strings.Contains(out, "  "+c+" ") {
			t.Errorf("help does not list %s:\n%s", c, out)
		}
		sub, err := shahrLoad(t, "help", c)
		if !errors.Is(err, flag.ErrHelp) || !strings.Contains(sub, "Usage: shahr-load "+c+" [flags]") || !strings.Contains(sub, "-concurrency") {
			t.Errorf("help %s: %v\n%s", c, err, sub)
		}
	}
	if out, err := shahrLoad(t, "page-load"); err == nil || !strings.Contains(err.Error(), `unknown command "page-load"`) ||
		!strings.Contains(out, "Usage: shahr-load COMMAND") {
		t.Errorf("unknown command: %v\n%s", err, out)
	}
	if out, err := shahrLoad(t, "page", "--concurrency", "0"); err == nil || !strings.Contains(out, "Usage: shahr-load page") {
		t.Errorf("page --concurrency 0: %v\n%s", err, out)
	}
}

// TestBallotLoadTiny posts a fixed number of ballots, a tenth of them over
// budget, and checks that every ballot was answered as meant and that the
// chain holds one link per accepted ballot.
func TestBallotLoadTiny(t *testing.T) {
	t.Parallel()
	out, err := shahrLoad(t, "ballot", "--db", filepath.Join(t.TempDir(), "shahr.db"), "--voters", "20",
		"--ballots", "300", "--concurrency", "4", "--over-budget", "0.1")
	if err != nil {
		t.Fatalf("ballot: %v\n%s", err, out)
	}
	counts := regexp.MustCompile(`(?m)^ballots: (\d+) accepted, (\d+) over budget refused \(as meant\), (\d+) failed$`).FindStringSubmatch(out)
	chain := regexp.MustCompile(`(?m)^chain: (\d+) links verified`).FindStringSubmatch(out)
	if counts == nil || chain == nil {
		t.Fatalf("no ballot counts or chain line:\n%s", out)
	}
	n := func(s string) int {
		v, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	accepted, refused, failed, links := n(counts[1]), n(counts[2]), n(counts[3]), n(chain[1])
	if accepted+refused != 300 || failed != 0 || accepted == 0 {
		t.Errorf("%d accepted, %d refused, %d failed; want 300 answered as meant:\n%s", accepted, refused, failed, out)
	}
	if links != accepted {
		t.Errorf("%d links for %d accepted ballots:\n%s", links, accepted, out)
	}
}
