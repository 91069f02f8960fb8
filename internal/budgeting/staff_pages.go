package budgeting

import (
	"context"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/web"
)

// staffRoutes are the staff pages of a process: review, moderation,
// paper ballots and implementation (this file and the other staff_*.go).
func (h *handlers) staffRoutes() []web.Route {
	review, moderate := h.inProcess(auth.Review), h.inProcess(auth.Moderate)
	paper, track := h.inProcess(auth.EnterPaper), h.inProcess(auth.TrackProjects)
	const pr = "/admin/budgets/{id}/proposals/{pid}"
	return []web.Route{
		{Method: "GET", Pattern: "/admin/budgets", Access: web.Staff, Handle: h.staffIndex},
		{Method: "GET", Pattern: "/admin/budgets/{id}", Access: review, Handle: h.staffQueue},
		{Method: "GET", Pattern: pr, Access: review, Handle: h.staffProposal},
		{Method: "POST", Pattern: pr + "/review", Access: review, Form: reviewFields, Handle: h.staffReview},
		{Method: "POST", Pattern: pr + "/comments", Access: review, Form: commentFields, Handle: h.staffComment},
		{Method: "POST", Pattern: pr + "/merge", Access: review, Handle: h.staffMerge},
		{Method: "POST", Pattern: pr + "/hide", Access: moderate, Form: hideFields, Handle: h.staffHide},
		{Method: "POST", Pattern: pr + "/unhide", Access: moderate, Handle: h.staffUnhide},
		{Method: "POST", Pattern: pr + "/dismiss-flags", Access: moderate, Handle: h.staffDismissFlags},
		{Method: "POST", Pattern: pr + "/block-author", Access: moderate, Handle: h.staffBlockAuthor},
		{Method: "GET", Pattern: "/admin/budgets/{id}/paper", Access: paper, Handle: h.staffPaper},
		{Method: "POST", Pattern: "/admin/budgets/{id}/paper", Access: paper, Handle: h.staffEnterPaper},
		{Method: "GET", Pattern: "/admin/budgets/{id}/implementation", Access: track, Handle: h.staffImplementation},
		{Method: "POST", Pattern: "/admin/budgets/{id}/implementation/start", Access: track, Handle: h.staffStartImplementation},
		{Method: "POST", Pattern: "/admin/budgets/{id}/implementation/{pid}", Access: track, Handle: h.staffUpdateProject},
		{Method: "POST", Pattern: "/admin/budgets/{id}/implementation/{pid}/milestones", Access: track, Form: milestoneFields, Uploads: MaxUploads * MaxUploadBytes, Handle: h.staffAddMilestone},
		{Method: "GET", Pattern: "/admin/budget-categories", Access: web.Superuser, Handle: h.staffCategories},
		{Method: "POST", Pattern: "/admin/budget-categories", Access: web.Superuser, Form: categoryFields, Handle: h.staffSaveCategory},
	}
}

// staffHead is what the top of every staff page of a process shows: its
// title and phase, and links to the staff pages the person may use.
type staffHead struct {
	ID                                    int64
	Slug                                  string
	Title                                 string
	Phase                                 string
	CanReview, CanPaper, CanTrack, CanMod bool
	CanRun                                bool // may change the process's settings
	l                                     i18n.Lang
}

func (h *handlers) staffHead(l i18n.Lang, who *auth.Principal, p Process) staffHead {
	hd := staffHead{ID: p.ID, Slug: p.Slug, Title: staffPick(l, p.TitleFa, p.TitleEn), Phase: l.T("budgeting.staff.phase.none"),
		CanReview: who.Can(auth.Review, p.OrgPath), CanPaper: who.Can(auth.EnterPaper, p.OrgPath),
		CanTrack: who.Can(auth.TrackProjects, p.OrgPath), CanMod: who.Can(auth.Moderate, p.OrgPath),
		CanRun: who.Can(auth.RunProcesses, p.OrgPath), l: l}
	if w, ok := p.PhaseAt(h.svc.now()); ok {
		hd.Phase = l.T("budgeting.staff.phase." + string(w.Phase))
	}
	return hd
}

