package budgeting

import (
	"context"
	"io"
	"strconv"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/pb"
)

// ProjectResult is one proposal's fate in a heading's count.
type ProjectResult struct {
	ID          int64
	Title       string
	Cost        int64
	Votes       int64
	Selected    bool
	Explanation i18n.Text
}

// HeadingResult is a heading's count under its process's rule.
type HeadingResult struct {
	HeadingID int64
	Budget    int64
	Rule      string // what the engine computed, e.g. "mes/add1"
	Selected  []int64
	TotalCost int64
	Ballots   int
	Summary   i18n.Text
	Projects  []ProjectResult // in proposal order
}

var errNotClosed = apperr.New(apperr.Forbidden, "رأی‌گیری هنوز تمام نشده است.", "Voting has not closed yet.")

// Results counts a heading's ballots once voting has closed.
func (s *Service) Results(ctx context.Context, headingID int64) (HeadingResult, error) {
	in, props, err := s.instance(ctx, headingID)
	if err != nil {
		return HeadingResult{}, err
	}
	spec, err := pb.SpecFromMeta(in)
	if err != nil {
		return HeadingResult{}, err
	}
	r, err := pb.Run(in, spec)
	if err != nil {
		return HeadingResult{}, err
	}
	o, money := r.Outcome, pb.MoneyOf(in)
	out := HeadingResult{HeadingID: headingID, Budget: in.Budget, Rule: o.Rule, TotalCost: o.TotalCost,
		Ballots: in.Voters.Len(), Summary: pb.Summary(r.Profile, o, money)}
	for _, p := range o.Selected {
		out.Selected = append(out.Selected, props[p].ID)
	}
	for i, e := range pb.Explain(r.Profile, o, money) {
		out.Projects = append(out.Projects, ProjectResult{ID: props[i].ID, Title: props[i].Title, Cost: props[i].Cost(),
			Votes: o.Projects[i].Votes, Selected: e.Selected, Explanation: e.Text})
	}
	return out, nil
}

// WriteBallots writes a closed heading's anonymized ballots as a pabulib
// file: voters appear as their receipts' hashes, and META names the
// process's rule, so `shahr tally` on the file gives the published result.
func (s *Service) WriteBallots(ctx context.Context, w io.Writer, headingID int64) error {
	in, _, err := s.instance(ctx, headingID)
	if err != nil {
		return err
	}
	return pb.Write(w, in)
}

// instance builds the pabulib instance of a closed heading: its feasible
// proposals (ids as strings) and its ballots.
func (s *Service) instance(ctx context.Context, headingID int64) (*pb.Instance, []Proposal, error) {
	p, h, err := s.closedHeading(ctx, headingID)
	if err != nil {
		return nil, nil, err
	}
	props, err := s.Feasible(ctx, headingID)
	if err != nil {
		return nil, nil, err
	}
	bs, err := s.ballots(ctx, headingID)
	if err != nil {
		return nil, nil, err
	}
	in := &pb.Instance{Budget: h.Budget, VoteType: voteType(p.Ballot), Meta: []pb.MetaEntry{
		{Key: "description", Value: p.TitleFa + " — " + h.NameFa},
		{Key: "unit", Value: h.NameFa},
		{Key: "instance", Value: p.Slug},
		{Key: "rule", Value: p.Rule},
		{Key: "currency", Value: "IRR"},
	}}
	index := map[int64]int32{}
	for i, pr := range props {
		index[pr.ID] = int32(i)
		in.Projects = append(in.Projects, pb.Project{ID: strconv.FormatInt(pr.ID, 10), Cost: pr.Cost()})
	}
	voters := make([]pb.Voter, 0, len(bs))
	for _, b := range bs {
		v := pb.Voter{ID: b.receiptHash}
		for _, c := range b.choices {
			if i, ok := index[c.ProposalID]; ok { // a proposal hidden after the vote no longer counts
				v.Vote = append(v.Vote, i)
				if in.VoteType == pb.Cumulative {
					v.Points = append(v.Points, c.Points)
				}
			}
		}
		voters = append(voters, v)
	}
	in.Voters = pb.NewVoters(voters)
	return in, props, nil
}

func (s *Service) closedHeading(ctx context.Context, headingID int64) (Process, Heading, error) {
	p, h, err := s.headingProcess(ctx, headingID)
	if err != nil {
		return p, h, err
	}
	if !p.VotingClosed(s.now()) {
		return p, Heading{}, errNotClosed
	}
	return p, h, nil
}

func voteType(k BallotKind) pb.VoteType {
	switch k {
	case Cumulative:
		return pb.Cumulative
	case Ordinal:
		return pb.Ordinal
	}
	return pb.Approval
}
