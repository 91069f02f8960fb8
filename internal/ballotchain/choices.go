package ballotchain

import (
	"fmt"
	"strconv"
	"strings"
)

// Choice is one project on a ballot; Points only on cumulative ballots.
type Choice struct {
	ProposalID int64
	Points     int64
}

// EncodeChoices writes choices as the log stores and hashes them: ids in
// the voter's order, comma-separated, each with ":points" when it has
// points ("12,15", "12:3,15:2").
func EncodeChoices(cs []Choice) string {
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(c.ProposalID, 10))
		if c.Points > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.FormatInt(c.Points, 10))
		}
	}
	return b.String()
}

// ParseChoices reads what EncodeChoices writes, and only that: positive
// whole numbers in plain decimal (no sign, no leading zero), so that a
// text parses exactly when it is the encoding of what it parses to, and
// two texts of one ballot cannot differ.
func ParseChoices(s string) ([]Choice, error) {
	var out []Choice
	for part := range strings.SplitSeq(s, ",") {
		id, pts, hasPoints := strings.Cut(part, ":")
		c := Choice{}
		var ok bool
		if c.ProposalID, ok = positive(id); !ok {
			return nil, fmt.Errorf("choices %q: %q is not a project id", s, id)
		}
		if hasPoints {
			if c.Points, ok = positive(pts); !ok {
				return nil, fmt.Errorf("choices %q: %q is not a number of points", s, pts)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// positive reads a positive int64 written in canonical decimal.
func positive(s string) (int64, bool) {
	if s == "" || s[0] < '1' || s[0] > '9' {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}