// Nav is the markup above a staff page of the process: the way back, the
// phase, and the process's other staff pages. It is built here, escaped,
// because every staff page shows it and page templates share no partials
// but the layout's.
func (hd staffHead) Nav() template.HTML {
	l, base := hd.l, "/admin/budgets/"+strconv.FormatInt(hd.ID, 10)
	var b strings.Builder
	link := func(url, key string) {
		b.WriteString(`<li><a href="` + html.EscapeString(url) + `">` + html.EscapeString(l.T(key)) + "</a></li>")
	}
	b.WriteString(`<nav class="breadcrumb" aria-label="` + html.EscapeString(l.T("budgeting.staff.nav")) + `"><ol>`)
	link("/admin", "nav.admin")
	link("/admin/budgets", "budgeting.staff.index.title")
	b.WriteString(`<li aria-current="page"><bdi>` + html.EscapeString(hd.Title) + "</bdi></li></ol></nav>\n")
	b.WriteString(`<p class="muted">` + html.EscapeString(l.T("budgeting.staff.phase")+": "+hd.Phase) + "</p>\n")
	b.WriteString(`<ul class="nav">`)
	if hd.CanReview {
		link(base, "budgeting.staff.queue")
	}
	if hd.CanPaper {
		link(base+"/paper", "budgeting.staff.paper")
	}
	if hd.CanTrack {
		link(base+"/implementation", "budgeting.staff.impl")
	}
	if hd.CanRun {
		link(base+"/settings", "budgeting.staff.settings")
	}
	link("/budgets/"+hd.Slug, "budgeting.staff.public")
	b.WriteString("</ul>")
	return template.HTML(b.String())
}

// staffPick is the English text in English when there is one, else the
// Persian.
func staffPick(l i18n.Lang, fa, en string) string {
	if l == i18n.En && en != "" {
		return en
	}
	return fa
}

// staffMoney formats rials: "۱۲۰٬۰۰۰٬۰۰۰ ریال".
func staffMoney(l i18n.Lang, n int64) string { return l.Num(n) + " " + l.T("budgeting.staff.rials") }

// staffAmount reads a whole number typed in any digit script, with or
// without thousands separators; staff forms require one.
func staffAmount(s string) (int64, bool) {
	if strings.TrimSpace(s) == "" {
		return 0, false
	}
	return persian.ParseWhole(s)
}

// staffFieldSuffix returns err with its fields renamed name+suffix, for
// pages with one form per row: each problem is shown beside its own row.
// Errors are shared values, so the copy leaves the original alone.
func staffFieldSuffix(err error, suffix string) error {
	return staffMapFields(err, func(name string) string { return name + suffix })
}

// staffRenameField returns err with the field from renamed to, for a form
// whose input has another name than the service's field.
func staffRenameField(err error, from, to string) error {
	return staffMapFields(err, func(name string) string {
		if name == from {
			return to
		}
		return name
	})
}

func staffMapFields(err error, rename func(string) string) error {
	ae, ok := apperr.As(err)
	if !ok || len(ae.Fields) == 0 {
		return err
	}
	c := *ae
	c.Fields = make([]apperr.Field, len(ae.Fields))
	for i, f := range ae.Fields {
		c.Fields[i] = apperr.Field{Name: rename(f.Name), Msg: f.Msg}
	}
	return &c
}

// staffProcessOf loads the process named by the route's {id}.
func (h *handlers) staffProcessOf(r *http.Request) (Process, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Process{}, err
	}
	return h.svc.Process(r.Context(), id)
}

// staffTarget loads the process and the proposal {pid}, which must be
// one of the process's: access was checked against the process, so a
// proposal of another process is not found here.
func (h *handlers) staffTarget(r *http.Request) (Process, Proposal, error) {
	p, err := h.staffProcessOf(r)
	if err != nil {
		return p, Proposal{}, err
	}
	pid, err := web.PathID(r, "pid")
	if err != nil {
		return p, Proposal{}, err
	}
	pr, err := h.svc.Proposal(r.Context(), pid, true)
	if err == nil && pr.ProcessID != p.ID {
		err = errNoProposal
	}
	return p, pr, err
}

// staffOption is one choice of a select, a radio group or a filter.
type staffOption struct {
	Value    string
	Label    string
	Selected bool
	Count    string
}

func staffStatuses(l i18n.Lang, selected string) []staffOption {
	out := make([]staffOption, 0, 5)
	for _, s := range []string{StatusSubmitted, StatusFeasible, StatusInfeasible, StatusMerged, StatusHidden} {
		out = append(out, staffOption{Value: s, Label: l.T("budgeting.staff.status." + s), Selected: s == selected})
	}
	return out
}

