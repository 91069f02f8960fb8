package pb

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Write writes in as a .pb file: META, PROJECTS and VOTES with the
// instance's headers, ';' between fields, a field quoted when it holds
// ';', '"', a line break, or starts or ends with a space or tab; LF line
// endings and no byte order mark.
//
// The parsed values decide what is written, and the text an instance was
// read from is kept wherever it still says the same thing, so that
// Read(Write(in)) equals in for every in that Read returned:
//   - META entries in order. budget, num_projects, num_votes and vote_type
//     keep their text when it still reads as Budget (at Scale), the number
//     of projects and voters, and VoteType; otherwise they are rewritten
//     (FormatMoney(Budget, Scale) for the budget). A missing budget is
//     added at the end, and so is vote_type when it is not approval;
//     missing (or empty, or None) num_projects and num_votes are not
//     added.
//   - a project's id is ID and its cost the text in Fields when that still
//     reads as Cost, else FormatMoney(Cost, Scale); the other columns come
//     from Fields ("" when Fields is nil, as for an instance built in
//     memory).
//   - a voter's id is ID; vote and points are the text in Fields when that
//     still reads as Vote and Points, else they are written from Vote
//     (project ids) and Points. A points column is added to the header if
//     the ballots need one and it is missing.
//
// ProjectColumns and VoteColumns may be nil (then project_id;cost and
// voter_id;vote[;points]). Write checks what Read would reject (duplicate
// or empty project ids, duplicate voter ids, a Fields slice that does not
// match its header, a vote index out of range or repeated, points that do
// not match the vote, a negative cost) and returns an error instead of
// writing an unreadable file; part of the output may already be written.
// Note that a field whose text is None (any case) reads back as "".
func Write(w io.Writer, in *Instance) error {
	vt := in.VoteType
	if vt == "" {
		vt = Approval
	}
	if !slices.Contains(VoteTypes, vt) {
		return fmt.Errorf("pb: write: unknown vote type %q", vt)
	}
	if in.Scale < 0 || in.Scale > maxMoneyScale {
		return fmt.Errorf("pb: write: scale %d out of range 0..%d", in.Scale, maxMoneyScale)
	}
	if in.Budget < 0 {
		return errors.New("pb: write: negative budget")
	}
	pw := &pbWriter{w: bufio.NewWriterSize(w, 64<<10)}
	if err := pw.meta(in, vt); err != nil {
		return err
	}
	if err := pw.projects(in); err != nil {
		return err
	}
	if err := pw.votes(in, vt); err != nil {
		return err
	}
	return pw.w.Flush()
}

type pbWriter struct {
	w *bufio.Writer
}

// field writes one field, quoted if it needs to be.
func (pw *pbWriter) field(s string) {
	if !needsQuotes(s) {
		pw.w.WriteString(s)
		return
	}
	pw.w.WriteByte('"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		pw.w.WriteString(s[:i+1])
		pw.w.WriteByte('"')
		s = s[i+1:]
	}
	pw.w.WriteString(s)
	pw.w.WriteByte('"')
}

func needsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if c := s[0]; c == ' ' || c == '\t' {
		return true
	}
	if c := s[len(s)-1]; c == ' ' || c == '\t' {
		return true
	}
	return strings.ContainsAny(s, ";\"\n\r")
}

func (pw *pbWriter) row(fields ...string) {
	for i, f := range fields {
		if i > 0 {
			pw.w.WriteByte(';')
		}
		pw.field(f)
	}
	pw.w.WriteByte('\n')
}

func (pw *pbWriter) meta(in *Instance, vt VoteType) error {
	pw.w.WriteString("META\nkey;value\n")
	seen := make(map[string]bool, len(in.Meta))
	for _, m := range in.Meta {
		if m.Key == "" {
			return errors.New("pb: write: META entry with an empty key")
		}
		if seen[m.Key] {
			return fmt.Errorf("pb: write: META key %q appears twice", m.Key)
		}
		seen[m.Key] = true
		val := m.Value
		switch m.Key {
		case "budget":
			if a, msg := parseAmount(val, false); msg != "" || !a.is(in.Budget, in.Scale) {
				val = FormatMoney(in.Budget, in.Scale)
			}
		case "vote_type":
			if t, ok := parseVoteType(val); !ok || t != vt {
				val = string(vt)
			}
		case "num_projects":
			if n, ok := parseCount(val); !ok || n >= 0 && n != int64(len(in.Projects)) {
				val = strconv.Itoa(len(in.Projects))
			}
		case "num_votes":
			if n, ok := parseCount(val); !ok || n >= 0 && n != int64(in.Voters.Len()) {
				val = strconv.Itoa(in.Voters.Len())
			}
		}
		pw.row(m.Key, val)
	}
	if !seen["budget"] {
		pw.row("budget", FormatMoney(in.Budget, in.Scale))
	}
	if !seen["vote_type"] && vt != Approval {
		pw.row("vote_type", string(vt))
	}
	return nil
}

// is reports whether a is v units at the given scale.
func (a amount) is(v int64, scale int) bool {
	u, ok := a.units(scale)
	return ok && u == v
}

// checkColumns checks a header as Read does.
func checkColumns(section string, cols []string, first ...string) error {
	if len(cols) < len(first) || !slicesHavePrefix(cols, first) {
		return fmt.Errorf("pb: write: %s header must start %s", section, strings.Join(first, ";"))
	}
	seen := make(map[string]bool, len(cols))
	for _, c := range cols {
		if trimSpace(c) == "" || seen[c] {
			return fmt.Errorf("pb: write: %s header column %q is empty or repeated", section, c)
		}
		seen[c] = true
	}
	return nil
}

