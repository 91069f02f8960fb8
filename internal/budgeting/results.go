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
	p, h, err := s.closedHeading(ctx, headingID)
	if err != nil {
		return HeadingResult{}, err
	}
	hb, err := s.headingBallots(ctx, p, h)
	if err != nil {
		return HeadingResult{}, err
	}
	r, err := count(hb.in)
	if err != nil {
		return HeadingResult{}, err
	}
	in, props := hb.in, hb.props
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

// count runs the rule an instance's META names: the process's.
func count(in *pb.Instance) (pb.Result, error) {
	spec, err := pb.SpecFromMeta(in)
	if err != nil {
		return pb.Result{}, err
	}
	return pb.Run(in, spec)
}

// WriteBallots writes a closed heading's published pabulib file
// (PublishedFile).
func (s *Service) WriteBallots(ctx context.Context, w io.Writer, headingID int64) error {
	f, err := s.PublishedFile(ctx, headingID)
	if err != nil {
		return err
	}
	return pb.Write(w, f.Instance)
}

// headingBallots is what a closed heading's count and its published file
// are made of.
type headingBallots struct {
	// in holds the feasible proposals (ids as strings, in id order), the
	// ballots (voters as their receipts' hashes) and, in META, only the
	// process's rule.
	in    *pb.Instance
	props []Proposal // in.Projects' proposals
	paper []bool     // whether each of in's voters was entered from a paper ballot
	// Ballots that listed proposals withdrawn (hidden) after the vote:
	// shortened ones keep their other choices; dropped ones had none left
	// and are left out, as they choose nothing.
	shortened, dropped int
}

// headingBallots reads a closed heading's feasible proposals and ballots.
func (s *Service) headingBallots(ctx context.Context, p Process, h Heading) (headingBallots, error) {
	props, err := s.Feasible(ctx, h.ID)
	if err != nil {
		return headingBallots{}, err
	}
	bs, err := s.ballots(ctx, h.ID)
	if err != nil {
		return headingBallots{}, err
	}
	in := &pb.Instance{Budget: h.Budget, VoteType: voteType(p.Ballot), Meta: []pb.MetaEntry{{Key: "rule", Value: p.Rule}}}
	hb := headingBallots{in: in, props: props}
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
		switch {
		case len(v.Vote) == 0:
			hb.dropped++
			continue
		case len(v.Vote) < len(b.choices):
			hb.shortened++
		}
		voters = append(voters, v)
		hb.paper = append(hb.paper, b.paper)
	}
	in.Voters = pb.NewVoters(voters)
	return hb, nil
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
