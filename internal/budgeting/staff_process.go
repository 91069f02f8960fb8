package budgeting

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/web"
)

// processRoutes are the pages on which staff create a process and change
// its rules, dates and headings.
func (h *handlers) processRoutes() []web.Route {
	anywhere := web.AccessFunc("process:"+string(auth.RunProcesses)+":somewhere", func(_ *http.Request, who *auth.Principal) error {
		switch {
		case who == nil:
			return apperr.ErrUnauthorized
		case !who.CanSomewhere(auth.RunProcesses):
			return apperr.ErrForbidden
		}
		return nil
	})
	run := h.inProcess(auth.RunProcesses)
	return []web.Route{
		{Method: "GET", Pattern: "/admin/budgets/new", Access: anywhere, Handle: h.staffNewProcess},
		{Method: "POST", Pattern: "/admin/budgets", Access: anywhere, Form: processTextFields, Handle: h.staffCreateProcess},
		{Method: "GET", Pattern: "/admin/budgets/{id}/settings", Access: run, Handle: h.staffSettings},
		{Method: "POST", Pattern: "/admin/budgets/{id}/settings", Access: run, Form: processTextFields, Handle: h.staffSaveSettings},
	}
}

// staffProcessPage is the form of a process: empty to create one, or
// filled with a process's settings.
type staffProcessPage struct {
	web.Page
	Head     *staffHead // nil when creating
	Action   string
	Frozen   bool          // voting has started: the rules are shown but stay
	Orgs     []staffOption // creating: where the person may run processes
	OrgID    int64         // the organization chosen; 0 until then
	Rules    []staffOption
	Fields   processFields
	F        processTexts
	C        processChoices
	Phases   []phaseFormRow
	Headings []headingFormRow
}

// processFields are the form's single-valued fields, as typed.
type processFields struct {
	Slug, DescriptionFa, DescriptionEn string
}

// formField is a text input of the form, with what the shared template
// needs to show it and its problem.
type formField struct {
	Page                     *web.Page
	Name, Label, Hint, Value string
	LTR, Locked              bool // numbers typed left to right; a rule that may no longer change
}

// choiceGroup is a group of radio buttons.
type choiceGroup struct {
	Page        *web.Page
	Name, Label string
	Options     []staffOption
	Locked      bool
}

type processTexts struct {
	Slug, TitleFa, TitleEn, MinChoices, MaxChoices, MaxPoints, MinAge formField
}

type processChoices struct {
	Ballot, Proposers, Eligibility, Scope choiceGroup
}

type phaseFormRow struct {
	Key, Label, Start, End string
}

type headingFormRow struct {
	Number, ID, NameFa, NameEn, Budget string
	Areas                              []staffOption
}

// blankHeadings is how many empty heading rows the form offers for new
// headings; saving shows as many again.
const blankHeadings = 3

func (h *handlers) staffNewProcess(w http.ResponseWriter, r *http.Request) error {
	p := Process{Rule: "equalshares/add1", Ballot: Approval, Eligibility: Resident, Proposers: SignedIn, Scope: OwnHeading}
	page, err := h.processForm(w, r, p, nil)
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "budgeting/staff_process", page)
	return nil
}

func (h *handlers) staffSettings(w http.ResponseWriter, r *http.Request) error {
	p, err := h.staffProcessOf(r)
	if err != nil {
		return err
	}
	page, err := h.processForm(w, r, p, nil)
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "budgeting/staff_process", page)
	return nil
}

func (h *handlers) staffCreateProcess(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	who, f := web.Who(r), r.PostForm
	p, err := processFromForm(f, Process{})
	if err == nil {
		p.Slug = strings.TrimSpace(f.Get("slug"))
		err = h.checkOrg(r.Context(), who, f.Get("org"), &p)
	}
	if err == nil {
		p, err = h.svc.CreateProcess(r.Context(), who.UserID, p)
	}
	if err != nil {
		return h.processFailed(w, r, Process{}, err)
	}
	h.web.Flash(w, r, "budgeting.staff.flash.process_created")
	http.Redirect(w, r, fmt.Sprintf("/admin/budgets/%d/settings", p.ID), http.StatusSeeOther)
	return nil
}

