package main

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/shahr-city/shahr/internal/pb"
)

// TestReadStdin: "-" reads standard input, and a missing file is
// os.ErrNotExist (the pb package reads from an io.Reader; opening files is
// the command's).
// Not parallel: it replaces os.Stdin.
func TestReadStdin(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "stdin")
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;10\n2;20\nVOTES\nvoter_id;vote\na;1,2\nb;2\nc;\n")
	f.Seek(0, 0)
	old := os.Stdin
	os.Stdin = f
	defer func() { os.Stdin = old; f.Close() }()
	in, err := readInstance("-")
	if err != nil || in.Voters.Len() != 3 {
		t.Fatalf("readInstance(-): %v", err)
	}
	if _, err := readInstance(filepath.Join(t.TempDir(), "absent.pb")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("readInstance(absent) = %v", err)
	}
}

// TestSpecArgs: the flags tally-bench gives shahr tally for each rule of
// expected.json compute that rule's spec.
func TestSpecArgs(t *testing.T) {
	t.Parallel()
	for key, want := range pb.ReferenceKeys {
		fs, f := tallyFlagSet(io.Discard)
		if err := fs.Parse(append(specArgs(want), "file.pb")); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		set := map[string]bool{}
		fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
		got, err := f.spec(&pb.Instance{}, set)
		if err != nil || got != want {
			t.Errorf("%s: flags %q give %+v (%v), want %+v", key, specArgs(want), got, err, want)
		}
	}
}
