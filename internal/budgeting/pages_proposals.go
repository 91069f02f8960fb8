package budgeting

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/geojson"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/upload"
	"github.com/shahr-city/shahr/internal/web"
)

// proposalRow is a proposal as a list shows it.
type proposalRow struct {
	URL, Title, Heading, Category, Status, Cost, Supports, Group string
}

// option is one choice of a select box.
type option struct {
	Value, Label string
	Selected     bool
}

type listPage struct {
	processView
	Query      string
	Headings   []option
	Categories []option
	Statuses   []option
	Sorts      []option
	Rows       []proposalRow
	Total      string
	Pager      web.Pager
}

const pageSize = 20

// seedCookie holds a visitor's shuffle seed, so "random" order stays the
// same while they turn pages and differs from other visitors'.
const seedCookie = "shahr_seed"

func (h *handlers) proposalList(w http.ResponseWriter, r *http.Request) error {
	v, err := h.view(w, r)
	if err != nil {
		return err
	}
	f := r.URL.Query()
	q := ProposalQuery{ProcessID: v.Process.ID, Search: f.Get("q"), Status: f.Get("status"), Sort: f.Get("sort"),
		HeadingID: formID(f.Get("heading")), CategoryID: formID(f.Get("category")), Limit: pageSize}
	if _, ok := statusLabels[q.Status]; !ok || q.Status == StatusHidden {
		q.Status = ""
	}
	page := web.PageAt(web.PageParam(f, "page"), pageSize)
	q.Offset = page.Offset()
	if q.Sort == SortRandom {
		q.Seed = visitorSeed(w, r)
	}
	list, total, err := h.svc.Proposals(r.Context(), q)
	if err != nil {
		return err
	}
	cats, err := h.svc.Categories(r.Context())
	if err != nil {
		return err
	}
	p := &listPage{processView: v, Query: q.Search, Total: v.L.Int(total)}
	p.Title = p.T("budgeting.proposals.title") + " · " + v.ProcessTitle
	p.Headings = headingOptions(p.L, v.Process, q.HeadingID)
	for _, c := range cats {
		p.Categories = append(p.Categories, option{strconv.FormatInt(c.ID, 10), c.Name(p.L), c.ID == q.CategoryID})
	}
	for _, s := range []string{StatusSubmitted, StatusFeasible, StatusInfeasible, StatusMerged} {
		p.Statuses = append(p.Statuses, option{s, StatusLabel(s).In(p.L), s == q.Status})
	}
	for _, s := range []string{SortNewest, SortSupported, SortRandom} {
		p.Sorts = append(p.Sorts, option{s, p.T("budgeting.sort." + s), s == q.Sort || (q.Sort == "" && s == SortNewest)})
	}
	p.Rows = h.rows(p.L, v.Process, cats, list)
	p.Pager = page.Of(total).Pager(p.L, r.URL.Path, f, "page")
	h.web.Render(w, r, http.StatusOK, "budgeting/proposals", p)
	return nil
}

func (h *handlers) rows(l i18n.Lang, p Process, cats []Category, list []Proposal) []proposalRow {
	catName := map[int64]string{}
	for _, c := range cats {
		catName[c.ID] = c.Name(l)
	}
	rows := make([]proposalRow, 0, len(list))
	for _, pr := range list {
		hd, _ := p.Heading(pr.HeadingID)
		rows = append(rows, proposalRow{URL: fmt.Sprintf("/budgets/%s/proposals/%d", p.Slug, pr.ID), Title: pr.Title,
			Heading: hd.Name(l), Category: catName[pr.CategoryID], Status: StatusLabel(pr.Status).In(l),
			Cost: money(l, pr.Cost()), Supports: l.Num(pr.Supports), Group: pr.OnBehalfOf})
	}
	return rows
}

func headingOptions(l i18n.Lang, p Process, selected int64) []option {
	var out []option
	for _, hd := range p.Headings {
		out = append(out, option{strconv.FormatInt(hd.ID, 10), hd.Name(l), hd.ID == selected})
	}
	return out
}