func staffHeadings(l i18n.Lang, p Process, selected int64) []staffOption {
	out := make([]staffOption, 0, len(p.Headings))
	for _, hd := range p.Headings {
		out = append(out, staffOption{Value: strconv.FormatInt(hd.ID, 10), Label: staffPick(l, hd.NameFa, hd.NameEn),
			Selected: hd.ID == selected})
	}
	return out
}

// staffHeadingName is a heading's name in l, or "" for none of p's.
func staffHeadingName(l i18n.Lang, p Process, id int64) string {
	if hd, ok := p.Heading(id); ok {
		return staffPick(l, hd.NameFa, hd.NameEn)
	}
	return ""
}

// ---- The list of processes ----

type staffIndexPage struct {
	web.Page
	Processes []staffHead
	CanCreate bool
}

// staffIndex lists the processes of every organization the person holds
// a role in (every process, for the operator).
func (h *handlers) staffIndex(w http.ResponseWriter, r *http.Request) error {
	ps, err := h.svc.Processes(r.Context())
	if err != nil {
		return err
	}
	page := &staffIndexPage{Page: web.NewPage(w, r, "budgeting.staff.index.title")}
	page.CanCreate = page.Who.CanSomewhere(auth.RunProcesses)
	for _, p := range ps {
		if page.Who.Can(auth.ViewStaff, p.OrgPath) {
			page.Processes = append(page.Processes, h.staffHead(page.L, page.Who, p))
		}
	}
	h.web.Render(w, r, http.StatusOK, "budgeting/staff_index", page)
	return nil
}

// ---- The review queue ----

const staffQueueSize = 50

type staffQueuePage struct {
	web.Page
	Head       staffHead
	Query      string
	Statuses   []staffOption // with counts
	Headings   []staffOption
	Categories []staffOption
	Filtered   bool
	Total      string
	Rows       []staffQueueRow
	Pager      web.Pager
	Flags      []staffFlagRow
}

type staffQueueRow struct {
	Number                                                                    string
	URL, Title, Heading, Category, Estimate, Final, Status, Supports, Created string
	ID                                                                        int64
	StatusKey                                                                 string
}

type staffFlagRow struct {
	URL, Title, Reason, At string
}

func (h *handlers) staffQueue(w http.ResponseWriter, r *http.Request) error {
	p, err := h.staffProcessOf(r)
	if err != nil {
		return err
	}
	ctx, v := r.Context(), r.URL.Query()
	q := ProposalQuery{ProcessID: p.ID, Staff: true, Search: strings.TrimSpace(v.Get("q")), Limit: staffQueueSize}
	if s := v.Get("status"); slices.Contains([]string{StatusSubmitted, StatusFeasible, StatusInfeasible, StatusMerged, StatusHidden}, s) {
		q.Status = s
	}
	q.HeadingID, _ = strconv.ParseInt(v.Get("heading"), 10, 64)
	q.CategoryID, _ = strconv.ParseInt(v.Get("category"), 10, 64)
	window := web.PageAt(web.PageParam(v, "page"), staffQueueSize)
	q.Offset = window.Offset()
	rows, total, err := h.svc.Proposals(ctx, q)
	if err != nil {
		return err
	}
	counts, err := h.svc.staffStatusCounts(ctx, p.ID)
	if err != nil {
		return err
	}
	cats, err := h.svc.Categories(ctx)
	if err != nil {
		return err
	}
	flags, err := h.svc.OpenFlags(ctx, p.ID)
	if err != nil {
		return err
	}
	page := &staffQueuePage{Page: web.NewPage(w, r, ""), Query: q.Search}
	l := page.L
	page.Head = h.staffHead(l, page.Who, p)
	page.Title = fmt.Sprintf(l.T("budgeting.staff.queue.title"), page.Head.Title)
	page.Statuses = staffStatuses(l, q.Status)
	for i := range page.Statuses {
		page.Statuses[i].Count = l.Int(counts[page.Statuses[i].Value])
	}
	page.Headings = staffHeadings(l, p, q.HeadingID)
	catNames := map[int64]string{}
	for _, c := range cats {
		catNames[c.ID] = staffPick(l, c.NameFa, c.NameEn)
		page.Categories = append(page.Categories, staffOption{Value: strconv.FormatInt(c.ID, 10), Label: catNames[c.ID],
			Selected: c.ID == q.CategoryID})
	}
	page.Filtered = q.Status != "" || q.HeadingID != 0 || q.CategoryID != 0 || q.Search != ""
	page.Total = fmt.Sprintf(l.T("budgeting.staff.queue.total"), l.Num(int64(total)))
	base := fmt.Sprintf("/admin/budgets/%d", p.ID)
	for _, pr := range rows {
		row := staffQueueRow{ID: pr.ID, Number: l.Digits(strconv.FormatInt(pr.ID, 10)), URL: fmt.Sprintf("%s/proposals/%d", base, pr.ID), Title: pr.Title,
			Heading: staffHeadingName(l, p, pr.HeadingID), Category: catNames[pr.CategoryID], Estimate: staffMoney(l, pr.EstimatedCost),
			Status: l.T("budgeting.staff.status." + pr.Status), StatusKey: pr.Status, Supports: l.Num(pr.Supports),
			Created: l.DateNumeric(pr.CreatedAt)}
		if pr.FinalCost > 0 {
			row.Final = staffMoney(l, pr.FinalCost)
		}
		page.Rows = append(page.Rows, row)
	}
	page.Pager = window.Of(total).Pager(l, base, v, "page")
	for _, f := range flags {
		page.Flags = append(page.Flags, staffFlagRow{URL: fmt.Sprintf("%s/proposals/%d", base, f.ProposalID), Title: f.Title,
			Reason: f.Reason, At: l.DateTime(f.At)})
	}
	h.web.Render(w, r, http.StatusOK, "budgeting/staff_queue", page)
	return nil
}

