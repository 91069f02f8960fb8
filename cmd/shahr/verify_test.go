package main_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/ballotchain"
	"github.com/shahr-city/shahr/internal/demo"
	"github.com/shahr-city/shahr/internal/store"
)

// TestVerify: `shahr verify` over a demo heading's real published ballots
// file and chain (the finished round) says in one line that they match;
// over hand-broken copies (a changed vote, a dropped line, a reordered
// pair, a wrong head) it exits 1 naming the first line or link at fault.
func TestVerify(t *testing.T) {
	t.Parallel()
	e := apptest.New(t, store.SQLite)
	p, err := e.App.Budget.ProcessBySlug(context.Background(), demo.FinishedSlug)
	if err != nil {
		t.Fatal(err)
	}
	h := p.Headings[0].ID
	api := fmt.Sprintf("/api/v1/processes/%d/headings/%d/", p.ID, h)
	file, chainJSON := e.Client().Get(api+"ballots.pb").Body, e.Client().Get(api+"chain").Body
	var chain ballotchain.Chain
	if err := json.Unmarshal([]byte(chainJSON), &chain); err != nil {
		t.Fatal(err)
	}
	var counted []ballotchain.Link
	for _, l := range chain.Entries {
		if l.Counted {
			counted = append(counted, l)
		}
	}
	if len(counted) < 100 {
		t.Fatalf("the demo heading has %d counted ballots; want a real round", len(counted))
	}
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	pbPath, chainPath := write("ballots.pb", file), write("chain.json", chainJSON)
	out, err := shahr(t, "", "verify", pbPath, chainPath)
	if want := fmt.Sprintf("%s matches %s: ok: %d ballots, the chain's counted links in its order; %d links (%d replaced) recompute to the head %s…\n",
		pbPath, chainPath, len(counted), len(chain.Entries), len(chain.Entries)-len(counted), chain.LastHash[:16]); err != nil || out != want {
		t.Fatalf("verify the demo heading: %v\n got %q\nwant %q", err, out, want)
	}

	// The ballots' lines: the first is on line first.
	head, votes, _ := strings.Cut(file, "\nVOTES\n")
	header, body, _ := strings.Cut(votes, "\n")
	lines := strings.Split(strings.TrimSuffix(body, "\n"), "\n")
	first := strings.Count(head, "\n") + 4
	id := func(i int) string { v, _, _ := strings.Cut(lines[i], ";"); return v }
	edited := func(edit func(l []string) []string) string {
		l := edit(append([]string(nil), lines...))
		// A careful forger keeps META num_votes right.
		h := regexp.MustCompile(`(?m)^num_votes;\d+$`).ReplaceAllString(head, "num_votes;"+strconv.Itoa(len(l)))
		return h + "\nVOTES\n" + header + "\n" + strings.Join(l, "\n") + "\n"
	}
	other := 1 // a ballot whose vote differs from the first one's
	for strings.SplitN(lines[other], ";", 2)[1] == strings.SplitN(lines[0], ";", 2)[1] {
		other++
	}
	wrongHead := strings.Replace(chainJSON, `"last_hash":"`+chain.LastHash+`"`, `"last_hash":"`+strings.Repeat("0", 64)+`"`, 1)
	for _, tc := range []struct{ name, file, chain, want string }{
		{"a changed vote", edited(func(l []string) []string { l[0] = id(0) + ";" + strings.SplitN(l[other], ";", 2)[1]; return l }), chainJSON,
			fmt.Sprintf("line %d, link %d: voter %s votes ", first, counted[0].Seq, id(0))},
		{"a dropped line", edited(func(l []string) []string { return append(l[:1], l[2:]...) }), chainJSON,
			fmt.Sprintf("line %d, link %d: the ballot of voter %s is counted, but the file has no line for it", first+1, counted[1].Seq, id(1))},
		{"a reordered pair", edited(func(l []string) []string { l[0], l[1] = l[1], l[0]; return l }), chainJSON,
			fmt.Sprintf("line %d, link %d: voter %s (link %d) comes before voter %s (link %d, line %d): the file is not in the chain's order",
				first, counted[1].Seq, id(1), counted[1].Seq, id(0), counted[0].Seq, first+1)},
		{"a wrong head", file, wrongHead, fmt.Sprintf("chain: heading %d: the chain ends at link %d with hash %s…, but its head (last_hash) is 0000000000000000…",
			h, len(chain.Entries), chain.LastHash[:16])},
	} {
		pbFile, chainFile := write("broken.pb", tc.file), write("broken.json", tc.chain)
		out, err := shahr(t, "", "verify", pbFile, chainFile)
		want := fmt.Sprintf("shahr: verify: %s does not match %s: %s", pbFile, chainFile, tc.want)
		if err == nil || !strings.HasPrefix(out, want) || strings.Count(out, "\n") != 1 {
			t.Errorf("%s: %v\n got %q\nwant %q…", tc.name, err, out, want)
		}
	}
	if out, err := shahr(t, "", "verify", pbPath); err == nil || !strings.Contains(out, "Usage: shahr verify FILE.pb CHAIN.json") {
		t.Errorf("verify with one file: %v\n%s", err, out)
	}
}
