package budgeting

import (
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/upload"
	"github.com/shahr-city/shahr/internal/web"
)

// staffImplPage tracks a process's winning projects: the rollup, and per
// project its status form, its milestones and a form to add one.
type staffImplPage struct {
	web.Page
	Head     staffHead
	Closed   bool // voting is over: tracking may start
	Rollups  []staffRollupRow
	Projects []staffProjectRow
}

type staffRollupRow struct {
	Name, Projects, Done, Cost, Spent, Progress string
}

type staffProjectRow struct {
	ID                           int64
	Title, Heading, Cost, Status string
	Progress, Spent, Updated     string // the form's values, and when it was last reported
	SpentLabel                   string
	Statuses                     []staffOption
	Milestones                   []staffMilestoneRow
	New                          staffMilestoneForm
}

type staffMilestoneRow struct {
	Title, Date string
	Done        bool
	Photos      []staffFile
}

type staffMilestoneForm struct {
	TitleFa, TitleEn, Date string
	Done                   bool
}

var (
	errStaffNotClosedYet = apperr.New(apperr.Conflict, "رأی‌گیری هنوز تمام نشده است؛ پیگیری اجرا پس از پایان رأی‌گیری آغاز می‌شود.",
		"Voting has not closed yet; tracking starts once voting is over.")
	errStaffSpentAmount = invalid("spent", "هزینه انجام‌شده را به ریال و فقط با رقم بنویسید.", "Write the amount spent in rials, in digits only.")
	errStaffMilestoneOn = apperr.New(apperr.Invalid, "تاریخ را به تقویم شمسی بنویسید، مانند ۱۴۰۵/۰۹/۱۵.",
		"Write the date in the Persian calendar, for example 1405/09/15.")
)

// staffImplView builds the page; failed names the project whose form was sent
// (0 for none), and form which ("project" or "milestone"), so that the
// form comes back with what was typed.
func (h *handlers) staffImplView(w http.ResponseWriter, r *http.Request, p Process, failed int64, form string) (*staffImplPage, error) {
	projects, err := h.svc.Projects(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	page := &staffImplPage{Page: web.NewPage(w, r, ""), Closed: p.VotingClosed(h.svc.now())}
	l := page.L
	page.Head = h.staffHead(l, page.Who, p)
	page.Title = fmt.Sprintf(l.T("budgeting.staff.impl.title"), page.Head.Title)
	if len(projects) > 0 {
		for _, ru := range RollUp(p, projects) {
			name := l.T("budgeting.staff.impl.whole")
			if ru.HeadingID != 0 {
				name = staffHeadingName(l, p, ru.HeadingID)
			}
			page.Rollups = append(page.Rollups, staffRollupRow{Name: name, Projects: l.Int(ru.Projects), Done: l.Int(ru.Done),
				Cost: staffMoney(l, ru.Cost), Spent: staffMoney(l, ru.Spent), Progress: l.Int(ru.Progress) + "٪"})
		}
	}
	f := r.PostForm
	for _, pj := range projects {
		pr := pj.Proposal
		row := staffProjectRow{ID: pr.ID, Title: pr.Title, Heading: staffHeadingName(l, p, pr.HeadingID), Cost: staffMoney(l, pr.Cost()),
			Status: l.T("budgeting.staff.impl.s." + pj.Status), Progress: l.Int(pj.Progress), Spent: l.Num(pj.Spent),
			SpentLabel: staffMoney(l, pj.Spent), Updated: l.DateTime(pj.UpdatedAt)}
		status := pj.Status
		if failed == pr.ID && form == "project" {
			status, row.Progress, row.Spent = f.Get("status"), f.Get("progress"), f.Get("spent")
		}
		if failed == pr.ID && form == "milestone" {
			row.New = staffMilestoneForm{TitleFa: f.Get("title_fa"), TitleEn: f.Get("title_en"), Date: f.Get("on"), Done: f.Get("done") != ""}
		}
		for _, s := range ProjectStatuses {
			row.Statuses = append(row.Statuses, staffOption{Value: s, Label: l.T("budgeting.staff.impl.s." + s), Selected: s == status})
		}
		for _, m := range pj.Milestones {
			row.Milestones = append(row.Milestones, staffMilestoneRow{Title: m.Title(l), Date: l.Date(m.On), Done: m.Done,
				Photos: staffFiles(l, m.Photos)})
		}
		page.Projects = append(page.Projects, row)
	}
	return page, nil
}

func (h *handlers) staffImplementation(w http.ResponseWriter, r *http.Request) error {
	p, err := h.staffProcessOf(r)
	if err != nil {
		return err
	}
	page, err := h.staffImplView(w, r, p, 0, "")
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "budgeting/staff_implementation", page)
	return nil
}