// staffStatusCounts is how many proposals of a process have each status.
func (s *Service) staffStatusCounts(ctx context.Context, processID int64) (map[string]int, error) {
	type count struct {
		status string
		n      int
	}
	rows, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (count, error) {
		var c count
		return c, r.Scan(&c.status, &c.n)
	}, `SELECT status, count(*) FROM budget_proposals WHERE process_id = $1 GROUP BY status`, processID)
	out := map[string]int{}
	for _, c := range rows {
		out[c.status] = c.n
	}
	return out, err
}

// ---- One proposal ----

type staffProposalPage struct {
	web.Page
	Head        staffHead
	Proposal    Proposal
	Base        string // this page's URL, the forms' prefix
	PublicURL   string
	Heading     string
	Category    string
	Status      string
	Estimate    string
	Final       string
	Supports    string
	Created     string
	Location    string
	Author      staffAuthor
	AuthorName  string
	MergedInto  *staffQueueRow
	Files       []staffFile
	Flags       []staffFlagRow
	Comments    []staffCommentRow
	Targets     []staffOption // proposals this one may be merged into
	Locked      bool          // voting has started: no more verdicts or merges
	CanReview   bool          // the proposal takes a verdict or a merge: in review, and voting not started
	CanModerate bool
	CanUnhide   bool       // moderation shows a hidden proposal again, and hides any other
	defaults    url.Values // the forms' values before any submission
}

type staffFile struct {
	URL, Name, Type, Size string
	Image                 bool
}

type staffCommentRow struct {
	Author, Body, At string
}

// SetErrors keeps every form's current values and overlays the values of
// the form that failed.
func (p *staffProposalPage) SetErrors(r *http.Request, err error) {
	p.Page.SetErrors(r, err)
	p.Form = url.Values{}
	for k, v := range p.defaults {
		p.Form[k] = v
	}
	for k, v := range r.PostForm {
		p.Form[k] = v
	}
}

func staffFiles(l i18n.Lang, as []Attachment) []staffFile {
	var out []staffFile
	for _, a := range as {
		out = append(out, staffFile{URL: "/budget-files/" + strconv.FormatInt(a.ID, 10), Name: a.Name, Type: a.ContentType,
			Size: l.Num((a.Size+1023)/1024) + " " + l.T("budgeting.staff.kb"), Image: a.IsImage()})
	}
	return out
}

