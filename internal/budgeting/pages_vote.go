package budgeting

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/web"
)

type voteIndexPage struct {
	processView
	Headings []headingRow
	Ballot   string
}

// voteIndex lists the headings of a process to vote in.
func (h *handlers) voteIndex(w http.ResponseWriter, r *http.Request) error {
	v, err := h.view(w, r)
	if err != nil {
		return err
	}
	p := &voteIndexPage{processView: v, Headings: h.headingRows(v.L, v.Process), Ballot: ballotLabels[v.Process.Ballot].In(v.L)}
	p.Title = p.T("budgeting.vote.title") + " · " + v.ProcessTitle
	h.web.Render(w, r, http.StatusOK, "budgeting/vote", p)
	return nil
}

// ballotRow is one project on the ballot form.
type ballotRow struct {
	ID       int64
	Title    string
	URL      string
	Cost     string
	CostRial int64
	Checked  bool
	Points   string
	Rank     string
}

type ballotPage struct {
	processView
	HeadingID  int64
	Heading    string
	Kind       BallotKind
	Budget     string
	BudgetRial int64
	Chosen     string
	Left       string
	Over       bool
	OverBy     string // how far the choices go over the budget
	Rules      string // what the ballot allows, in words
	Rows       []ballotRow
	Changing   bool   // the voter has a ballot here already
	Refused    string // why this person cannot vote here now; "" when they can
	refusal    error  // the error behind Refused
	heading    Heading
}

// ballotForm shows the ballot: the heading's feasible projects with their
// costs and, for approval ballots, the money left. It works as a plain
// form; the script only updates the money left as the voter ticks.
func (h *handlers) ballotForm(w http.ResponseWriter, r *http.Request) error {
	p, err := h.ballotPage(w, r)
	if err != nil {
		return err
	}
	mine, ok, err := h.svc.MyBallot(r.Context(), p.Who.UserID, p.HeadingID)
	if err != nil {
		return err
	}
	p.Changing = ok
	p.fill(mine)
	h.web.Render(w, r, http.StatusOK, "budgeting/ballot", p)
	return nil
}

func (h *handlers) ballotPage(w http.ResponseWriter, r *http.Request) (*ballotPage, error) {
	v, err := h.view(w, r)
	if err != nil {
		return nil, err
	}
	hid, err := web.PathID(r, "hid")
	if err != nil {
		return nil, err
	}
	hd, ok := v.Process.Heading(hid)
	if !ok {
		return nil, errNoProcess
	}
	props, err := h.svc.Feasible(r.Context(), hid)
	if err != nil {
		return nil, err
	}
	pr := v.Process
	p := &ballotPage{processView: v, heading: hd, HeadingID: hid, Heading: hd.Name(v.L), Kind: pr.Ballot, Budget: money(v.L, hd.Budget), BudgetRial: hd.Budget}
	p.Title = p.T("budgeting.ballot.title") + " · " + p.Heading
	switch pr.Ballot {
	case Approval:
		p.Rules = v.L.Tf("budgeting.ballot.rules.approval", p.Budget)
	case KApproval:
		p.Rules = v.L.Tf("budgeting.ballot.rules.k", v.L.Int(pr.MinChoices), v.L.Int(pr.MaxChoices))
	case Cumulative:
		p.Rules = v.L.Tf("budgeting.ballot.rules.points", v.L.Int(pr.MaxPoints))
	case Ordinal:
		p.Rules = v.L.Tf("budgeting.ballot.rules.rank", v.L.Int(pr.MaxChoices))
	}
	for _, x := range props {
		p.Rows = append(p.Rows, ballotRow{ID: x.ID, Title: x.Title, URL: fmt.Sprintf("/budgets/%s/proposals/%d", v.Slug, x.ID),
			Cost: money(v.L, x.Cost()), CostRial: x.Cost()})
	}
	p.refusal = h.svc.CanVote(r.Context(), v.Who.UserID, hid)
	if p.Refused, err = refusalText(v.L, p.refusal); err != nil {
		return nil, err
	}
	return p, nil
}