// staffImplDone redirects back to the implementation page with a flash, or
// shows it again with the problem.
func (h *handlers) staffImplDone(w http.ResponseWriter, r *http.Request, p Process, err error, failed int64, form, flash string) error {
	if err != nil {
		if apperr.CodeOf(err) == apperr.NotFound {
			return err
		}
		page, err2 := h.staffImplView(w, r, p, failed, form)
		if err2 != nil {
			return err2
		}
		if failed != 0 {
			err = staffFieldSuffix(err, "-"+strconv.FormatInt(failed, 10))
		}
		return h.web.RenderForm(w, r, err, "budgeting/staff_implementation", &page.Page, page)
	}
	h.web.Flash(w, r, flash)
	http.Redirect(w, r, fmt.Sprintf("/admin/budgets/%d/implementation", p.ID), http.StatusSeeOther)
	return nil
}

func (h *handlers) staffStartImplementation(w http.ResponseWriter, r *http.Request) error {
	p, err := h.staffProcessOf(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	if !p.VotingClosed(h.svc.now()) {
		err = errStaffNotClosedYet
	} else {
		_, err = h.svc.StartImplementation(r.Context(), web.Who(r).UserID, p.ID)
	}
	return h.staffImplDone(w, r, p, err, 0, "", "budgeting.staff.flash.started")
}

// staffImplTarget is the process and the tracked project {pid}, which must be
// one of the process's.
func (h *handlers) staffImplTarget(r *http.Request) (Process, int64, error) {
	p, pr, err := h.staffTarget(r)
	return p, pr.ID, err
}

func (h *handlers) staffUpdateProject(w http.ResponseWriter, r *http.Request) error {
	p, id, err := h.staffImplTarget(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	u := ProjectUpdate{Status: f.Get("status")}
	progress, okProgress := staffAmount(f.Get("progress"))
	spent, errSpent := spentAmount.read(f.Get("spent"), errStaffSpentAmount)
	switch {
	case !okProgress || progress > 100:
		err = errProgress
	case errSpent != nil:
		err = errSpent
	default:
		u.Progress, u.Spent = int(progress), spent
		err = h.svc.UpdateProject(r.Context(), web.Who(r).UserID, id, u)
	}
	return h.staffImplDone(w, r, p, err, id, "project", "budgeting.staff.flash.project")
}

func (h *handlers) staffAddMilestone(w http.ResponseWriter, r *http.Request) error {
	p, id, err := h.staffImplTarget(r)
	if err != nil {
		return err
	}
	var files []*multipart.FileHeader
	switch err := r.ParseMultipartForm(1 << 20); {
	case err == nil:
		defer func() { _ = r.MultipartForm.RemoveAll() }() // the upload's temporary files; the system's temp cleaner takes any left
		files = r.MultipartForm.File["photos"]
	case errors.Is(err, http.ErrNotMultipart): // a plain form: a milestone without photos
	default:
		return web.BodyError(err)
	}
	if err := web.CheckForm(r); err != nil {
		return h.staffImplDone(w, r, p, err, id, "milestone", "")
	}
	f := r.PostForm
	m := Milestone{ProposalID: id, TitleFa: f.Get("title_fa"), TitleEn: f.Get("title_en"), Done: f.Get("done") != ""}
	var v apperr.Validation
	if strings.TrimSpace(m.TitleFa) == "" {
		v.Add("title_fa", "عنوان فارسی گام را بنویسید.", "Give the milestone a Persian title.")
	}
	if d, err := jalali.Parse(f.Get("on")); err == nil {
		m.On = d.In(time.UTC) // milestones keep their day as UTC midnight
	} else {
		v.Add("on", errStaffMilestoneOn.Msg.Fa, errStaffMilestoneOn.Msg.En)
	}
	err = v.Err()
	var photos []Upload
	if err == nil {
		photos, err = upload.Files(files, "photos")
	}
	if err == nil {
		_, err = h.svc.AddMilestone(r.Context(), web.Who(r).UserID, m, photos)
	}
	return h.staffImplDone(w, r, p, err, id, "milestone", "budgeting.staff.flash.milestone")
}