// formID reads a positive id typed in any digits; 0 when absent or bad.
func formID(s string) int64 {
	n, err := strconv.ParseInt(persian.ToASCIIDigits(strings.TrimSpace(s)), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// visitorSeed returns the visitor's shuffle seed, giving them one first.
func visitorSeed(w http.ResponseWriter, r *http.Request) int64 {
	if c, err := r.Cookie(seedCookie); err == nil {
		if n, err := strconv.ParseInt(c.Value, 10, 64); err == nil {
			return n
		}
	}
	var b [8]byte
	rand.Read(b[:])
	n := int64(binary.LittleEndian.Uint64(b[:]) >> 1)
	http.SetCookie(w, &http.Cookie{Name: seedCookie, Value: strconv.FormatInt(n, 10), Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	return n
}

type proposalForm struct {
	processView
	Headings   []option
	Categories []option
	MaxFiles   string
	MaxSize    string
	Refused    string // why this person cannot propose here; "" when they may
}

func (h *handlers) newProposal(w http.ResponseWriter, r *http.Request) error {
	v, err := h.view(w, r)
	if err != nil {
		return err
	}
	p, err := h.proposalForm(r, v)
	if err != nil {
		return err
	}
	if v.PhaseKey != Proposals {
		return errNotPhase
	}
	h.web.Render(w, r, http.StatusOK, "budgeting/proposal_new", p)
	return nil
}

func (h *handlers) proposalForm(r *http.Request, v processView) (*proposalForm, error) {
	cats, err := h.svc.Categories(r.Context())
	if err != nil {
		return nil, err
	}
	p := &proposalForm{processView: v, MaxFiles: v.L.Int(MaxUploads), MaxSize: v.L.Int(MaxUploadBytes >> 20)}
	p.Title = p.T("budgeting.proposal.new") + " · " + v.ProcessTitle
	if p.Refused, err = refusalText(v.L, h.svc.checkAge(r.Context(), v.Process, v.Who.UserID)); err != nil {
		return nil, err
	}
	p.Headings = headingOptions(p.L, v.Process, formID(r.FormValue("heading")))
	for _, c := range cats {
		p.Categories = append(p.Categories, option{strconv.FormatInt(c.ID, 10), c.Name(p.L), strconv.FormatInt(c.ID, 10) == r.FormValue("category")})
	}
	return p, nil
}

func (h *handlers) createProposal(w http.ResponseWriter, r *http.Request) error {
	v, err := h.view(w, r)
	if err != nil {
		return err
	}
	files, err := upload.ReadMultipart(r, "files")
	p, perr := h.proposalForm(r, v)
	switch {
	case perr != nil:
		return perr
	case apperr.Is(err, apperr.OutOfBounds): // a field past its bound, shown on the form
		return h.web.RenderForm(w, r, err, "budgeting/proposal_new", p, p)
	case err != nil:
		return err
	}
	pr := Proposal{ProcessID: v.Process.ID, HeadingID: formID(r.FormValue("heading")), CategoryID: formID(r.FormValue("category")),
		Title: r.FormValue("title"), Description: r.FormValue("description"), OnBehalfOf: r.FormValue("on_behalf_of")}
	pr.EstimatedCost, err = ParseRials(r.FormValue("estimated_cost"))
	if err == nil {
		err = readPoint(r, &pr)
	}
	if err == nil {
		pr, err = h.svc.Propose(r.Context(), v.Who.UserID, pr, files...)
	}
	if err != nil {
		return h.web.RenderForm(w, r, err, "budgeting/proposal_new", p, p)
	}
	h.web.Flash(w, r, "budgeting.proposal.created")
	http.Redirect(w, r, fmt.Sprintf("/budgets/%s/proposals/%d", v.Slug, pr.ID), http.StatusSeeOther)
	return nil
}

// ParseRials reads an amount of rials as people type it: Persian, Arabic
// or ASCII digits, with or without thousands separators.
func ParseRials(s string) (int64, error) {
	return estimatedCost.read(s, invalid("estimated_cost", "مبلغ را به ریال و فقط با رقم بنویسید.", "Enter the amount in rials, digits only."))
}

// readPoint reads the optional location fields.
func readPoint(r *http.Request, pr *Proposal) error {
	lat, lon := strings.TrimSpace(r.FormValue("lat")), strings.TrimSpace(r.FormValue("lon"))
	if lat == "" && lon == "" {
		return nil
	}
	var err1, err2 error
	pr.Lat, err1 = strconv.ParseFloat(persian.ToASCIIDigits(strings.ReplaceAll(lat, "٫", ".")), 64)
	pr.Lon, err2 = strconv.ParseFloat(persian.ToASCIIDigits(strings.ReplaceAll(lon, "٫", ".")), 64)
	if err1 != nil || err2 != nil {
		return invalid("location", "مختصات مکان درست نیست.", "The location's coordinates are not valid.")
	}
	pr.HasPoint = true
	return nil
}

type proposalPage struct {
	processView
	Proposal    Proposal
	URL         string
	Heading     string
	Category    string
	Status      string
	Cost        string
	Estimated   string
	Supports    string
	Submitted   string
	MergedURL   string
	Files       []Attachment
	Map         *geojson.Drawing
	CanSupport  bool
	Supporting  bool
	SignInToAct bool
}

func (h *handlers) proposalPage(w http.ResponseWriter, r *http.Request) error {
	v, pr, err := h.proposal(w, r)
	if err != nil {
		return err
	}
	p := &proposalPage{processView: v, Proposal: pr, URL: fmt.Sprintf("/budgets/%s/proposals/%d", v.Slug, pr.ID)}
	p.Title = pr.Title + " · " + v.ProcessTitle
	hd, _ := v.Process.Heading(pr.HeadingID)
	p.Heading, p.Status, p.Cost = hd.Name(p.L), StatusLabel(pr.Status).In(p.L), money(p.L, pr.Cost())
	p.Estimated, p.Supports, p.Submitted = money(p.L, pr.EstimatedCost), p.L.Num(pr.Supports), p.L.Date(pr.CreatedAt)
	if pr.MergedInto != 0 {
		p.MergedURL = fmt.Sprintf("/budgets/%s/proposals/%d", v.Slug, pr.MergedInto)
	}
	if cats, err := h.svc.Categories(r.Context()); err == nil {
		for _, c := range cats {
			if c.ID == pr.CategoryID {
				p.Category = c.Name(p.L)
			}
		}
	}
	if p.Files, err = h.svc.Attachments(r.Context(), pr.ID); err != nil {
		return err
	}
	if pr.HasPoint {
		if shape, ok := h.svc.AreaShape(r.Context(), hd); ok {
			d := shape.DrawWithPoint(pr.Lon, pr.Lat)
			p.Map = &d
		}
	}
	p.CanSupport = pr.Status == StatusSubmitted && (v.PhaseKey == Information || v.PhaseKey == Proposals)
	p.SignInToAct = v.Who == nil
	if v.Who != nil && p.CanSupport {
		if p.Supporting, err = h.svc.Supports(r.Context(), v.Who.UserID, pr.ID); err != nil {
			return err
		}
	}
	h.web.Render(w, r, http.StatusOK, "budgeting/proposal", p)
	return nil
}

// proposal loads the process and one of its proposals (hidden ones only
// for the process's reviewers).
func (h *handlers) proposal(w http.ResponseWriter, r *http.Request) (processView, Proposal, error) {
	v, err := h.view(w, r)
	if err != nil {
		return v, Proposal{}, err
	}
	id, err := web.PathID(r, "pid")
	if err != nil {
		return v, Proposal{}, err
	}
	pr, err := h.svc.Proposal(r.Context(), id, v.Staff)
	if err == nil && pr.ProcessID != v.Process.ID {
		err = errNoProposal
	}
	return v, pr, err
}

func (h *handlers) support(w http.ResponseWriter, r *http.Request) error {
	v, pr, err := h.proposal(w, r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	on := r.PostFormValue("support") != "withdraw"
	if _, err := h.svc.Support(r.Context(), v.Who.UserID, pr.ID, on); err != nil {
		return err
	}
	key := "budgeting.support.added"
	if !on {
		key = "budgeting.support.withdrawn"
	}
	h.web.Flash(w, r, key)
	http.Redirect(w, r, fmt.Sprintf("/budgets/%s/proposals/%d", v.Slug, pr.ID), http.StatusSeeOther)
	return nil
}

func (h *handlers) flag(w http.ResponseWriter, r *http.Request) error {
	v, pr, err := h.proposal(w, r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	if err := h.svc.Flag(r.Context(), v.Who.UserID, pr.ID, r.PostFormValue("reason")); err != nil {
		return err
	}
	h.web.Flash(w, r, "budgeting.flag.sent")
	http.Redirect(w, r, fmt.Sprintf("/budgets/%s/proposals/%d", v.Slug, pr.ID), http.StatusSeeOther)
	return nil
}

// file serves an attached file. The type stored is the one its bytes
// showed at upload; the browser is told not to guess another, and a PDF
// is offered for download in a sandbox, so a file is never run as a page.
func (h *handlers) file(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "fid")
	if err != nil {
		return err
	}
	who := web.Who(r)
	a, data, err := h.svc.File(r.Context(), id, false)
	if apperr.CodeOf(err) == apperr.NotFound && who != nil {
		a, data, err = h.staffFile(r, id, who)
	}
	if err != nil {
		return err
	}
	upload.Serve(w, a.Name, a.ContentType, data)
	return nil
}

// staffFile serves a hidden proposal's file to the process's reviewers.
func (h *handlers) staffFile(r *http.Request, id int64, who *auth.Principal) (Attachment, []byte, error) {
	a, data, err := h.svc.File(r.Context(), id, true)
	if err != nil {
		return a, nil, err
	}
	pr, err := h.svc.Proposal(r.Context(), a.ProposalID, true)
	if err != nil {
		return a, nil, err
	}
	p, err := h.svc.Process(r.Context(), pr.ProcessID)
	if err != nil || !who.Can(auth.Review, p.OrgPath) {
		return a, nil, errNoFile
	}
	return a, data, nil
}
