package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/shahr-city/shahr/internal/ballotchain"
)

// runVerify checks, offline, a heading's published ballots file against
// the chain the heading publishes beside it (ballotchain.CheckFile): one
// line when they agree, the first disagreement (its line and link) as the
// error otherwise.
func runVerify(_ context.Context, args []string, out io.Writer) error {
	fs := newFlags("verify", "verify FILE.pb CHAIN.json   (a heading's ballots.pb and its chain, as the API publishes them)", out)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return errors.New("verify: give the ballots file and the chain: FILE.pb CHAIN.json")
	}
	file, chainFile := fs.Arg(0), fs.Arg(1)
	var c ballotchain.Chain
	if err := readJSON(chainFile, &c); err != nil {
		return fmt.Errorf("verify: %s: %w", chainFile, err)
	}
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	defer func() { _ = f.Close() }() // only read: closing it loses nothing
	s, err := ballotchain.CheckFile(f, c)
	if err != nil {
		return fmt.Errorf("verify: %s does not match %s: %w", file, chainFile, err)
	}
	fmt.Fprintf(out, "%s matches %s: %s\n", file, chainFile, s)
	return nil
}

// readJSON decodes a file holding one JSON value.
func readJSON(path string, v any) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }() // only read
	return json.NewDecoder(f).Decode(v)
}
