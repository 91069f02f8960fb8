package main

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestReadStdin: "-" reads standard input, and a missing file is
// os.ErrNotExist (the pb package reads from an io.Reader; opening files is
// the command's).
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
	if err != nil || len(in.Voters) != 3 {
		t.Fatalf("readInstance(-): %v", err)
	}
	if _, err := readInstance(filepath.Join(t.TempDir(), "absent.pb")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("readInstance(absent) = %v", err)
	}
}
