package pb

import (
	"path/filepath"
	"slices"
	"testing"
)

// Files that record a real election's winners (PROJECTS selected = 1)
// under a rule we can compute must give exactly those winners, counted
// from the ballots and, for greedy rules, from the PROJECTS columns as
// the pabulib checker does.
func checkOfficial(t *testing.T, path string) {
	in, err := readFile(path)
	if err != nil {
		t.Fatal(err)
	}
	official, ok := Official(in)
	if !ok {
		return
	}
	spec, err := SpecFromMeta(in)
	if err != nil {
		t.Fatal(err)
	}
	if spec.Note != "" {
		t.Logf("%s: not checked: %s", filepath.Base(path), spec.Note)
		return
	}
	for _, cols := range []bool{false, true} {
		spec.FromColumns = cols
		r, err := Run(in, spec)
		if err != nil {
			t.Fatal(err)
		}
		got := slices.Sorted(slices.Values(r.Outcome.SelectedIDs(r.Profile)))
		if want := slices.Sorted(slices.Values(official)); !slices.Equal(got, want) {
			t.Errorf("%s (%s, from columns %v): selected %v, officially %v", filepath.Base(path), in.Rule(), cols, got, want)
		}
	}
}

func TestOfficialOutcomes(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join("testdata", "*.pb"))
	if len(files) < 8 {
		t.Fatalf("only %d test instances", len(files))
	}
	for _, f := range files {
		checkOfficial(t, f)
	}
}

func TestOfficialOutcomesSharedCorpus(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join(sharedCorpus(t), "*.pb"))
	checked := 0
	for _, f := range files {
		checkOfficial(t, f)
		checked++
	}
	if checked != 21 {
		t.Fatalf("%d shared files, want 21", checked)
	}
}
