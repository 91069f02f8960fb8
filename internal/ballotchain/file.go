package ballotchain

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/pb"
)

// Line is one line of a published ballots file.
type Line struct {
	Number int    // from 1
	Text   string // without its line ending
}

// VoterLine finds the line where a voter's record starts in the VOTES
// section of a pabulib file, by its voter_id (the records' first field).
// It reads the text alone, so it works whatever META and columns the
// file has.
func VoterLine(file, voterID string) (Line, bool) {
	var found Line
	voteLines(file, func(l Line, id string) bool {
		if id == voterID {
			found = l
		}
		return id != voterID
	})
	return found, found.Number > 0
}

// voteLines calls fn with every non-blank line after the VOTES title and
// its header, and the line's first field (a record's voter_id), until fn
// returns false. A record whose quoted field spans lines also shows its
// later lines, which name no voter.
func voteLines(file string, fn func(l Line, firstField string) bool) {
	file = strings.TrimPrefix(file, "\uFEFF")
	votes, header := false, false
	for n := 1; file != ""; n++ {
		text, rest, _ := strings.Cut(file, "\n")
		file = rest
		text = strings.TrimSuffix(text, "\r")
		switch {
		case strings.Trim(text, " \t") == "":
		case !votes:
			votes = strings.EqualFold(strings.Trim(text, " \t"), "VOTES")
		case !header:
			header = true
		case !fn(Line{Number: n, Text: text}, firstField(text)):
			return
		}
	}
}

// firstField is a record's first ';'-separated field as the pabulib
// reader takes it: a field starting with '"' is quoted, with '""' for a
// quote, and text after the closing quote is kept.
func firstField(text string) string {
	if !strings.HasPrefix(text, `"`) {
		f, _, _ := strings.Cut(text, ";")
		return f
	}
	var b strings.Builder
	i := 1
	for i < len(text) {
		if text[i] != '"' {
			b.WriteByte(text[i])
			i++
			continue
		}
		if i+1 < len(text) && text[i+1] == '"' {
			b.WriteByte('"')
			i += 2
			continue
		}
		i++ // the closing quote
		break
	}
	after, _, _ := strings.Cut(text[i:], ";")
	return b.String() + after
}

// Mismatch is where a ballots file and its chain disagree first.
type Mismatch struct {
	Line int   // the file's line, 0 when the file lacks one
	Link int64 // the chain's link, 0 when the line is of none
	Msg  string
}

func (m *Mismatch) Error() string {
	switch {
	case m.Line > 0 && m.Link > 0:
		return fmt.Sprintf("line %d, link %d: %s", m.Line, m.Link, m.Msg)
	case m.Line > 0:
		return fmt.Sprintf("line %d: %s", m.Line, m.Msg)
	}
	return fmt.Sprintf("link %d: %s", m.Link, m.Msg)
}

// Summary is what CheckFile found in agreement.
type Summary struct {
	Ballots   int    // the file's ballots: the chain's counted links
	Links     int    // every link of the chain
	Replaced  int    // links whose ballot its voter replaced later
	Withdrawn int    // choices of a project the file does not list (withdrawn after the vote)
	Dropped   int    // counted ballots left out of the file: every choice was of such a project
	Head      string // the chain's head
}

func (s Summary) String() string {
	out := fmt.Sprintf("ok: %d ballots, the chain's counted links in its order; %d links (%d replaced) recompute to the head %s",
		s.Ballots, s.Links, s.Replaced, short(s.Head))
	if s.Withdrawn > 0 {
		out += fmt.Sprintf("; withdrawn after the vote (not in the file): %d choices, and %d ballots left with none", s.Withdrawn, s.Dropped)
	}
	return out
}

// CheckFile reads a published ballots file (pabulib) and checks it against
// its heading's chain: the chain recomputes to its head, and the file's
// ballots are exactly the chain's counted links, in the chain's order,
// each voter the link's receipt hash and each vote the link's choices (in
// the same order on ordinal ballots; others are sets, which the file may
// list in another order, cumulative ones by decreasing points). A choice
// of a project the file does not list is left out, and a ballot left with
// none is not in the file: a proposal withdrawn after the vote no longer
// counts. The first disagreement is a *Mismatch naming the line and the
// link.
func CheckFile(r io.Reader, c Chain) (Summary, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Summary{}, err
	}
	in, err := pb.ReadBallots(bytes.NewReader(data))
	if err != nil {
		return Summary{}, fmt.Errorf("ballots file: %w", err)
	}
	if err := c.Verify(); err != nil {
		return Summary{}, fmt.Errorf("chain: %w", err)
	}
	ck, err := newChecker(in, c, string(data))
	if err != nil {
		return Summary{}, err
	}
	for i := range in.Voters.Len() {
		if err := ck.voter(i); err != nil {
			return Summary{}, err
		}
	}
	if ck.next < len(ck.counted) {
		l := ck.counted[ck.next]
		return Summary{}, &Mismatch{Link: l.Seq, Msg: fmt.Sprintf("the ballot of voter %s is counted, but the file has no line for it", l.ReceiptHash)}
	}
	s := ck.sum
	s.Ballots, s.Links, s.Head = len(ck.counted), len(c.Entries), c.LastHash
	return s, nil
}

