package budgeting

import (
	"net/http"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/web"
)

// pageRoutes are the citizens' pages of a process.
func (h *handlers) pageRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Pattern: "/budgets", Access: web.Public, Handle: h.index},
		{Method: "GET", Pattern: "/budgets/{slug}", Access: web.Public, Handle: h.processPage},
		{Method: "GET", Pattern: "/budgets/{slug}/proposals", Access: web.Public, Handle: h.proposalList},
		{Method: "GET", Pattern: "/budgets/{slug}/proposals/new", Access: web.SignedIn, Handle: h.newProposal},
		{Method: "POST", Pattern: "/budgets/{slug}/proposals", Access: web.SignedIn, Form: proposalFields, Uploads: MaxUploads * MaxUploadBytes, Handle: h.createProposal},
		{Method: "GET", Pattern: "/budgets/{slug}/proposals/{pid}", Access: web.Public, Handle: h.proposalPage},
		{Method: "POST", Pattern: "/budgets/{slug}/proposals/{pid}/support", Access: web.SignedIn, Handle: h.support},
		{Method: "POST", Pattern: "/budgets/{slug}/proposals/{pid}/flag", Access: web.SignedIn, Form: flagFields, Handle: h.flag},
		{Method: "GET", Pattern: "/budget-files/{fid}", Access: web.Public, Handle: h.file},
		{Method: "GET", Pattern: "/budgets/{slug}/vote", Access: web.Public, Handle: h.voteIndex},
		{Method: "GET", Pattern: "/budgets/{slug}/vote/{hid}", Access: web.SignedIn, Handle: h.ballotForm},
		{Method: "POST", Pattern: "/budgets/{slug}/vote/{hid}", Access: web.SignedIn, Handle: h.castBallot},
		{Method: "GET", Pattern: "/budgets/{slug}/implementation", Access: web.Public, Handle: h.implementationPage},
	}
}

// inProcess requires perm in the organization that runs the process named
// by the route's {id}; an unknown process is not found for everyone.
func (h *handlers) inProcess(perm auth.Permission) web.Access {
	return web.AccessFunc("process:"+string(perm), func(r *http.Request, who *auth.Principal) error {
		if who == nil {
			return apperr.ErrUnauthorized
		}
		id, err := web.PathID(r, "id")
		if err != nil {
			return err
		}
		p, err := h.svc.Process(r.Context(), id)
		if err != nil {
			return err
		}
		if !who.Can(perm, p.OrgPath) {
			return apperr.ErrForbidden
		}
		return nil
	})
}

// processView is what every page of a process shows at its top: its title,
// where it stands, and the links between its pages.
type processView struct {
	web.Page
	Process      Process
	ProcessTitle string
	Slug         string
	Phase        string // the current phase's name; "" between phases
	PhaseKey     Phase
	Remaining    string // "۱۲ روز" until the phase ends; "" when none
	EndsAt       time.Time
	EndsISO      string
	Staff        bool // the visitor may review this process
}

// view loads the process named by {slug} and starts its page.
func (h *handlers) view(w http.ResponseWriter, r *http.Request) (processView, error) {
	p, err := h.svc.ProcessBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return processView{}, err
	}
	v := processView{Page: web.NewPage(w, r, ""), Process: p, Slug: p.Slug}
	v.ProcessTitle = p.Title(v.L)
	v.Title = v.ProcessTitle
	now := h.svc.now()
	if win, ok := p.PhaseAt(now); ok {
		v.PhaseKey, v.Phase, v.EndsAt = win.Phase, win.Phase.Label().In(v.L), win.End
		v.EndsISO = win.End.UTC().Format(time.RFC3339)
		v.Remaining = remaining(v.L, win.End.Sub(now))
	}
	v.Staff = v.Who.Can(auth.Review, p.OrgPath)
	return v, nil
}

// remaining says how long is left, in days, or hours on the last day.
func remaining(l i18n.Lang, d time.Duration) string {
	if days := int(d.Hours() / 24); days >= 1 {
		return l.Tf("budgeting.left.days", l.Int(days))
	}
	return l.Tf("budgeting.left.hours", l.Int(max(int(d.Hours()), 1)))
}

