// Package budgeting is "I am Mayor" (من شهردارم): participatory budgeting
// processes with their phases and headings, proposals and their review,
// ballots, and results counted by the pb engine.
package budgeting

import (
	"slices"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/persian"
)

// Phase is a stage of a process, in this order.
type Phase string

const (
	Information    Phase = "information"
	Proposals      Phase = "proposals"
	Review         Phase = "review"
	Voting         Phase = "voting"
	Results        Phase = "results"
	Implementation Phase = "implementation"
)

// PhaseOrder lists the phases in the order a process goes through them.
var PhaseOrder = []Phase{Information, Proposals, Review, Voting, Results, Implementation}

// BallotKind is how a voter fills a ballot.
type BallotKind string

const (
	Approval   BallotKind = "approval"   // any projects whose costs fit the heading's budget
	KApproval  BallotKind = "k-approval" // between MinChoices and MaxChoices projects
	Cumulative BallotKind = "cumulative" // MaxPoints points spread over projects
	Ordinal    BallotKind = "ordinal"    // up to MaxChoices projects, most preferred first
)

// Eligibility says who may propose and vote in a heading.
type Eligibility string

const (
	SignedIn Eligibility = "signed_in" // anyone signed in
	Resident Eligibility = "resident"  // verified residents of the heading's area
)

// HeadingScope says in how many headings one person may vote.
type HeadingScope string

const (
	OwnHeading  HeadingScope = "own"          // only their own area's
	OwnPlusOne  HeadingScope = "own_plus_one" // their own and one other
	AllHeadings HeadingScope = "all"          // every heading
	maxTitleLen              = 200
)

// Proposal statuses.
const (
	StatusSubmitted  = "submitted"
	StatusFeasible   = "feasible"
	StatusInfeasible = "infeasible"
	StatusMerged     = "merged"
	StatusHidden     = "hidden"
)

// Window is when a phase runs: [Start, End).
type Window struct {
	Phase      Phase
	Start, End time.Time
}

// Process is one participatory-budgeting round of an organization.
type Process struct {
	ID            int64
	OrgID         int64
	OrgPath       string // the organization's materialized path, for access checks
	Slug          string
	TitleFa       string
	TitleEn       string
	DescriptionFa string
	DescriptionEn string
	Rule          string // a pabulib META rule, as pb.SpecFromMeta reads it
	Ballot        BallotKind
	MinChoices    int
	MaxChoices    int
	MaxPoints     int
	Eligibility   Eligibility // who may vote
	Proposers     Eligibility // who may propose ("" is SignedIn)
	MinAge        int         // the age in whole years those who propose and vote must have reached; 0 for none
	Scope         HeadingScope
	Phases        []Window // in PhaseOrder; skipped phases are absent
	Headings      []Heading
	CreatedAt     time.Time
}

// Heading is one budget inside a process: a district's or a
// neighbourhood's.
type Heading struct {
	ID        int64
	ProcessID int64
	AreaID    int64 // the organization whose residents vote; 0 for none
	NameFa    string
	NameEn    string
	Budget    int64 // rials
}

// Rules are the selection rules a process may use, as pabulib META names
// them.
var Rules = []string{"greedy", "equalshares", "equalshares/add1", "equalshares-comparison", "equalshares/add1-comparison"}

// PhaseAt is the phase running at t, and false before the first or
// between phases.
func (p Process) PhaseAt(t time.Time) (Window, bool) {
	for _, w := range p.Phases {
		if !t.Before(w.Start) && t.Before(w.End) {
			return w, true
		}
	}
	return Window{}, false
}

// Window returns a phase's window, and false when the process skips it.
func (p Process) Window(ph Phase) (Window, bool) {
	i := slices.IndexFunc(p.Phases, func(w Window) bool { return w.Phase == ph })
	if i < 0 {
		return Window{}, false
	}
	return p.Phases[i], true
}

// VotingClosed says whether ballots are final at t: the voting phase has
// ended.
func (p Process) VotingClosed(t time.Time) bool {
	w, ok := p.Window(Voting)
	return ok && !t.Before(w.End)
}

