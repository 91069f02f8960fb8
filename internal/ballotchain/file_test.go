package ballotchain

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/pb"
)

const testHeading = 7

// ballot is one accepted ballot of the test heading: a later ballot of
// the same voter replaces the earlier one.
type ballot struct{ voter, choices string }

// published is a test heading's pair as budgeting publishes it: the
// ballots file (the counted ballots in chain order, cumulative ones by
// decreasing points, projects the file does not list left out and a
// ballot left with none dropped, META num_votes kept) and the chain.
type published struct {
	file    string
	chain   Chain
	hash    map[string]string // voter → receipt hash of their counted ballot
	first   int               // the line of the first ballot
	replace map[string]string // voter → receipt hash of their replaced ballot
}

func publish(t testing.TB, vt pb.VoteType, listed []string, ballots ...ballot) published {
	t.Helper()
	p := published{chain: Chain{Heading: testHeading, Entries: []Link{}}, hash: map[string]string{}, replace: map[string]string{}}
	last := map[string]int{}
	prev := ""
	for i, b := range ballots {
		rh := ReceiptHash(testHeading, fmt.Sprintf("receipt-%s-%d", b.voter, i))
		p.chain.Entries = append(p.chain.Entries, Link{Seq: int64(i + 1), ReceiptHash: rh, Choices: b.choices, PrevHash: prev, Hash: LinkHash(prev, rh, b.choices)})
		prev = p.chain.Entries[i].Hash
		if j, ok := last[b.voter]; ok {
			p.replace[b.voter] = p.chain.Entries[j].ReceiptHash
		}
		last[b.voter] = i
	}
	p.chain.LastHash = prev
	in := &pb.Instance{Budget: 100, VoteType: vt, Meta: []pb.MetaEntry{{Key: "description", Value: "test; VOTES"}, {Key: "num_votes", Value: "0"}}}
	index := map[int64]int32{}
	for i, id := range listed {
		in.Projects = append(in.Projects, pb.Project{ID: id, Cost: 10})
		n, _ := strconv.ParseInt(id, 10, 64)
		index[n] = int32(i)
	}
	var voters []pb.Voter
	for i, b := range ballots {
		if last[b.voter] != i {
			continue
		}
		l := &p.chain.Entries[i]
		l.Counted, p.hash[b.voter] = true, l.ReceiptHash
		v := pb.Voter{ID: l.ReceiptHash}
		cs, err := ParseChoices(b.choices)
		if err != nil {
			t.Fatal(err)
		}
		slices.SortStableFunc(cs, func(a, b Choice) int { return cmp.Compare(b.Points, a.Points) })
		for _, c := range cs {
			if k, ok := index[c.ProposalID]; ok {
				v.Vote = append(v.Vote, k)
				if vt.HasPoints() {
					v.Points = append(v.Points, c.Points)
				}
			}
		}
		if len(v.Vote) > 0 {
			voters = append(voters, v)
		}
	}
	in.Voters = pb.NewVoters(voters)
	var w strings.Builder
	if err := pb.Write(&w, in); err != nil {
		t.Fatal(err)
	}
	p.file = w.String()
	p.first = strings.Count(p.file[:strings.Index(p.file, "\nVOTES\n")], "\n") + 4 // the title, the header, then the first ballot
	return p
}

// withLines is the file with its ballot lines (0 for the first) rewritten
// by edit, and META num_votes set to their new number, as a careful
// forger would.
func (p published) withLines(edit func(lines []string) []string) string {
	head, votes, _ := strings.Cut(p.file, "\nVOTES\n")
	header, body, _ := strings.Cut(votes, "\n")
	lines := edit(strings.Split(strings.TrimSuffix(body, "\n"), "\n"))
	head = regexp.MustCompile(`(?m)^num_votes;\d+$`).ReplaceAllString(head, "num_votes;"+strconv.Itoa(len(lines)))
	return head + "\nVOTES\n" + header + "\n" + strings.Join(lines, "\n") + "\n"
}

func check(file string, c Chain) (Summary, error) { return CheckFile(strings.NewReader(file), c) }

// The test heading: projects 11, 12, 13; voter a votes twice (the second
// replaces the first), so the chain has five links and the file four
// ballots: b, c, a, d.
var approvals = []ballot{{"a", "11,12"}, {"b", "13"}, {"c", "11"}, {"a", "12"}, {"d", "11,13"}}