// checker walks a file's voters beside the chain's counted links.
type checker struct {
	in       *pb.Instance
	links    map[string]Link // every link by its receipt hash
	counted  []countedLink   // the counted links the file must hold, in order
	dropped  map[string]bool // the counted links it must not: no choice left
	next     int             // the counted link the next voter must be
	lines    []int           // voter i's line
	position map[string]int  // voter id → its index in the file
	sum      Summary
}

// countedLink is a counted link with its choices of the projects the file
// lists.
type countedLink struct {
	Link
	listed []Choice
}

func newChecker(in *pb.Instance, c Chain, file string) (*checker, error) {
	ck := &checker{in: in, links: make(map[string]Link, len(c.Entries)), dropped: map[string]bool{},
		lines: make([]int, in.Voters.Len()), position: make(map[string]int, in.Voters.Len())}
	listed := make(map[string]bool, len(in.Projects))
	for _, p := range in.Projects {
		listed[p.ID] = true
	}
	for _, l := range c.Entries {
		ck.links[l.ReceiptHash] = l
		if !l.Counted {
			ck.sum.Replaced++
			continue
		}
		cs, err := ParseChoices(l.Choices)
		if err != nil {
			return nil, &Mismatch{Link: l.Seq, Msg: err.Error()}
		}
		kept := slices.DeleteFunc(slices.Clone(cs), func(c Choice) bool { return !listed[strconv.FormatInt(c.ProposalID, 10)] })
		ck.sum.Withdrawn += len(cs) - len(kept)
		if len(kept) == 0 {
			ck.dropped[l.ReceiptHash] = true
			ck.sum.Dropped++
			continue
		}
		ck.counted = append(ck.counted, countedLink{l, kept})
	}
	for i := range in.Voters.Len() {
		ck.position[in.Voters.ID(i)] = i
	}
	// The reader and voteLines see the records in the same order, so
	// each voter's line is the next one with its id.
	i := 0
	voteLines(file, func(l Line, id string) bool {
		if i < len(ck.lines) && id == in.Voters.ID(i) {
			ck.lines[i] = l.Number
			i++
		}
		return i < len(ck.lines)
	})
	return ck, nil
}

// voter checks the file's voter i against the next counted link.
func (ck *checker) voter(i int) error {
	id, line := ck.in.Voters.ID(i), ck.lines[i]
	l, ok := ck.links[id]
	switch {
	case !ok:
		return &Mismatch{Line: line, Msg: fmt.Sprintf("voter %s is in no link of the chain", id)}
	case !l.Counted:
		return &Mismatch{Line: line, Link: l.Seq, Msg: fmt.Sprintf("voter %s's ballot was replaced by a later one of its voter (the chain does not count it)", id)}
	case ck.dropped[id]:
		return &Mismatch{Line: line, Link: l.Seq, Msg: fmt.Sprintf("voter %s chose only projects the file does not list, so the file must leave its ballot out", id)}
	}
	want := ck.counted[ck.next]
	if want.ReceiptHash != id {
		if j, later := ck.position[want.ReceiptHash]; later {
			return &Mismatch{Line: line, Link: l.Seq, Msg: fmt.Sprintf("voter %s (link %d) comes before voter %s (link %d, line %d): the file is not in the chain's order",
				id, l.Seq, want.ReceiptHash, want.Seq, ck.lines[j])}
		}
		return &Mismatch{Line: line, Link: want.Seq, Msg: fmt.Sprintf("the ballot of voter %s is counted, but the file has no line for it (this line is link %d's)",
			want.ReceiptHash, l.Seq)}
	}
	ck.next++
	if got, logged := ck.votes(i, want); got != logged {
		return &Mismatch{Line: line, Link: l.Seq, Msg: fmt.Sprintf("voter %s votes %q, but the link logs %q", id, got, logged)}
	}
	return nil
}

// votes writes voter i's vote and link l's choices of the listed projects
// alike: "12,15", with ":points" when the file's ballots carry points;
// sorted, but for ordinal ballots.
func (ck *checker) votes(i int, l countedLink) (file, logged string) {
	withPoints := ck.in.VoteType.HasPoints()
	var f, g []string
	pts := ck.in.Voters.Points(i)
	for k, p := range ck.in.Voters.Vote(i) {
		f = append(f, vote(ck.in.Projects[p].ID, withPoints, pts, k))
	}
	for _, c := range l.listed {
		g = append(g, vote(strconv.FormatInt(c.ProposalID, 10), withPoints, []int64{c.Points}, 0))
	}
	if ck.in.VoteType != pb.Ordinal {
		slices.Sort(f)
		slices.Sort(g)
	}
	return strings.Join(f, ","), strings.Join(g, ",")
}

// vote is one project of a vote, with its points (pts[k]) when the
// ballots carry points.
func vote(id string, withPoints bool, pts []int64, k int) string {
	if !withPoints || k >= len(pts) {
		return id
	}
	return id + ":" + strconv.FormatInt(pts[k], 10)
}
