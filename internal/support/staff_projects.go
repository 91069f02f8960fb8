package support

import (
	"context"
	"net/http"
	"strconv"

	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/upload"
	"github.com/shahr-city/shahr/internal/web"
)

func (h *handlers) projectRoutes() []web.Route {
	view, run, _ := h.access()
	const p = staffBase + "/projects/{id}"
	return []web.Route{
		{Method: "GET", Pattern: staffBase + "/projects", Access: view, Handle: h.withCoop(h.projectsView)},
		{Method: "POST", Pattern: staffBase + "/projects", Access: run, Handle: h.createProject},
		{Method: "GET", Pattern: p, Access: view, Handle: h.withCoop(h.projectView)},
		{Method: "POST", Pattern: p + "/status", Access: run, Handle: h.projectStatus},
		{Method: "POST", Pattern: p + "/stages", Access: run, Handle: h.addStage},
		{Method: "POST", Pattern: p + "/stages/{sid}", Access: run, Handle: h.stageDone},
		{Method: "POST", Pattern: p + "/documents", Access: run, Handle: h.addDocuments},
		{Method: "GET", Pattern: p + "/documents/{doc}", Access: view, Handle: h.document},
	}
}

type projectsPage struct {
	staffPage
	Projects  []Project
	Towns     []Town
	Companies []org.Org
	Statuses  []string
}

func (h *handlers) projectsView(w http.ResponseWriter, r *http.Request, coop org.Org, formErr error) error {
	p := projectsPage{staffPage: h.staffPage(w, r, coop, "support.projects.title"), Statuses: ProjectStatuses}
	var err error
	if p.Projects, err = h.svc.Projects(r.Context(), coop, 0); err != nil {
		return err
	}
	if p.Towns, err = h.svc.Towns(r.Context(), coop); err != nil {
		return err
	}
	if p.Companies, err = h.svc.Companies(r.Context(), coop); err != nil {
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

// projectForm reads the new-project form: one share field for the
// organization ("share_coop"), one for the town ("share_town") and one
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

type projectPage struct {
	staffPage
	Project  Project
	Statuses []string
}

func (h *handlers) projectView(w http.ResponseWriter, r *http.Request, coop org.Org, formErr error) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	p := projectPage{staffPage: h.staffPage(w, r, coop, "support.project.title"), Statuses: ProjectStatuses}
	if p.Project, err = h.svc.Project(r.Context(), coop, id); err != nil {
		return err
	}
	return h.show(w, r, "support/staff_project", &p.Page, &p, formErr)
}

// projectAct is act for a form of one project, with the project's id.
func (h *handlers) projectAct(w http.ResponseWriter, r *http.Request, do recordDo) error {
	return h.recordAct(w, r, "/projects/", h.projectView, do)
}

func (h *handlers) projectStatus(w http.ResponseWriter, r *http.Request) error {
	return h.projectAct(w, r, func(ctx context.Context, coop org.Org, actor, id int64) error {
		return h.svc.SetProjectStatus(ctx, actor, coop, id, r.PostFormValue("status"))
	})
}

func (h *handlers) addStage(w http.ResponseWriter, r *http.Request) error {
	return h.projectAct(w, r, func(ctx context.Context, coop org.Org, actor, id int64) error {
		_, err := h.svc.AddStage(ctx, actor, coop, id, Stage{Name: r.PostFormValue("name"), PlannedOn: formDay(r, "planned_on")})
		return err
	})
}

func (h *handlers) stageDone(w http.ResponseWriter, r *http.Request) error {
	sid, err := web.PathID(r, "sid")
	if err != nil {
		return err
	}
	return h.projectAct(w, r, func(ctx context.Context, coop org.Org, actor, id int64) error {
		return h.svc.SetStageDone(ctx, actor, coop, id, sid, r.PostFormValue("done") == "true")
	})
}

func (h *handlers) addDocuments(w http.ResponseWriter, r *http.Request) error {
	return h.projectAct(w, r, func(ctx context.Context, coop org.Org, actor, id int64) error {
		files, err := upload.ReadMultipart(w, r, upload.MaxFiles*upload.MaxBytes+1<<20, "files")
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
