package support

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/upload"
	"github.com/shahr-city/shahr/internal/web"
)

func (h *handlers) projectRoutes() []web.Route {
	view, run, _ := h.access()
	const p = staffBase + "/projects/{id}"
	return []web.Route{
		{Method: "GET", Pattern: staffBase + "/projects", Access: view, Handle: h.withCoop(h.projectsView)},
		{Method: "POST", Pattern: staffBase + "/projects", Access: run, Form: projectFields, Handle: h.createProject},
		{Method: "GET", Pattern: p, Access: view, Handle: h.withCoop(h.projectView)},
		{Method: "GET", Pattern: p + "/edit", Access: run, Handle: h.withCoop(h.projectEditView)},
		{Method: "POST", Pattern: p + "/edit", Access: run, Form: projectFields, Handle: h.editProject},
		{Method: "POST", Pattern: p + "/status", Access: run, Handle: h.projectStatus},
		{Method: "POST", Pattern: p + "/stages", Access: run, Form: stageFields, Handle: h.addStage},
		{Method: "POST", Pattern: p + "/stages/{sid}", Access: run, Handle: h.stageDone},
		{Method: "GET", Pattern: p + "/stages/{sid}/edit", Access: run, Handle: h.withCoop(h.stageEditView)},
		{Method: "POST", Pattern: p + "/stages/{sid}/edit", Access: run, Form: stageFields, Handle: h.editStage},
		{Method: "POST", Pattern: p + "/stages/{sid}/delete", Access: run, Handle: h.deleteStage},
		{Method: "POST", Pattern: p + "/documents", Access: run, Uploads: upload.FormFiles, Handle: h.addDocuments},
		{Method: "GET", Pattern: p + "/documents/{doc}", Access: view, Handle: h.document},
		{Method: "POST", Pattern: p + "/documents/{doc}/delete", Access: run, Handle: h.deleteDocument},
	}
}

// projectPath is a project's address below the staff base.
func projectPath(id int64) string { return "/projects/" + idValue(id) }

type projectsPage struct {
	staffPage
	choices
	Projects []Project
}

// projectChoices are the project form's choices: coop's towns and group
// companies besides the statuses.
func (h *handlers) projectChoices(ctx context.Context, coop org.Org) (choices, error) {
	c := fixedChoices
	var err error
	if c.Towns, err = h.svc.Towns(ctx, coop); err == nil {
		c.Companies, err = h.svc.Companies(ctx, coop)
	}
	return c, err
}

func (h *handlers) projectsView(w http.ResponseWriter, r *http.Request, coop org.Org, formErr error) error {
	p := projectsPage{staffPage: h.staffPage(w, r, coop, "support.projects.title")}
	var err error
	if p.Projects, err = h.svc.Projects(r.Context(), coop, 0); err != nil {
		return err
	}
	if p.choices, err = h.projectChoices(r.Context(), coop); err != nil {
		return err
	}
	return h.show(w, r, "support/staff_projects", &p.Page, &p, formErr)
}

func (h *handlers) createProject(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "/projects", h.projectsView, func(ctx context.Context, coop org.Org, actor int64) error {
		p, err := h.projectForm(ctx, r, coop)
		if err != nil {
			return err
		}
		_, err = h.svc.CreateProject(ctx, actor, coop, p)
		return err
	})
}

// projectForm reads the project form, new or edited: one share field for
// the organization ("share_coop"), one for the town ("share_town") and one
// per group company ("share_{id}"); an empty share means no part.
func (h *handlers) projectForm(ctx context.Context, r *http.Request, coop org.Org) (Project, error) {
	p := Project{Title: r.PostFormValue("title"), Description: r.PostFormValue("description"), Status: r.PostFormValue("status")}
	p.TownID, _ = strconv.ParseInt(r.PostFormValue("town"), 10, 64)
	var ok bool
	if p.ExpectedRevenue, ok = wholeNumber(r.PostFormValue("expected_revenue")); !ok {
		p.ExpectedRevenue = -1
	}
	companies, err := h.svc.Companies(ctx, coop)
	if err != nil {
		return p, err
	}
	fields := map[string]int64{"share_coop": coop.ID, "share_town": p.TownID}
	for _, c := range companies {
		fields["share_"+strconv.FormatInt(c.ID, 10)] = c.ID
	}
	for field, id := range fields {
		share, ok := percentShare(r.PostFormValue(field))
		if !ok {
			return p, invalid("shares", "هر سهم را به درصد بنویسید، مثلاً ۴۰ یا ۳۳٫۵.", "Write each share as a percentage, such as 40 or 33.5.")
		}
		if share > 0 {
			p.Partners = append(p.Partners, Partner{OrgID: id, Share: share})
		}
	}
	return p, nil
}

// shareField is the form field of a partner's share.
func shareField(coop org.Org, p Project, partner int64) string {
	switch partner {
	case coop.ID:
		return "share_coop"
	case p.TownID:
		return "share_town"
	}
	return "share_" + idValue(partner)
}

// projectValues fill the project form from a project.
func projectValues(p Project, coop org.Org, l i18n.Lang) url.Values {
	f := url.Values{"town": {idValue(p.TownID)}, "title": {p.Title}, "description": {p.Description}, "status": {p.Status},
		"expected_revenue": {l.Num(p.ExpectedRevenue)}}
	for _, pt := range p.Partners {
		f.Set(shareField(coop, p, pt.OrgID), shareValue(l, pt.Share))
	}
	return f
}