// refusalText is what a page shows in place of its form when a rule
// refuses the person (err); "" when none does. An error that is not the
// application's fails the page.
func refusalText(l i18n.Lang, err error) (string, error) {
	if err == nil {
		return "", nil
	}
	ae, ok := apperr.As(err)
	if !ok {
		return "", err
	}
	return l.Text(ae.Msg), nil
}

// fill marks the choices on the form and totals what they cost.
func (p *ballotPage) fill(cs []Choice) {
	var chosen int64
	for i := range p.Rows {
		row := &p.Rows[i]
		j := slices.IndexFunc(cs, func(c Choice) bool { return c.ProposalID == row.ID })
		if j < 0 {
			continue
		}
		row.Checked = true
		chosen += row.CostRial
		if cs[j].Points > 0 {
			row.Points = strconv.FormatInt(cs[j].Points, 10)
		}
		row.Rank = strconv.Itoa(j + 1)
	}
	p.Chosen, p.Left = money(p.L, chosen), money(p.L, max(p.BudgetRial-chosen, 0))
	p.Over = chosen > p.BudgetRial
	p.OverBy = money(p.L, max(chosen-p.BudgetRial, 0))
}

func (h *handlers) castBallot(w http.ResponseWriter, r *http.Request) error {
	p, err := h.ballotPage(w, r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	choices, err := readChoices(p.Process, p.Rows, r.PostForm)
	if err == nil {
		err = p.refusal // the phase and eligibility, checked once for the page
	}
	if err == nil {
		_, err = h.svc.cast(r.Context(), p.Process, p.heading, p.Who.UserID, Ballot{HeadingID: p.HeadingID, Choices: choices})
	}
	if err != nil {
		p.fill(choices)
		return h.web.RenderForm(w, r, err, "budgeting/ballot", p, p)
	}
	// The receipt is a page of its own (POST, redirect, GET): reloading
	// it shows the receipt again rather than casting the ballot again.
	http.Redirect(w, r, receiptURL(p.Slug, p.HeadingID), http.StatusSeeOther)
	return nil
}

var errRank = invalid("ballot", "رتبه‌ها باید عددهای متفاوت از ۱ به بعد باشند.", "Ranks must be different numbers from 1 up.")

// readChoices reads the ballot form: ticked projects (p=id), points
// (pts-id) or ranks (rank-id), in the voter's order. Points and ranks
// are bounded as typed (a rank by the number of projects), and one
// outside its bound is refused, not dropped.
func readChoices(pr Process, rows []ballotRow, f url.Values) ([]Choice, error) {
	var cs []Choice
	switch pr.Ballot {
	case Cumulative:
		for _, row := range rows {
			pts, err := typedNumber(f.Get(fmt.Sprintf("pts-%d", row.ID)), pointsBound(pr.MaxPoints))
			if err != nil {
				return cs, err
			}
			if pts > 0 {
				cs = append(cs, Choice{ProposalID: row.ID, Points: pts})
			}
		}
	case Ordinal:
		ranks := map[int64]int64{}
		for _, row := range rows {
			rank, err := typedNumber(f.Get(fmt.Sprintf("rank-%d", row.ID)), rankBound(len(rows)))
			if err != nil {
				return cs, err
			}
			if rank > 0 {
				ranks[row.ID] = rank
				cs = append(cs, Choice{ProposalID: row.ID})
			}
		}
		slices.SortStableFunc(cs, func(a, b Choice) int { return cmp.Compare(ranks[a.ProposalID], ranks[b.ProposalID]) })
		for i := 1; i < len(cs); i++ {
			if ranks[cs[i].ProposalID] == ranks[cs[i-1].ProposalID] {
				return cs, errRank
			}
		}
	default:
		for _, v := range f["p"] {
			if id := formID(v); id > 0 && !slices.ContainsFunc(cs, func(c Choice) bool { return c.ProposalID == id }) {
				cs = append(cs, Choice{ProposalID: id})
			}
		}
	}
	return cs, nil
}
