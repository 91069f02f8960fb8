package budgeting

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/web"
)

// staffPaperPage is the double entry of paper ballot sheets for one
// heading at a time.
type staffPaperPage struct {
	web.Page
	Head       staffHead
	Open       bool // voting is running
	Headings   []staffOption
	HeadingID  int64
	Entry      string // "Enter a sheet of Villashahr"
	Kind       string // "check", "points" or "rank": what the sheet asks per project
	PointsHint string
	maxPoints  int // a cumulative ballot's points
	Projects   []staffPaperProject
	Counts     []staffPaperCount
	Outcome    *staffPaperOutcome
}

type staffPaperProject struct {
	ID      int64
	Title   string
	Cost    string
	Checked bool
	Value   string // points or rank, as typed
}

type staffPaperCount struct {
	Heading, Waiting, Counted string
}

type staffPaperOutcome struct {
	Sheet, Status, Message, Receipt string
}

var (
	errStaffPaperHeading = invalid("heading", "سرفصل را از فهرست انتخاب کنید.", "Choose a heading from the list.")
	errStaffPaperNumber  = invalid("choices", "امتیاز و رتبه را با رقم و بزرگ‌تر از صفر بنویسید.",
		"Write points and ranks as whole numbers above zero.")
	errStaffPaperRanks = invalid("choices", "دو طرح رتبه یکسان دارند؛ هر رتبه را یک بار بنویسید.",
		"Two projects have the same rank; give each rank once.")
)

// staffPaperHeading is the heading named by the form or query value, which
// must be one of p's; "" picks the first.
func staffPaperHeading(p Process, value string) (Heading, bool) {
	if value == "" && len(p.Headings) > 0 {
		return p.Headings[0], true
	}
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return Heading{}, false
	}
	return p.Heading(id)
}

func (h *handlers) staffPaper(w http.ResponseWriter, r *http.Request) error {
	p, err := h.staffProcessOf(r)
	if err != nil {
		return err
	}
	hd, ok := staffPaperHeading(p, r.URL.Query().Get("heading"))
	if !ok {
		return apperr.ErrNotFound
	}
	page, err := h.staffPaperView(w, r, p, hd)
	if err != nil {
		return err
	}
	if sheet := staffSerial(r.URL.Query().Get("sheet")); sheet != "" {
		e, err := h.svc.staffPaperEntry(r.Context(), hd.ID, sheet)
		if err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
		if err == nil {
			l := page.L
			page.Outcome = &staffPaperOutcome{Sheet: fmt.Sprintf(l.T("budgeting.staff.paper.sheet"), l.Digits(e.Serial)), Status: e.Status,
				Message: l.T("budgeting.staff.paper." + e.Status), Receipt: e.Receipt}
		}
	}
	h.web.Render(w, r, http.StatusOK, "budgeting/staff_paper", page)
	return nil
}

// staffPaperView builds the entry form for a heading, refilled from a
// submitted form when there is one.
func (h *handlers) staffPaperView(w http.ResponseWriter, r *http.Request, p Process, hd Heading) (*staffPaperPage, error) {
	ctx := r.Context()
	page := &staffPaperPage{Page: web.NewPage(w, r, ""), HeadingID: hd.ID, Kind: "check"}
	l := page.L
	page.Head = h.staffHead(l, page.Who, p)
	page.Title = fmt.Sprintf(l.T("budgeting.staff.paper.title"), page.Head.Title)
	if ph, ok := p.PhaseAt(h.svc.now()); ok && ph.Phase == Voting {
		page.Open = true
	}
	page.Headings = staffHeadings(l, p, hd.ID)
	page.Entry = fmt.Sprintf(l.T("budgeting.staff.paper.entry"), staffPick(l, hd.NameFa, hd.NameEn))
	switch p.Ballot {
	case Cumulative:
		page.Kind, page.maxPoints = "points", p.MaxPoints
		page.PointsHint = fmt.Sprintf(l.T("budgeting.staff.paper.points.hint"), l.Int(p.MaxPoints))
	case Ordinal:
		page.Kind = "rank"
	}
	props, err := h.svc.Feasible(ctx, hd.ID)
	if err != nil {
		return nil, err
	}
	checked := r.PostForm["choice"]
	for _, pr := range props {
		id := strconv.FormatInt(pr.ID, 10)
		page.Projects = append(page.Projects, staffPaperProject{ID: pr.ID, Title: pr.Title, Cost: staffMoney(l, pr.Cost()),
			Checked: slices.Contains(checked, id), Value: r.PostForm.Get("value-" + id)})
	}
	for _, x := range p.Headings {
		waiting, counted, err := h.svc.PaperCounts(ctx, x.ID)
		if err != nil {
			return nil, err
		}
		page.Counts = append(page.Counts, staffPaperCount{Heading: staffPick(l, x.NameFa, x.NameEn),
			Waiting: l.Int(waiting), Counted: l.Int(counted)})
	}
	return page, nil
}