// indexPage lists every process.
type indexPage struct {
	web.Page
	Processes web.Cards
}

func (h *handlers) index(w http.ResponseWriter, r *http.Request) error {
	ps, err := h.svc.Processes(r.Context())
	if err != nil {
		return err
	}
	p := &indexPage{Page: web.NewPage(w, r, "budgeting.index.title")}
	now := h.svc.now()
	for _, pr := range ps {
		note := p.T("budgeting.phase.none")
		if win, ok := pr.PhaseAt(now); ok {
			note = win.Phase.Label().In(p.L)
		}
		p.Processes = append(p.Processes, web.Card{URL: "/budgets/" + pr.Slug, Title: pr.Title(p.L), Note: note})
	}
	h.web.Render(w, r, http.StatusOK, "budgeting/index", p)
	return nil
}

// phaseRow is one line of a process's calendar.
type phaseRow struct {
	Name, From, To string
	Current, Past  bool
}

// headingRow is a heading with its budget, formatted.
type headingRow struct {
	ID     int64
	Name   string
	Budget string
}

type processPage struct {
	processView
	Description string
	Calendar    []phaseRow
	Headings    []headingRow
	Rule        string
	Ballot      string
	Proposers   string
	Voters      string
	CanPropose  bool
	CanVote     bool
	HasResults  bool
}

func (h *handlers) processPage(w http.ResponseWriter, r *http.Request) error {
	v, err := h.view(w, r)
	if err != nil {
		return err
	}
	p := &processPage{processView: v, Description: v.Process.Description(v.L)}
	now := h.svc.now()
	for _, win := range v.Process.Phases {
		p.Calendar = append(p.Calendar, phaseRow{Name: win.Phase.Label().In(p.L), From: p.L.Date(win.Start),
			To: p.L.Date(win.End.Add(-time.Second)), Current: win.Phase == v.PhaseKey, Past: !now.Before(win.End)})
	}
	p.Headings = h.headingRows(p.L, v.Process)
	p.Rule = ruleName(p.L, v.Process.Rule)
	p.Ballot = ballotLabels[v.Process.Ballot].In(p.L)
	p.Proposers, p.Voters = eligibilityLabel(p.L, v.Process, v.Process.Proposers), eligibilityLabel(p.L, v.Process, v.Process.Eligibility)
	p.CanPropose, p.CanVote = v.PhaseKey == Proposals, v.PhaseKey == Voting
	p.HasResults = v.Process.VotingClosed(now)
	h.web.Render(w, r, http.StatusOK, "budgeting/process", p)
	return nil
}

func (h *handlers) headingRows(l i18n.Lang, p Process) []headingRow {
	rows := make([]headingRow, 0, len(p.Headings))
	for _, hd := range p.Headings {
		rows = append(rows, headingRow{ID: hd.ID, Name: hd.Name(l), Budget: money(l, hd.Budget)})
	}
	return rows
}

var eligibilityLabels = map[Eligibility]i18n.Text{
	SignedIn: {Fa: "هر کس که وارد سامانه شده باشد", En: "Anyone signed in"},
	Resident: {Fa: "ساکنان تأییدشده همان محله", En: "Verified residents of the heading's area"},
}

// eligibilityLabel names who may propose or vote under rule, with the
// process's minimum age when it has one.
func eligibilityLabel(l i18n.Lang, p Process, rule Eligibility) string {
	label := eligibilityLabels[rule].In(l)
	if p.MinAge > 0 {
		label += l.Tf("budgeting.min_age", l.Int(p.MinAge))
	}
	return label
}

var ballotLabels = map[BallotKind]i18n.Text{
	Approval:   {Fa: "انتخاب طرح‌ها تا سقف بودجه", En: "Choose projects within the budget"},
	KApproval:  {Fa: "انتخاب چند طرح", En: "Choose several projects"},
	Cumulative: {Fa: "تقسیم امتیاز میان طرح‌ها", En: "Share points among projects"},
	Ordinal:    {Fa: "رتبه‌بندی طرح‌های برگزیده", En: "Rank your favourite projects"},
}