func (h *handlers) staffSaveSettings(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	old, err := h.staffProcessOf(r)
	if err != nil {
		return err
	}
	p, err := processFromForm(r.PostForm, old)
	if err == nil {
		_, err = h.svc.UpdateProcess(r.Context(), web.Who(r).UserID, p)
	}
	if err != nil {
		return h.processFailed(w, r, old, err)
	}
	h.web.Flash(w, r, "budgeting.staff.flash.process_saved")
	http.Redirect(w, r, fmt.Sprintf("/admin/budgets/%d/settings", old.ID), http.StatusSeeOther)
	return nil
}

// processFailed shows the form again, as it was sent, with the problem.
func (h *handlers) processFailed(w http.ResponseWriter, r *http.Request, old Process, err error) error {
	page, perr := h.processForm(w, r, old, r.PostForm)
	if perr != nil {
		return perr
	}
	return h.web.RenderForm(w, r, err, "budgeting/staff_process", &page.Page, page)
}

var errProcessOrg = invalid("org", "سازمانی را انتخاب کنید که در آن اجازه برگزاری فرایند دارید.",
	"Choose an organization in which you may run processes.")

// checkOrg sets the organization a new process belongs to, which must be
// one the person runs processes in.
func (h *handlers) checkOrg(ctx context.Context, who *auth.Principal, value string, p *Process) error {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return errProcessOrg
	}
	at, err := h.svc.orgs.Place(ctx, id)
	if err != nil || (at.Kind != org.Municipality && at.Kind != org.District) || !who.Can(auth.RunProcesses, at.Path) {
		return errProcessOrg
	}
	p.OrgID = id
	return nil
}