// staffPaperChoices reads the ticked projects (approval ballots), or the
// points or ranks typed beside them, in the order of the heading's list
// (by rank for ordinal ballots), so that two clerks' entries of one sheet
// compare equal.
func staffPaperChoices(page *staffPaperPage, f url.Values) ([]Choice, error) {
	var cs []Choice
	ranks := map[int64]int64{}
	for _, pr := range page.Projects {
		id := strconv.FormatInt(pr.ID, 10)
		if page.Kind == "check" {
			if slices.Contains(f["choice"], id) {
				cs = append(cs, Choice{ProposalID: pr.ID})
			}
			continue
		}
		if f.Get("value-"+id) == "" {
			continue
		}
		b := rankBound(len(page.Projects))
		if page.Kind == "points" {
			b = pointsBound(page.maxPoints)
		}
		n, err := b.read(f.Get("value-"+id), errStaffPaperNumber)
		if err == nil && n <= 0 {
			err = errStaffPaperNumber
		}
		if err != nil {
			return nil, err
		}
		if page.Kind == "points" {
			cs = append(cs, Choice{ProposalID: pr.ID, Points: n})
			continue
		}
		for _, other := range ranks {
			if other == n {
				return nil, errStaffPaperRanks
			}
		}
		ranks[pr.ID] = n
		cs = append(cs, Choice{ProposalID: pr.ID})
	}
	if page.Kind == "rank" {
		slices.SortFunc(cs, func(a, b Choice) int { return cmp.Compare(ranks[a.ProposalID], ranks[b.ProposalID]) })
	}
	return cs, nil
}

func (h *handlers) staffEnterPaper(w http.ResponseWriter, r *http.Request) error {
	p, err := h.staffProcessOf(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	hd, ok := staffPaperHeading(p, r.PostForm.Get("heading"))
	if !ok || r.PostForm.Get("heading") == "" {
		first, _ := staffPaperHeading(p, "")
		page, err := h.staffPaperView(w, r, p, first)
		if err != nil {
			return err
		}
		return h.web.RenderForm(w, r, errStaffPaperHeading, "budgeting/staff_paper", &page.Page, page)
	}
	page, err := h.staffPaperView(w, r, p, hd)
	if err != nil {
		return err
	}
	var entry PaperEntry
	cs, err := staffPaperChoices(page, r.PostForm)
	if err == nil {
		entry, err = h.svc.EnterPaper(r.Context(), web.Who(r).UserID, hd.ID, staffSerial(r.PostForm.Get("serial")), cs)
	}
	if err != nil {
		return h.web.RenderForm(w, r, err, "budgeting/staff_paper", &page.Page, page)
	}
	h.web.Flash(w, r, "budgeting.staff.flash.paper")
	q := url.Values{"heading": {strconv.FormatInt(hd.ID, 10)}, "sheet": {entry.Serial}}
	http.Redirect(w, r, fmt.Sprintf("/admin/budgets/%d/paper?%s", p.ID, q.Encode()), http.StatusSeeOther)
	return nil
}

// staffSerial is a sheet's number with its digits in ASCII, so that
// "۱۲" typed by one clerk and "12" by another name the same sheet.
func staffSerial(s string) string { return persian.ToASCIIDigits(strings.TrimSpace(s)) }

var errStaffNoSheet = apperr.New(apperr.NotFound, "برگه‌ای با این شماره ثبت نشده است.", "No sheet with this number has been entered.")

// staffPaperEntry is where a numbered sheet of a heading stands.
func (s *Service) staffPaperEntry(ctx context.Context, headingID int64, serial string) (PaperEntry, error) {
	e := PaperEntry{HeadingID: headingID, Serial: serial}
	var receipt sql.NullString
	err := s.db.Read.QueryRowContext(ctx, `SELECT status, receipt FROM budget_paper_entries WHERE heading_id = $1 AND serial = $2`,
		headingID, serial).Scan(&e.Status, &receipt)
	e.Receipt = receipt.String
	return e, store.NotFound(err, errStaffNoSheet)
}