// staffProposalView gathers everything about a proposal for its review page.
func (h *handlers) staffProposalView(w http.ResponseWriter, r *http.Request, p Process, pr Proposal) (*staffProposalPage, error) {
	ctx := r.Context()
	page := &staffProposalPage{Page: web.NewPage(w, r, ""), Proposal: pr}
	l := page.L
	page.Head = h.staffHead(l, page.Who, p)
	page.Title = fmt.Sprintf(l.T("budgeting.staff.proposal.title"), pr.Title)
	page.Base = fmt.Sprintf("/admin/budgets/%d/proposals/%d", p.ID, pr.ID)
	page.PublicURL = fmt.Sprintf("/budgets/%s/proposals/%d", p.Slug, pr.ID)
	page.Heading, page.Status = staffHeadingName(l, p, pr.HeadingID), l.T("budgeting.staff.status."+pr.Status)
	page.Estimate, page.Supports, page.Created = staffMoney(l, pr.EstimatedCost), l.Num(pr.Supports), l.DateTime(pr.CreatedAt)
	if pr.FinalCost > 0 {
		page.Final = staffMoney(l, pr.FinalCost)
	}
	if pr.HasPoint {
		page.Location = l.Digits(strconv.FormatFloat(pr.Lat, 'f', 5, 64) + ", " + strconv.FormatFloat(pr.Lon, 'f', 5, 64))
	}
	page.CanModerate, page.CanUnhide = page.Head.CanMod, pr.Status == StatusHidden
	if vw, ok := p.Window(Voting); ok && !h.svc.now().Before(vw.Start) {
		page.Locked = true
	}
	page.CanReview = !page.Locked && pr.InReview()
	cats, err := h.svc.Categories(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range cats {
		if c.ID == pr.CategoryID {
			page.Category = staffPick(l, c.NameFa, c.NameEn)
		}
	}
	if page.Author, err = h.svc.staffAuthorOf(ctx, pr.AuthorID); err != nil {
		return nil, err
	}
	page.AuthorName = page.Author.Name
	if page.AuthorName == "" {
		page.AuthorName = l.T("budgeting.staff.proposal.citizen")
	}
	if pr.MergedInto != 0 {
		if into, err := h.svc.Proposal(ctx, pr.MergedInto, true); err == nil {
			page.MergedInto = &staffQueueRow{ID: into.ID, Title: into.Title, URL: fmt.Sprintf("/admin/budgets/%d/proposals/%d", p.ID, into.ID)}
		}
	}
	files, err := h.svc.Attachments(ctx, pr.ID)
	if err != nil {
		return nil, err
	}
	page.Files = staffFiles(l, slices.DeleteFunc(files, func(a Attachment) bool { return a.MilestoneID != 0 }))
	flags, err := h.svc.OpenFlags(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	for _, f := range flags {
		if f.ProposalID == pr.ID {
			page.Flags = append(page.Flags, staffFlagRow{Reason: f.Reason, At: l.DateTime(f.At)})
		}
	}
	comments, err := h.svc.Comments(ctx, pr.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range comments {
		page.Comments = append(page.Comments, staffCommentRow{Author: c.AuthorName, Body: c.Body, At: l.DateTime(c.At)})
	}
	if page.Targets, err = h.staffMergeTargets(ctx, pr); err != nil {
		return nil, err
	}
	page.defaults = url.Values{}
	switch pr.Status {
	case StatusFeasible:
		page.defaults.Set("feasible", "yes")
		page.defaults.Set("final_cost", l.Num(pr.FinalCost))
	case StatusInfeasible:
		page.defaults.Set("feasible", "no")
		page.defaults.Set("reason", pr.ReviewReason)
	}
	page.Form = page.defaults
	return page, nil
}

// staffMergeTargets lists the proposals of the same heading that pr may be
// merged into: not itself, and not merged or hidden.
func (h *handlers) staffMergeTargets(ctx context.Context, pr Proposal) ([]staffOption, error) {
	var out []staffOption
	for offset := 0; ; offset += 100 {
		ps, total, err := h.svc.Proposals(ctx, ProposalQuery{ProcessID: pr.ProcessID, HeadingID: pr.HeadingID, Staff: true,
			Offset: offset, Limit: 100})
		if err != nil {
			return nil, err
		}
		for _, o := range ps {
			if o.ID != pr.ID && o.InReview() {
				out = append(out, staffOption{Value: strconv.FormatInt(o.ID, 10), Label: o.Title})
			}
		}
		if len(ps) == 0 || offset+len(ps) >= total {
			return out, nil
		}
	}
}

func (h *handlers) staffProposal(w http.ResponseWriter, r *http.Request) error {
	p, pr, err := h.staffTarget(r)
	if err != nil {
		return err
	}
	page, err := h.staffProposalView(w, r, p, pr)
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "budgeting/staff_proposal", page)
	return nil
}

// staffAct runs one form of the proposal page: it parses the form, runs
// act, and either redirects back to the page with a flash or shows the
// page again with the form's problems.
func (h *handlers) staffAct(w http.ResponseWriter, r *http.Request, flash string,
	act func(ctx context.Context, who *auth.Principal, p Process, pr Proposal) error) error {
	p, pr, err := h.staffTarget(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	if err := act(r.Context(), web.Who(r), p, pr); err != nil {
		if apperr.CodeOf(err) == apperr.NotFound {
			return err
		}
		if pr, err2 := h.svc.Proposal(r.Context(), pr.ID, true); err2 == nil {
			page, err2 := h.staffProposalView(w, r, p, pr)
			if err2 != nil {
				return err2
			}
			return h.web.RenderForm(w, r, err, "budgeting/staff_proposal", page, page)
		}
		return err
	}
	h.web.Flash(w, r, flash)
	http.Redirect(w, r, fmt.Sprintf("/admin/budgets/%d/proposals/%d", p.ID, pr.ID), http.StatusSeeOther)
	return nil
}

var (
	errStaffFeasibleChoice = invalid("feasible", "مشخص کنید طرح قابل اجرا است یا نه.", "Say whether the proposal is feasible.")
	errStaffFinalCost      = invalid("final_cost", "هزینه نهایی را به ریال و فقط با رقم بنویسید، مانند ۱۲۰٬۰۰۰٬۰۰۰.",
		"Write the final cost in rials, in digits only, for example 120,000,000.")
	errStaffMergeChoice = invalid("into", "پیشنهادی را که این پیشنهاد در آن ادغام می‌شود انتخاب کنید.",
		"Choose the proposal to merge this one into.")
	errStaffVotingStarted = apperr.New(apperr.Conflict, "رأی‌گیری آغاز شده است؛ نتیجه بررسی و ادغام طرح‌ها دیگر تغییر نمی‌کند.",
		"Voting has started: review decisions and merges can no longer change.")
)

// staffVotingStarted says whether ballots may already have been cast on the
// process's proposals, after which their costs and the list voted on
// stay as they are.
func (h *handlers) staffVotingStarted(p Process) bool {
	w, ok := p.Window(Voting)
	return ok && !h.svc.now().Before(w.Start)
}

func (h *handlers) staffReview(w http.ResponseWriter, r *http.Request) error {
	return h.staffAct(w, r, "budgeting.staff.flash.reviewed", func(ctx context.Context, who *auth.Principal, p Process, pr Proposal) error {
		if h.staffVotingStarted(p) {
			return errStaffVotingStarted
		}
		f := r.PostForm
		v := Verdict{Reason: f.Get("reason")}
		switch f.Get("feasible") {
		case "yes":
			cost, err := finalCost.read(f.Get("final_cost"), errStaffFinalCost)
			if err != nil {
				return err
			}
			v.Feasible, v.FinalCost = true, cost
		case "no":
		default:
			return errStaffFeasibleChoice
		}
		_, err := h.svc.ReviewProposal(ctx, who.UserID, pr.ID, v)
		return err
	})
}

func (h *handlers) staffComment(w http.ResponseWriter, r *http.Request) error {
	return h.staffAct(w, r, "budgeting.staff.flash.commented", func(ctx context.Context, who *auth.Principal, _ Process, pr Proposal) error {
		return h.svc.AddComment(ctx, who.UserID, pr.ID, r.PostForm.Get("body"))
	})
}

func (h *handlers) staffMerge(w http.ResponseWriter, r *http.Request) error {
	return h.staffAct(w, r, "budgeting.staff.flash.merged", func(ctx context.Context, who *auth.Principal, p Process, pr Proposal) error {
		if h.staffVotingStarted(p) {
			return errStaffVotingStarted
		}
		into, err := strconv.ParseInt(r.PostForm.Get("into"), 10, 64)
		if err != nil || into <= 0 {
			return errStaffMergeChoice
		}
		_, err = h.svc.Merge(ctx, who.UserID, pr.ID, into)
		return err
	})
}
