package budgeting

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/web"
)

// resultRoutes are the results page and its downloads.
func (h *handlers) resultRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Pattern: "/budgets/{slug}/results", Access: web.Public, Handle: h.resultsPage},
		{Method: "GET", Pattern: "/budgets/{slug}/results/{hid}/csv", Access: web.Public, Handle: h.resultsCSV},
		{Method: "GET", Pattern: "/budgets/{slug}/results/{hid}/xlsx", Access: web.Public, Handle: h.resultsXLSX},
	}
}

// resultsPage is a process's results: every heading's count, or before
// voting closes, when the results will come.
type resultsPage struct {
	web.Page
	Process  string
	Closed   bool
	ClosesAt string // "رأی‌گیری ۳۰ آبان ۱۴۰۵ ساعت ۱۰:۰۰ … پایان می‌یابد."
	Headings []headingView
	Zip      string // every heading's ballots in one archive
	Check    string // the page that checks a receipt
}

// headingView is one heading's results, every text in the page's language.
type headingView struct {
	ID        int64
	Name      string
	Budget    string
	Spent     string
	Left      string
	Ballots   string
	Rule      string
	Summary   string
	Winners   []string // titles in the order they were selected
	Projects  []projectView
	Chart     template.HTML
	CSV, XLSX string
	PB, JSON  string
}

// closesAt says when voting closes, in l; "" for a process without a vote.
func closesAt(l i18n.Lang, p Process) string {
	v, ok := p.Window(Voting)
	if !ok {
		return ""
	}
	return fmt.Sprintf(l.T("budgeting.results.closes_at"), l.Date(v.End), l.Digits(v.End.In(jalali.Tehran()).Format("15:04")))
}

type projectView struct {
	Title       string
	Cost        string
	Votes       string
	Selected    bool
	Explanation string
}

func (h *handlers) resultsPage(w http.ResponseWriter, r *http.Request) error {
	p, err := h.svc.ProcessBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	page := &resultsPage{Page: web.NewPage(w, r, "")}
	l := page.L
	page.Process = pick(l, p.TitleFa, p.TitleEn)
	page.Title = fmt.Sprintf(l.T("budgeting.results.page_title"), page.Process)
	if !p.VotingClosed(h.svc.now()) {
		page.ClosesAt = closesAt(l, p)
		h.web.Render(w, r, http.StatusOK, "budgeting/results", page)
		return nil
	}
	page.Closed, page.Check = true, "/budgets/"+p.Slug+"/receipt"
	page.Zip = "/api/v1/processes/" + strconv.FormatInt(p.ID, 10) + "/ballots.zip"
	for _, hd := range p.Headings {
		res, err := h.svc.CachedResults(r.Context(), hd.ID)
		if err != nil {
			return err
		}
		page.Headings = append(page.Headings, headingViewOf(l, p, hd, res))
	}
	h.web.Render(w, r, http.StatusOK, "budgeting/results", page)
	return nil
}

func headingViewOf(l i18n.Lang, p Process, hd Heading, res HeadingResult) headingView {
	id := strconv.FormatInt(hd.ID, 10)
	base := "/budgets/" + p.Slug + "/results/" + id
	v := headingView{ID: hd.ID, Name: pick(l, hd.NameFa, hd.NameEn),
		Budget: money(l, res.Budget), Spent: money(l, res.TotalCost), Left: money(l, res.Budget-res.TotalCost),
		Ballots: l.Num(int64(res.Ballots)), Rule: ruleName(l, p.Rule), Summary: res.Summary.In(l),
		CSV: base + "/csv", XLSX: base + "/xlsx",
		PB:   "/api/v1/processes/" + strconv.FormatInt(p.ID, 10) + "/headings/" + id + "/ballots.pb",
		JSON: "/api/v1/processes/" + strconv.FormatInt(p.ID, 10) + "/results"}
	titles := map[int64]string{}
	for _, pr := range res.Projects {
		titles[pr.ID] = pr.Title
		v.Projects = append(v.Projects, projectView{Title: pr.Title, Cost: l.Num(pr.Cost), Votes: l.Num(pr.Votes),
			Selected: pr.Selected, Explanation: pr.Explanation.In(l)})
	}
	for _, id := range res.Selected {
		v.Winners = append(v.Winners, titles[id])
	}
	if len(res.Projects) > 0 {
		v.Chart = resultsChart(l, id, v.Name, res)
	}
	return v
}

// pick is the text in l, falling back to Persian.
func pick(l i18n.Lang, fa, en string) string { return i18n.Text{Fa: fa, En: en}.In(l) }

// ruleName names a process's rule (its pabulib META name) in l.
func ruleName(l i18n.Lang, rule string) string {
	if _, ok := i18n.Lookup("budgeting.results.rule." + rule); ok {
		return l.T("budgeting.results.rule." + rule)
	}
	return rule
}

// headingResults finds the heading {hid} of the process {slug} and its
// (cached) results; before voting closes, the service's Forbidden.
func (h *handlers) headingResults(r *http.Request) (Process, Heading, HeadingResult, error) {
	p, err := h.svc.ProcessBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return p, Heading{}, HeadingResult{}, err
	}
	hid, err := web.PathID(r, "hid")
	if err != nil {
		return p, Heading{}, HeadingResult{}, err
	}
	hd, ok := p.Heading(hid)
	if !ok {
		return p, hd, HeadingResult{}, errNoProcess
	}
	res, err := h.svc.CachedResults(r.Context(), hid)
	return p, hd, res, err
}

// resultsCSV answers GET /budgets/{slug}/results/{hid}/csv.
func (h *handlers) resultsCSV(w http.ResponseWriter, r *http.Request) error {
	p, hd, res, err := h.headingResults(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer // written whole, so an error is still an error page
	if err := WriteResultsCSV(&buf, res); err != nil {
		return err
	}
	download(w, "text/csv; charset=utf-8", exportName(p, hd, "csv"), buf.Bytes())
	return nil
}

// resultsXLSX answers GET /budgets/{slug}/results/{hid}/xlsx.
func (h *handlers) resultsXLSX(w http.ResponseWriter, r *http.Request) error {
	p, hd, res, err := h.headingResults(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := WriteResultsXLSX(&buf, hd.NameFa, res); err != nil {
		return err
	}
	download(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exportName(p, hd, "xlsx"), buf.Bytes())
	return nil
}

// exportName is a download's file name, ASCII only: process-heading-results.ext.
func exportName(p Process, hd Heading, ext string) string {
	return p.Slug + "-" + strconv.FormatInt(hd.ID, 10) + "-results." + ext
}

func download(w http.ResponseWriter, contentType, name string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}
