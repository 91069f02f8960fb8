package main_test

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// shahr tally --validate: a valid file exits 0; a broken one exits 1 and
// names its line; --allow turns a known quirk into a warning; --format
// json gives the report as data.
func TestTallyValidate(t *testing.T) {
	t.Parallel()
	out, err := shahr(t, "", "tally", "--validate", assen)
	if err != nil || !strings.Contains(out, "valid pabulib: 0 errors, 0 warnings") {
		t.Errorf("Assen: %v\n%s", err, out)
	}
	data, err := os.ReadFile(assen)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(data), "num_votes;84", "num_votes;85", 1)
	out, err = shahr(t, broken, "tally", "--validate", "-")
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(out, "line 8: error [count] META \"num_votes\"") ||
		!strings.Contains(out, "NOT valid pabulib: 1 errors") {
		t.Errorf("num_votes 85: %v\n%s", err, out)
	}

	grochow := filepath.Join(pbTestdata, "Poland_Warszawa_2026_Grochow.pb")
	if out, err := shahr(t, "", "tally", "--validate", grochow); err == nil || !strings.Contains(out, "error [duplicate-vote]") {
		t.Errorf("Grochów without --allow: %v\n%s", err, out)
	}
	out, err = shahr(t, "", "tally", "--validate", "--allow", "duplicate-vote", "--format", "json", grochow)
	if err != nil {
		t.Fatalf("Grochów with --allow: %v\n%s", err, out)
	}
	var j struct {
		Valid    bool `json:"valid"`
		Warnings int  `json:"warnings"`
		Counts   map[string]struct {
			Severity string `json:"severity"`
			N        int    `json:"n"`
		} `json:"counts"`
		Findings []struct {
			Line int    `json:"line"`
			Kind string `json:"kind"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if c := j.Counts["duplicate-vote"]; !j.Valid || c.Severity != "warning" || c.N != 2 || len(j.Findings) != 2 || j.Findings[0].Line == 0 {
		t.Errorf("Grochów: %+v", j)
	}
}