func isNone(s string) bool { return len(s) == 4 && strings.EqualFold(s, "none") }

func (pw *pbWriter) projects(in *Instance) error {
	cols := in.ProjectColumns
	if cols == nil {
		cols = []string{"project_id", "cost"}
	}
	if err := checkColumns("PROJECTS", cols, "project_id", "cost"); err != nil {
		return err
	}
	pw.w.WriteString("PROJECTS\n")
	pw.row(cols...)
	seen := make(map[string]bool, len(in.Projects))
	out := make([]string, len(cols))
	for i, p := range in.Projects {
		if p.ID == "" || isNone(p.ID) {
			return fmt.Errorf("pb: write: project %d has an empty id (%q)", i, p.ID)
		}
		if seen[p.ID] {
			return fmt.Errorf("pb: write: project id %q appears twice", p.ID)
		}
		seen[p.ID] = true
		if p.Cost < 0 {
			return fmt.Errorf("pb: write: project %q has a negative cost", p.ID)
		}
		if p.Fields != nil && len(p.Fields) != len(cols) {
			return fmt.Errorf("pb: write: project %q has %d fields for %d columns", p.ID, len(p.Fields), len(cols))
		}
		clear(out)
		copy(out, p.Fields)
		out[0] = p.ID
		if a, msg := parseAmount(out[1], true); p.Fields == nil || msg != "" || !a.is(p.Cost, in.Scale) {
			out[1] = FormatMoney(p.Cost, in.Scale)
		}
		pw.row(out...)
	}
	return nil
}

func (pw *pbWriter) votes(in *Instance, vt VoteType) error {
	cols := in.VoteColumns
	if cols == nil {
		cols = []string{"voter_id", "vote"}
	}
	if err := checkColumns("VOTES", cols, "voter_id", "vote"); err != nil {
		return err
	}
	pc := slices.Index(cols, "points")
	nFields := len(cols) // the number of columns Fields has
	if pc < 0 {
		need := vt.HasPoints()
		for i := range in.Voters.Len() {
			need = need || in.Voters.Points(i) != nil
		}
		if need {
			cols = append(slices.Clip(cols), "points")
			pc = len(cols) - 1
		}
	}
	// What Read will do with the points column.
	readPoints := pc >= 0 && (vt.HasPoints() || vt == Ordinal)

	pw.w.WriteString("VOTES\n")
	pw.row(cols...)
	br := newBallotReader(in.Projects)
	seenVoter := make(map[string]bool, in.Voters.Len())
	stamp := make([]int, len(in.Projects))
	out := make([]string, len(cols))
	var sb strings.Builder
	var rr recordReader // for the voters' Fields, without a slice each
	for i := range in.Voters.Len() {
		vs := &in.Voters
		v := Voter{ID: vs.ID(i), Fields: vs.fieldsBy(i, &rr), Vote: vs.Vote(i), Points: vs.Points(i)}
		if seenVoter[v.ID] {
			return fmt.Errorf("pb: write: voter id %q appears twice", v.ID)
		}
		seenVoter[v.ID] = true
		if v.Fields != nil && len(v.Fields) != nFields {
			return fmt.Errorf("pb: write: voter %q has %d fields for %d columns", v.ID, len(v.Fields), nFields)
		}
		for _, p := range v.Vote {
			if p < 0 || int(p) >= len(in.Projects) {
				return fmt.Errorf("pb: write: voter %q votes for project index %d, out of range", v.ID, p)
			}
			if stamp[p] == i+1 {
				return fmt.Errorf("pb: write: voter %q lists project %q twice", v.ID, in.Projects[p].ID)
			}
			stamp[p] = i + 1
		}
		if v.Points != nil && len(v.Points) != len(v.Vote) {
			return fmt.Errorf("pb: write: voter %q has %d points for %d projects", v.ID, len(v.Points), len(v.Vote))
		}
		if vt.HasPoints() && v.Points == nil && len(v.Vote) > 0 {
			return fmt.Errorf("pb: write: %s ballot of voter %q has no points", vt, v.ID)
		}

		clear(out)
		copy(out, v.Fields)
		out[0] = v.ID
		raw := false
		if v.Fields != nil {
			rp := ""
			if readPoints && pc < nFields {
				rp = v.Fields[pc]
			}
			br.votes, br.points = br.votes[:0], br.points[:0]
			_, msg := br.parse(v.Fields[1], rp, readPoints, vt)
			raw = msg == "" && slices.Equal(br.votes, v.Vote) && slices.Equal(br.points, v.Points)
		}
		if !raw {
			sb.Reset()
			for k, p := range v.Vote {
				id := in.Projects[p].ID
				if strings.IndexByte(id, ',') >= 0 {
					return fmt.Errorf("pb: write: voter %q votes for project %q: an id with a comma cannot be listed in a vote", v.ID, id)
				}
				if k > 0 {
					sb.WriteByte(',')
				}
				sb.WriteString(id)
			}
			out[1] = sb.String()
			if pc >= 0 {
				switch {
				case v.Points != nil:
					sb.Reset()
					for k, x := range v.Points {
						if k > 0 {
							sb.WriteByte(',')
						}
						sb.WriteString(strconv.FormatInt(x, 10))
					}
					out[pc] = sb.String()
				case readPoints:
					out[pc] = ""
				}
			}
		}
		pw.row(out...)
	}
	return nil
}