func (h *handlers) projectEditView(w http.ResponseWriter, r *http.Request, coop org.Org, formErr error) error {
	p, id, err := pathRecord(r, coop, h.svc.Project)
	c := fixedChoices
	if err == nil {
		c, err = h.projectChoices(r.Context(), coop)
	}
	if err != nil {
		return err
	}
	return h.showEdit(w, r, coop, formErr, edit{fields: "project", self: projectPath(id), back: projectPath(id),
		values: projectValues(p, coop, web.L(r))}, c)
}

func (h *handlers) editProject(w http.ResponseWriter, r *http.Request) error {
	return h.projectAct(w, r, h.projectEditView, func(ctx context.Context, coop org.Org, actor, id int64) error {
		p, err := h.projectForm(ctx, r, coop)
		if err != nil {
			return err
		}
		return h.svc.EditProject(ctx, actor, coop, id, p)
	})
}

type projectPage struct {
	staffPage
	choices
	Project Project
}

func (h *handlers) projectView(w http.ResponseWriter, r *http.Request, coop org.Org, formErr error) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	p := projectPage{staffPage: h.staffPage(w, r, coop, "support.project.title"), choices: fixedChoices}
	if p.Project, err = h.svc.Project(r.Context(), coop, id); err != nil {
		return err
	}
	return h.show(w, r, "support/staff_project", &p.Page, &p, formErr)
}

// projectAct is act for a form of one project, with the project's id,
// shown again with v on a problem.
func (h *handlers) projectAct(w http.ResponseWriter, r *http.Request, v viewFunc, do recordDo) error {
	return h.recordAct(w, r, "/projects/", v, do)
}

func (h *handlers) projectStatus(w http.ResponseWriter, r *http.Request) error {
	return h.projectAct(w, r, h.projectView, func(ctx context.Context, coop org.Org, actor, id int64) error {
		return h.svc.SetProjectStatus(ctx, actor, coop, id, r.PostFormValue("status"))
	})
}

// stageForm reads a stage, new or edited (a new one has no "done" box).
func stageForm(r *http.Request) Stage {
	return Stage{Name: r.PostFormValue("name"), PlannedOn: formDay(r, "planned_on"), Done: r.PostFormValue("done") == "true"}
}

// stageValues fill the stage form from a stage.
func stageValues(st Stage, l i18n.Lang) url.Values {
	return url.Values{"name": {st.Name}, "planned_on": {dayValue(l, st.PlannedOn)}, "done": {checked(st.Done)}}
}

func (h *handlers) addStage(w http.ResponseWriter, r *http.Request) error {
	return h.projectAct(w, r, h.projectView, func(ctx context.Context, coop org.Org, actor, id int64) error {
		_, err := h.svc.AddStage(ctx, actor, coop, id, stageForm(r))
		return err
	})
}

func (h *handlers) stageDone(w http.ResponseWriter, r *http.Request) error {
	return h.childAct(w, r, "sid", "/projects/", h.projectView, func(ctx context.Context, actor int64, coop org.Org, id, sid int64) error {
		return h.svc.SetStageDone(ctx, actor, coop, id, sid, r.PostFormValue("done") == "true")
	})
}

func (h *handlers) stageEditView(w http.ResponseWriter, r *http.Request, coop org.Org, formErr error) error {
	id, sid, err := pathIDs(r, "sid")
	if err != nil {
		return err
	}
	st, err := h.svc.Stage(r.Context(), coop, id, sid)
	if err != nil {
		return err
	}
	return h.showEdit(w, r, coop, formErr, edit{fields: "stage", self: projectPath(id) + "/stages/" + idValue(sid),
		back: projectPath(id), values: stageValues(st, web.L(r)), deletable: true}, fixedChoices)
}

func (h *handlers) editStage(w http.ResponseWriter, r *http.Request) error {
	return h.childAct(w, r, "sid", "/projects/", h.stageEditView, func(ctx context.Context, actor int64, coop org.Org, id, sid int64) error {
		return h.svc.EditStage(ctx, actor, coop, id, sid, stageForm(r))
	})
}

func (h *handlers) deleteStage(w http.ResponseWriter, r *http.Request) error {
	return h.childAct(w, r, "sid", "/projects/", h.stageEditView, h.svc.DeleteStage)
}

func (h *handlers) deleteDocument(w http.ResponseWriter, r *http.Request) error {
	return h.childAct(w, r, "doc", "/projects/", h.projectView, h.svc.DeleteDocument)
}

func (h *handlers) addDocuments(w http.ResponseWriter, r *http.Request) error {
	return h.projectAct(w, r, h.projectView, func(ctx context.Context, coop org.Org, actor, id int64) error {
		files, err := upload.ReadMultipart(r, "files")
		if err != nil {
			return err
		}
		return h.svc.AddDocuments(ctx, actor, coop, id, files)
	})
}

func (h *handlers) document(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	doc, err := web.PathID(r, "doc")
	if err != nil {
		return err
	}
	coop, err := h.svc.Coop(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	d, data, err := h.svc.DocumentData(r.Context(), coop, id, doc)
	if err != nil {
		return err
	}
	upload.Serve(w, d.Name, d.ContentType, data)
	return nil
}