func TestCheckFileAgrees(t *testing.T) {
	t.Parallel()
	p := publish(t, pb.Approval, []string{"11", "12", "13"}, approvals...)
	s, err := check(p.file, p.chain)
	if err != nil {
		t.Fatalf("%v\n%s", err, p.file)
	}
	if s.Ballots != 4 || s.Links != 5 || s.Replaced != 1 || s.Withdrawn != 0 || s.Head != p.chain.LastHash {
		t.Errorf("summary %+v", s)
	}
	if want := "ok: 4 ballots, the chain's counted links in its order; 5 links (1 replaced) recompute to the head " + p.chain.LastHash[:16] + "…"; s.String() != want {
		t.Errorf("summary %q, want %q", s, want)
	}
	// Project 13 withdrawn after the vote: b's ballot is left out, d's is 11.
	w := publish(t, pb.Approval, []string{"11", "12"}, approvals...)
	if s, err := check(w.file, w.chain); err != nil || s.Ballots != 3 || s.Withdrawn != 2 || s.Dropped != 1 ||
		!strings.HasSuffix(s.String(), "; withdrawn after the vote (not in the file): 2 choices, and 1 ballots left with none") {
		t.Errorf("withdrawn project: %v, %+v %s", err, s, s)
	}
	// Points are compared on cumulative ballots, whose projects the file
	// lists by decreasing points.
	c := publish(t, pb.Cumulative, []string{"11", "12", "13"}, ballot{"a", "11:2,12:3"}, ballot{"b", "13:5"})
	if _, err := check(c.file, c.chain); err != nil || !strings.Contains(c.file, c.hash["a"]+";12,11;3,2") {
		t.Errorf("cumulative: %v\n%s", err, c.file)
	}
	changed := c.withLines(func(l []string) []string { l[0] = strings.Replace(l[0], ";3,2", ";3,1", 1); return l })
	if _, err := check(changed, c.chain); err == nil || err.Error() != fmt.Sprintf(`line %d, link 1: voter %s votes "11:1,12:3", but the link logs "11:2,12:3"`, c.first, c.hash["a"]) {
		t.Errorf("changed points: %v\n%s", err, changed)
	}
	empty := publish(t, pb.Approval, []string{"11"})
	if s, err := check(empty.file, empty.chain); err != nil || s.Ballots != 0 || s.Links != 0 {
		t.Errorf("no ballot: %+v, %v", s, err)
	}
}

// TestCheckFileFindsTheFirstMismatch: hand-broken copies of the file and
// the chain, each failing with the line and the link at fault.
func TestCheckFileFindsTheFirstMismatch(t *testing.T) {
	t.Parallel()
	p := publish(t, pb.Approval, []string{"11", "12", "13"}, approvals...)
	f, h := p.first, p.hash                                                  // b, c, a, d are on lines f to f+3
	withdrawn := publish(t, pb.Approval, []string{"11", "12"}, approvals...) // 13 withdrawn: b's ballot left out
	for _, tc := range []struct {
		name  string
		file  string
		chain func(c *Chain)
		want  string
	}{
		{name: "a changed vote", file: p.withLines(func(l []string) []string { l[1] = h["c"] + ";12"; return l }),
			want: fmt.Sprintf(`line %d, link 3: voter %s votes "12", but the link logs "11"`, f+1, h["c"])},
		{name: "a dropped line", file: p.withLines(func(l []string) []string { return append(l[:1], l[2:]...) }),
			want: fmt.Sprintf(`line %d, link 3: the ballot of voter %s is counted, but the file has no line for it (this line is link 4's)`, f+1, h["c"])},
		{name: "the last line dropped", file: p.withLines(func(l []string) []string { return l[:3] }),
			want: fmt.Sprintf(`link 5: the ballot of voter %s is counted, but the file has no line for it`, h["d"])},
		{name: "a reordered pair", file: p.withLines(func(l []string) []string { l[0], l[1] = l[1], l[0]; return l }),
			want: fmt.Sprintf(`line %d, link 3: voter %s (link 3) comes before voter %s (link 2, line %d): the file is not in the chain's order`, f, h["c"], h["b"], f+1)},
		{name: "a wrong head", file: p.file, chain: func(c *Chain) { c.LastHash = strings.Repeat("0", 64) },
			want: fmt.Sprintf(`chain: heading 7: the chain ends at link 5 with hash %s…, but its head (last_hash) is 0000000000000000…`, p.chain.LastHash[:16])},
		{name: "a replaced ballot in the file", file: p.withLines(func(l []string) []string { l[2] = p.replace["a"] + ";11,12"; return l }),
			want: fmt.Sprintf(`line %d, link 1: voter %s's ballot was replaced by a later one of its voter (the chain does not count it)`, f+2, p.replace["a"])},
		{name: "a counted ballot the chain calls replaced", file: p.file, chain: func(c *Chain) { c.Entries[2].Counted = false },
			want: fmt.Sprintf(`line %d, link 3: voter %s's ballot was replaced by a later one of its voter (the chain does not count it)`, f+1, h["c"])},
		{name: "a voter of no link", file: p.withLines(func(l []string) []string { l[3] = strings.Repeat("f", 24) + ";11,13"; return l }),
			want: fmt.Sprintf(`line %d: voter %s is in no link of the chain`, f+3, strings.Repeat("f", 24))},
		{name: "a ballot added", file: p.withLines(func(l []string) []string { return append(l, strings.Repeat("e", 24)+";12") }),
			want: fmt.Sprintf(`line %d: voter %s is in no link of the chain`, f+4, strings.Repeat("e", 24))},
		{name: "a changed link", file: p.file, chain: func(c *Chain) { c.Entries[3].Choices = "13" },
			want: "chain: heading 7: link 4 does not hash to its hash"},
		{name: "not a ballots file", file: "META\nkey;value\n", want: "ballots file: pb: "},
		{name: "a ballot of withdrawn projects only", file: withdrawn.withLines(func(l []string) []string { return append([]string{h["b"] + ";"}, l...) }),
			chain: func(c *Chain) { *c = withdrawn.chain },
			want:  fmt.Sprintf(`line %d, link 2: voter %s chose only projects the file does not list, so the file must leave its ballot out`, withdrawn.first, h["b"])},
	} {
		c := p.chain
		c.Entries = append([]Link(nil), p.chain.Entries...)
		if tc.chain != nil {
			tc.chain(&c)
		}
		_, err := check(tc.file, c)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s:\n got %v\nwant %s\n%s", tc.name, err, tc.want, tc.file)
		}
	}
}