// processForm builds the form for p (a zero p when creating); sent is the
// form as submitted after a failure, nil to show p.
func (h *handlers) processForm(w http.ResponseWriter, r *http.Request, p Process, sent url.Values) (*staffProcessPage, error) {
	page := &staffProcessPage{Page: web.NewPage(w, r, "budgeting.staff.process.new"), Action: "/admin/budgets"}
	l, ctx := page.L, r.Context()
	orgID := p.OrgID
	if p.ID != 0 {
		hd := h.staffHead(l, page.Who, p)
		page.Head, page.Action = &hd, fmt.Sprintf("/admin/budgets/%d/settings", p.ID)
		page.Title = fmt.Sprintf(l.T("budgeting.staff.process.title"), hd.Title)
		page.Frozen = h.staffVotingStarted(p)
	} else {
		orgs, err := h.svc.processOrgs(ctx, page.Who)
		if err != nil {
			return nil, err
		}
		picked := r.URL.Query().Get("org")
		if sent != nil {
			picked = sent.Get("org")
		}
		if picked == "" && len(orgs) == 1 {
			picked = strconv.FormatInt(orgs[0].ID, 10)
		}
		page.Orgs = orgOptions(l, orgs, picked)
		if orgID = pickedOrg(orgs, picked); orgID == 0 {
			return page, nil // the organization is chosen first
		}
	}
	page.OrgID = orgID
	areas, err := h.svc.areasUnder(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if sent == nil {
		sent = processValues(l, p)
	}
	page.fill(l, sent, areas)
	return page, nil
}

// fill sets the form's fields and choices from the values v.
func (page *staffProcessPage) fill(l i18n.Lang, v url.Values, areas []areaChoice) {
	page.Fields = processFields{Slug: v.Get("slug"), DescriptionFa: v.Get("description_fa"), DescriptionEn: v.Get("description_en")}
	text := func(name, hint string, ltr bool) formField {
		return formField{Page: &page.Page, Name: name, Label: "budgeting.staff.process." + name, Hint: hint, Value: v.Get(name),
			LTR: ltr, Locked: ltr && page.Frozen}
	}
	page.F = processTexts{Slug: text("slug", "budgeting.staff.process.slug.hint", true), TitleFa: text("title_fa", "", false),
		TitleEn: text("title_en", "", false), MinChoices: text("min_choices", "budgeting.staff.process.choices.hint", true),
		MaxChoices: text("max_choices", "budgeting.staff.process.choices.hint", true),
		MaxPoints:  text("max_points", "budgeting.staff.process.max_points.hint", true),
		MinAge:     text("min_age", "budgeting.staff.process.min_age.hint", true)}
	page.F.Slug.Locked = false
	for _, rule := range Rules {
		page.Rules = append(page.Rules, staffOption{Value: rule, Label: ruleName(l, rule), Selected: rule == v.Get("rule")})
	}
	choice := func(name string, values []string, label func(string) string) choiceGroup {
		g := choiceGroup{Page: &page.Page, Name: name, Label: "budgeting.staff.process." + name, Locked: page.Frozen}
		for _, val := range values {
			g.Options = append(g.Options, staffOption{Value: val, Label: label(val), Selected: val == v.Get(name)})
		}
		return g
	}
	eligibility := func(e string) string { return eligibilityLabels[Eligibility(e)].In(l) }
	page.C = processChoices{
		Ballot: choice("ballot", []string{string(Approval), string(KApproval), string(Cumulative), string(Ordinal)},
			func(b string) string { return ballotLabels[BallotKind(b)].In(l) }),
		Proposers:   choice("proposers", []string{string(Resident), string(SignedIn)}, eligibility),
		Eligibility: choice("eligibility", []string{string(Resident), string(SignedIn)}, eligibility),
		Scope: choice("scope", []string{string(OwnHeading), string(OwnPlusOne), string(AllHeadings)},
			func(s string) string { return l.T("budgeting.staff.process.scope." + s) }),
	}
	for _, ph := range PhaseOrder {
		page.Phases = append(page.Phases, phaseFormRow{Key: string(ph), Label: ph.Label().In(l),
			Start: v.Get("start_" + string(ph)), End: v.Get("end_" + string(ph))})
	}
	ids, names, namesEn, budgets, picked := v["heading_id"], v["heading_name_fa"], v["heading_name_en"], v["heading_budget"], v["heading_area"]
	for i := range len(names) + blankHeadings {
		page.Headings = append(page.Headings, headingFormRow{Number: l.Int(i + 1), ID: at(ids, i), NameFa: at(names, i),
			NameEn: at(namesEn, i), Budget: at(budgets, i), Areas: areaOptions(l, areas, at(picked, i))})
	}
}

func at(vs []string, i int) string {
	if i < len(vs) {
		return vs[i]
	}
	return ""
}

// processValues writes p as the form's values, dates in Jalali.
func processValues(l i18n.Lang, p Process) url.Values {
	num := func(n int) string {
		if n == 0 {
			return ""
		}
		return l.Digits(strconv.Itoa(n))
	}
	v := url.Values{"title_fa": {p.TitleFa}, "title_en": {p.TitleEn}, "description_fa": {p.DescriptionFa},
		"description_en": {p.DescriptionEn}, "rule": {p.Rule}, "ballot": {string(p.Ballot)}, "eligibility": {string(p.Eligibility)},
		"proposers": {string(p.Proposers)}, "scope": {string(p.Scope)}, "slug": {p.Slug}, "min_choices": {num(p.MinChoices)},
		"max_choices": {num(p.MaxChoices)}, "max_points": {num(p.MaxPoints)}, "min_age": {num(p.MinAge)}}
	for _, w := range p.Phases {
		start, end := phaseDates(w)
		v.Set("start_"+string(w.Phase), dateText(l, start))
		v.Set("end_"+string(w.Phase), dateText(l, end))
	}
	for _, hd := range p.Headings {
		v.Add("heading_id", strconv.FormatInt(hd.ID, 10))
		v.Add("heading_name_fa", hd.NameFa)
		v.Add("heading_name_en", hd.NameEn)
		v.Add("heading_area", strconv.FormatInt(hd.AreaID, 10))
		v.Add("heading_budget", l.Num(hd.Budget))
	}
	return v
}

// phaseDates are the first and last days of a phase in Tehran: it runs
// from the start of its first day to the end of its last.
func phaseDates(w Window) (first, last jalali.Date) {
	return jalali.Today(w.Start), jalali.Today(w.End.Add(-time.Millisecond))
}

func dateText(l i18n.Lang, d jalali.Date) string {
	if l == i18n.Fa {
		return d.NumericFa()
	}
	return d.Numeric()
}

// processFromForm reads the form into old's settings (a zero old when
// creating). A phase whose dates are both empty is skipped. A date left
// as it was keeps the exact instant stored, which the form cannot show.
func processFromForm(f url.Values, old Process) (Process, error) {
	p := old
	p.TitleFa, p.TitleEn = strings.TrimSpace(f.Get("title_fa")), strings.TrimSpace(f.Get("title_en"))
	p.DescriptionFa, p.DescriptionEn = strings.TrimSpace(f.Get("description_fa")), strings.TrimSpace(f.Get("description_en"))
	p.Rule, p.Ballot = f.Get("rule"), BallotKind(f.Get("ballot"))
	p.Eligibility, p.Proposers, p.Scope = Eligibility(f.Get("eligibility")), Eligibility(f.Get("proposers")), HeadingScope(f.Get("scope"))
	for _, n := range []struct {
		field string
		to    *int
	}{{"min_choices", &p.MinChoices}, {"max_choices", &p.MaxChoices}, {"max_points", &p.MaxPoints}, {"min_age", &p.MinAge}} {
		v, err := formCount(f.Get(n.field), n.field)
		if err != nil {
			return p, err
		}
		*n.to = v
	}
	var err error
	if p.Phases, err = phasesFromForm(f, old); err != nil {
		return p, err
	}
	p.Headings, err = headingsFromForm(f)
	return p, err
}

// formCount reads a small whole number; empty is 0.
func formCount(s, field string) (int, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	n, ok := staffAmount(s)
	if !ok || n > 1_000_000 {
		return 0, invalid(field, "این خانه فقط عددی درست و نامنفی می‌پذیرد.", "This field takes a whole number, zero or more.")
	}
	return int(n), nil
}

func phasesFromForm(f url.Values, old Process) ([]Window, error) {
	var out []Window
	for _, ph := range PhaseOrder {
		start, end := strings.TrimSpace(f.Get("start_"+string(ph))), strings.TrimSpace(f.Get("end_"+string(ph)))
		if start == "" && end == "" {
			continue
		}
		first, err1 := jalali.Parse(start)
		last, err2 := jalali.Parse(end)
		if err1 != nil || err2 != nil {
			field := "start_" + string(ph)
			if err1 == nil {
				field = "end_" + string(ph)
			}
			return nil, invalid(field, "تاریخ را به تقویم خورشیدی بنویسید، مانند ۱۴۰۵/۰۹/۰۱؛ هر مرحله تاریخ آغاز و پایان می‌خواهد.",
				"Write the date in the Jalali calendar, for example 1405/09/01; each phase needs a first and a last day.")
		}
		w := Window{Phase: ph, Start: first.In(jalali.Tehran()), End: last.AddDays(1).In(jalali.Tehran())}
		if was, ok := old.Window(ph); ok {
			wasFirst, wasLast := phaseDates(was)
			if wasFirst == first {
				w.Start = was.Start
			}
			if wasLast == last {
				w.End = was.End
			}
		}
		out = append(out, w)
	}
	return out, nil
}

// headingsFromForm reads the heading rows; an empty row is none, and a
// row emptied of an existing heading removes it.
func headingsFromForm(f url.Values) ([]Heading, error) {
	ids, names, namesEn, budgets, areas := f["heading_id"], f["heading_name_fa"], f["heading_name_en"], f["heading_budget"], f["heading_area"]
	var out []Heading
	for i := range names {
		hd := Heading{NameFa: strings.TrimSpace(names[i]), NameEn: strings.TrimSpace(at(namesEn, i))}
		budget := strings.TrimSpace(at(budgets, i))
		if hd.NameFa == "" && hd.NameEn == "" && budget == "" {
			continue
		}
		var err error
		if hd.Budget, err = headingBudget.read(budget, invalid("headings", "بودجه هر سرفصل را به ریال و فقط با رقم بنویسید، مانند ۵۰۰٬۰۰۰٬۰۰۰.",
			"Write each heading's budget in rials, in digits only, for example 500,000,000.")); err != nil {
			return nil, err
		}
		hd.ID, _ = strconv.ParseInt(at(ids, i), 10, 64)
		hd.AreaID, _ = strconv.ParseInt(at(areas, i), 10, 64)
		out = append(out, hd)
	}
	return out, nil
}

// orgChoice is an organization a process may belong to or a heading may
// cover.
type orgChoice = org.Org

// byPath sorts organizations by path, so that each comes before those
// below it.
func byPath(orgs []org.Org) []org.Org {
	slices.SortFunc(orgs, func(a, b org.Org) int { return strings.Compare(a.Path, b.Path) })
	return orgs
}

// processOrgs lists the municipalities and districts in which who may run
// processes.
func (s *Service) processOrgs(ctx context.Context, who *auth.Principal) ([]orgChoice, error) {
	all, err := s.orgs.Find(ctx, org.Select{Kinds: []org.Kind{org.Municipality, org.District}})
	out := byPath(all)[:0]
	for _, o := range all {
		if who.Can(auth.RunProcesses, o.Path) {
			out = append(out, o)
		}
	}
	return out, err
}

func orgOptions(l i18n.Lang, orgs []orgChoice, picked string) []staffOption {
	out := make([]staffOption, 0, len(orgs))
	for _, o := range orgs {
		id := strconv.FormatInt(o.ID, 10)
		out = append(out, staffOption{Value: id, Label: staffPick(l, o.NameFa, o.NameEn), Selected: id == picked})
	}
	return out
}

// pickedOrg is the id of the organization picked, 0 if it is none of orgs.
func pickedOrg(orgs []orgChoice, picked string) int64 {
	for _, o := range orgs {
		if strconv.FormatInt(o.ID, 10) == picked {
			return o.ID
		}
	}
	return 0
}

// areaChoice is a district, sub-district or neighbourhood a heading may
// cover.
type areaChoice = orgChoice

// areasUnder lists the districts, sub-districts and neighbourhoods under
// the organization (or the organization itself, if it is one), by path so
// that each district comes before its neighbourhoods.
func (s *Service) areasUnder(ctx context.Context, orgID int64) ([]areaChoice, error) {
	at, err := s.orgs.Place(ctx, orgID)
	if apperr.CodeOf(err) == apperr.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	areas, err := s.orgs.Find(ctx, org.Select{Kinds: []org.Kind{org.District, org.SubDistrict, org.Neighbourhood}, Under: []string{at.Path}})
	return byPath(areas), err
}

func areaOptions(l i18n.Lang, areas []areaChoice, picked string) []staffOption {
	out := make([]staffOption, 0, len(areas)+1)
	out = append(out, staffOption{Value: "0", Label: l.T("budgeting.staff.process.area.none"), Selected: picked == "" || picked == "0"})
	for _, a := range areas {
		id := strconv.FormatInt(a.ID, 10)
		out = append(out, staffOption{Value: id, Label: staffPick(l, a.NameFa, a.NameEn), Selected: id == picked})
	}
	return out
}