// Heading returns the process's heading with the given id.
func (p Process) Heading(id int64) (Heading, bool) {
	i := slices.IndexFunc(p.Headings, func(h Heading) bool { return h.ID == id })
	if i < 0 {
		return Heading{}, false
	}
	return p.Headings[i], true
}

func invalid(field, fa, en string) *apperr.Error {
	e := apperr.New(apperr.Invalid, fa, en)
	e.Fields = append(e.Fields, apperr.Field{Name: field, Msg: e.Msg})
	return e
}

// Validate checks a process before it is stored.
func (p Process) Validate() error {
	switch {
	case strings.TrimSpace(p.TitleFa) == "":
		return invalid("title_fa", "عنوان فرایند را بنویسید.", "Give the process a title.")
	case !validSlug(p.Slug):
		return invalid("slug", "نشانی کوتاه فقط حروف کوچک لاتین، رقم و خط تیره است.", "The short address takes lower-case Latin letters, digits and hyphens only.")
	case !slices.Contains(Rules, p.Rule):
		return invalid("rule", "قاعده انتخاب شناخته نیست.", "Unknown selection rule.")
	case len(p.Headings) == 0:
		return invalid("headings", "دست‌کم یک سرفصل بودجه لازم است.", "A process needs at least one budget heading.")
	}
	if err := p.validateBallot(); err != nil {
		return err
	}
	if err := p.checkBounds(); err != nil {
		return err
	}
	if err := p.validatePhases(); err != nil {
		return err
	}
	names := map[string]bool{}
	for _, h := range p.Headings {
		if strings.TrimSpace(h.NameFa) == "" || h.Budget <= 0 {
			return invalid("headings", "هر سرفصل نام و بودجه‌ای بیشتر از صفر می‌خواهد.", "Every heading needs a name and a budget above zero.")
		}
		key := persian.SearchKey(h.NameFa)
		if names[key] {
			return errHeadingName
		}
		names[key] = true
	}
	return nil
}

func (p Process) validateBallot() error {
	ok := false
	switch p.Ballot {
	case Approval:
		ok = p.MinChoices >= 0 && (p.MaxChoices == 0 || p.MaxChoices >= p.MinChoices)
	case KApproval, Ordinal:
		ok = p.MaxChoices > 0 && p.MinChoices >= 0 && p.MinChoices <= p.MaxChoices
	case Cumulative:
		ok = p.MaxPoints > 0
	}
	if !ok {
		return invalid("ballot", "نوع برگه رأی یا حدهای آن درست نیست.", "The ballot kind or its limits are not valid.")
	}
	if !slices.Contains([]Eligibility{"", SignedIn, Resident}, p.Proposers) {
		return invalid("proposers", "شرایط پیشنهاددهندگان درست نیست.", "Who may propose is not set correctly.")
	}
	if p.MinAge < 0 || p.MinAge > 120 {
		return invalid("min_age", "حداقل سن باید عددی از ۰ تا ۱۲۰ باشد.", "The minimum age must be a number from 0 to 120.")
	}
	if !slices.Contains([]Eligibility{SignedIn, Resident}, p.Eligibility) || !slices.Contains([]HeadingScope{OwnHeading, OwnPlusOne, AllHeadings}, p.Scope) {
		return invalid("eligibility", "شرایط رأی‌دهندگان درست نیست.", "Who may vote is not set correctly.")
	}
	return nil
}

// validatePhases: phases in order, none overlapping, each ending after it starts.
func (p Process) validatePhases() error {
	last, lastEnd := -1, time.Time{}
	for _, w := range p.Phases {
		i := slices.Index(PhaseOrder, w.Phase)
		if i <= last || !w.End.After(w.Start) || w.Start.Before(lastEnd) {
			return invalid("phases", "مرحله‌ها باید به ترتیب و بدون هم‌پوشانی باشند و هر کدام پس از آغاز پایان یابد.",
				"Phases must come in order without overlapping, each ending after it starts.")
		}
		last, lastEnd = i, w.End
	}
	if _, ok := p.Window(Voting); !ok {
		return invalid("phases", "فرایند بدون مرحله رأی‌گیری نمی‌شود.", "A process needs a voting phase.")
	}
	return nil
}

func validSlug(s string) bool {
	if s == "" || len(s) > 80 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