// TestVoterLine finds a voter's line whatever the file around it: extra
// META, CRLF line ends, a byte order mark, blank lines, quoted ids; and
// every voter of the pabulib test files.
func TestVoterLine(t *testing.T) {
	t.Parallel()
	p := publish(t, pb.Approval, []string{"11", "12", "13"}, approvals...)
	if l, ok := VoterLine(p.file, p.hash["a"]); !ok || l.Number != p.first+2 || l.Text != p.hash["a"]+";12" {
		t.Errorf("a: %+v, %v, want line %d\n%s", l, ok, p.first+2, p.file)
	}
	if _, ok := VoterLine(p.file, p.replace["a"]); ok {
		t.Error("found the replaced ballot of a")
	}
	odd := "\uFEFFMETA\r\nkey;value\r\nVOTES;x\r\nnum_votes;2\r\n\r\nPROJECTS\r\nproject_id;cost\r\n1;5\r\n  votes \r\n\r\nvoter_id;vote\r\n\"v;1\";1\r\n \t\r\n\"v\"\"2\"x;1\r\nv3\r\n"
	for id, want := range map[string]Line{"v;1": {12, `"v;1";1`}, `v"2x`: {14, `"v""2"x;1`}, "v3": {15, "v3"}} {
		if l, ok := VoterLine(odd, id); !ok || l != want {
			t.Errorf("%q: %+v, %v, want %+v", id, l, ok, want)
		}
	}
	for _, id := range []string{"voter_id", "1", "num_votes", ""} {
		if l, ok := VoterLine(odd, id); ok {
			t.Errorf("%q found at %+v", id, l)
		}
	}
	files, _ := filepath.Glob(filepath.Join("..", "pb", "testdata", "*.pb"))
	if len(files) == 0 {
		t.Fatal("no pabulib test files")
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		in, err := pb.ReadBallots(strings.NewReader(string(data)))
		if err != nil {
			continue // a file the tests keep for its errors
		}
		for i := range in.Voters.Len() {
			id := in.Voters.ID(i)
			if l, ok := VoterLine(string(data), id); !ok || firstField(l.Text) != id {
				t.Errorf("%s: voter %q: %+v, %v", filepath.Base(name), id, l, ok)
				break
			}
		}
	}
}

// FuzzVoterLine: finding a line never panics, and a line found starts
// with the id.
func FuzzVoterLine(f *testing.F) {
	f.Add("META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost\n1;1\nVOTES\nvoter_id;vote\n\"a\"\"b\";1\n", `a"b`)
	f.Add("\uFEFFVOTES\r\nh\r\n\"x;1\r\nx;2\r\n", "x")
	f.Fuzz(func(t *testing.T, file, id string) {
		l, ok := VoterLine(file, id)
		if ok && (l.Number < 1 || firstField(l.Text) != id || strings.ContainsAny(l.Text, "\n")) {
			t.Errorf("%q: %+v", id, l)
		}
	})
}

// FuzzCheckFile: checking any file against a chain never panics, and a
// file that checks holds each counted ballot once, or says it left it out
// (every choice of a project it does not list).
func FuzzCheckFile(f *testing.F) {
	p := publish(f, pb.Approval, []string{"11", "12", "13"}, approvals...)
	f.Add(p.file)
	f.Add(p.withLines(func(l []string) []string { l[0], l[1] = l[1], l[0]; return l }))
	f.Add(p.withLines(func(l []string) []string { return l[1:] }))
	f.Fuzz(func(t *testing.T, file string) {
		s, err := check(file, p.chain)
		if err == nil && (s.Ballots+s.Dropped != 4 || s.Dropped > 0 && s.Withdrawn == 0) {
			t.Errorf("checks with %d ballots and %d left out (%d choices withdrawn)", s.Ballots, s.Dropped, s.Withdrawn)
		}
	})
}
