package org

import (
	"embed"
	"io/fs"
	"net/http"
	"strconv"

	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/geojson"
	"github.com/shahr-city/shahr/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Handlers serves the organization pages and API.
type Handlers struct {
	svc *Service
	web *web.Server
}

// Mount adds the module's templates and routes to the server.
func Mount(s *web.Server, svc *Service) error {
	sub, _ := fs.Sub(templates, "templates")
	if err := s.Templates("org", sub); err != nil {
		return err
	}
	h := &Handlers{svc: svc, web: s}
	s.Handle(h.routes()...)
	return nil
}

func (h *Handlers) routes() []web.Route {
	in := func(p auth.Permission) web.Access { return web.InOrg(p, h.svc.Locate) }
	return []web.Route{
		{Method: "GET", Pattern: "/orgs", Access: web.Public, Handle: h.directory},
		{Method: "GET", Pattern: "/orgs/{slug}", Access: web.Public, Handle: h.show},
		{Method: "GET", Pattern: "/api/v1/orgs", Access: web.Public, Handle: h.apiList},
		{Method: "GET", Pattern: "/api/v1/orgs/{slug}", Access: web.Public, Handle: h.apiShow},
		{Method: "GET", Pattern: "/admin", Access: web.Staff, Handle: h.adminIndex},
		{Method: "GET", Pattern: "/admin/orgs/new", Access: web.Superuser, Handle: h.newRoot},
		{Method: "POST", Pattern: "/admin/orgs", Access: web.Superuser, Form: orgFields, Handle: h.createRoot},
		{Method: "GET", Pattern: "/admin/orgs/{slug}", Access: in(auth.ViewStaff), Handle: h.adminShow},
		{Method: "GET", Pattern: "/admin/orgs/{slug}/edit", Access: in(auth.EditOrg), Handle: h.edit},
		{Method: "POST", Pattern: "/admin/orgs/{slug}/edit", Access: in(auth.EditOrg), Form: orgFields, Handle: h.update},
		{Method: "GET", Pattern: "/admin/orgs/{slug}/children/new", Access: in(auth.ManageChildren), Handle: h.newChild},
		{Method: "POST", Pattern: "/admin/orgs/{slug}/children", Access: in(auth.ManageChildren), Form: orgFields, Handle: h.createChild},
		{Method: "GET", Pattern: "/admin/orgs/{slug}/audit", Access: in(auth.ReadAudit), Handle: h.orgAudit},
		{Method: "GET", Pattern: "/admin/audit", Access: web.Superuser, Handle: h.allAudit},
	}
}

// directoryPage lists organizations: the roots, or those matching a search.
type directoryPage struct {
	web.Page
	Query   string
	Results web.Cards
}

func (h *Handlers) directory(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	results, err := h.svc.List(r.Context(), Query{Search: q, Roots: q == "", Limit: 200})
	if err != nil {
		return err
	}
	p := &directoryPage{Page: web.NewPage(w, r, "org.directory.title"), Query: q}
	p.Results = Cards(results, p.L, "/orgs/")
	h.web.Render(w, r, http.StatusOK, "org/directory", p)
	return nil
}

// showPage is an organization's public page. Its texts are resolved in the
// handler, in the visitor's language, so the template only places them.
type showPage struct {
	web.Page
	Slug        string
	Name        string
	Kind        string
	Description string
	Population  string // formatted; "" when unknown
	Website     string
	ChildCount  string // formatted; "" when none
	Ancestors   web.Cards
	Children    web.Cards
	Map         *geojson.Drawing
	CanManage   bool
}

func (h *Handlers) show(w http.ResponseWriter, r *http.Request) error {
	o, err := h.svc.BySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	ancestors, err := h.svc.Ancestors(r.Context(), o)
	if err != nil {
		return err
	}
	children, err := h.svc.Children(r.Context(), o.ID)
	if err != nil {
		return err
	}
	p := &showPage{Page: web.NewPage(w, r, ""), Slug: o.Slug, Website: o.Website}
	l := p.L
	p.Name, p.Kind, p.Description = o.Name(l), o.Kind.Label().In(l), o.Description(l)
	p.Title = p.Name
	if o.Population > 0 {
		p.Population = l.Num(o.Population)
	}
	if len(children) > 0 {
		p.ChildCount = l.Int(len(children))
	}
	p.Ancestors, p.Children = Cards(ancestors, l, "/orgs/"), Cards(children, l, "/orgs/")
	if shape, ok := o.Shape(); ok {
		d := shape.Draw()
		p.Map = &d
	}
	p.CanManage = p.Who.Can(auth.ViewStaff, o.Path)
	h.web.Render(w, r, http.StatusOK, "org/show", p)
	return nil
}

// adminIndexPage is a staff member's dashboard: the organizations they
// hold roles in (every root, for the installation's operator).
type adminIndexPage struct {
	web.Page
	Orgs web.Cards
}

func (h *Handlers) adminIndex(w http.ResponseWriter, r *http.Request) error {
	p := &adminIndexPage{Page: web.NewPage(w, r, "org.admin.title")}
	var orgs []Org
	var err error
	if p.Who.Superuser {
		orgs, err = h.svc.List(r.Context(), Query{Roots: true, Limit: 500})
	} else {
		orgs, err = h.grantedOrgs(r, p.Who)
	}
	if err != nil {
		return err
	}
	p.Orgs = Cards(orgs, p.L, "/admin/orgs/")
	h.web.Render(w, r, http.StatusOK, "org/admin_index", p)
	return nil
}

func (h *Handlers) grantedOrgs(r *http.Request, who *auth.Principal) ([]Org, error) {
	seen := map[int64]bool{}
	var out []Org
	for _, g := range who.Grants {
		if seen[g.OrgID] {
			continue
		}
		seen[g.OrgID] = true
		o, err := h.svc.ByID(r.Context(), g.OrgID)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// adminShowPage is an organization's staff dashboard.
type adminShowPage struct {
	web.Page
	Org        Org
	Ancestors  []Org
	Children   web.Cards
	Below      int
	Can        map[string]bool // by permission name, for the template
	ChildKinds []Kind
}

func (h *Handlers) adminShow(w http.ResponseWriter, r *http.Request) error {
	o, err := h.svc.BySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	p := &adminShowPage{Page: web.NewPage(w, r, ""), Org: o, Can: map[string]bool{}, ChildKinds: o.Kind.ChildKinds()}
	p.Title = o.Name(p.L)
	for _, perm := range []auth.Permission{auth.EditOrg, auth.ManageChildren, auth.ManageGrants, auth.ReadAudit, auth.VerifyResidence} {
		p.Can[string(perm)] = p.Who.Can(perm, o.Path)
	}
	if p.Ancestors, err = h.svc.Ancestors(r.Context(), o); err != nil {
		return err
	}
	children, err := h.svc.Children(r.Context(), o.ID)
	if err != nil {
		return err
	}
	p.Children = Cards(children, p.L, "/admin/orgs/")
	if p.Below, err = h.svc.CountBelow(r.Context(), o); err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "org/admin_show", p)
	return nil
}

// formPage creates or edits an organization.
type formPage struct {
	web.Page
	Org    Org  // the organization edited, or the parent of a new one
	Parent *Org // set when creating a child
	New    bool
	Kinds  []Kind
	Action string
}

func (h *Handlers) newRoot(w http.ResponseWriter, r *http.Request) error {
	p := &formPage{Page: web.NewPage(w, r, "org.new.title"), New: true, Kinds: Kind("").ChildKinds(), Action: "/admin/orgs"}
	h.web.Render(w, r, http.StatusOK, "org/form", p)
	return nil
}

func (h *Handlers) createRoot(w http.ResponseWriter, r *http.Request) error {
	var o Org
	err := web.ParseForm(w, r)
	if err == nil {
		o, err = h.svc.Create(r.Context(), web.Who(r).UserID, nil, inputFrom(r))
	}
	if err != nil {
		p := &formPage{Page: web.NewPage(w, r, "org.new.title"), New: true, Kinds: Kind("").ChildKinds(), Action: "/admin/orgs"}
		return h.web.RenderForm(w, r, err, "org/form", &p.Page, p)
	}
	return h.saved(w, r, o)
}

func (h *Handlers) newChild(w http.ResponseWriter, r *http.Request) error {
	parent, err := h.svc.BySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "org/form", h.childForm(w, r, parent))
	return nil
}

func (h *Handlers) childForm(w http.ResponseWriter, r *http.Request, parent Org) *formPage {
	return &formPage{Page: web.NewPage(w, r, "org.new.title"), New: true, Parent: &parent, Org: parent,
		Kinds: parent.Kind.ChildKinds(), Action: "/admin/orgs/" + parent.Slug + "/children"}
}

func (h *Handlers) createChild(w http.ResponseWriter, r *http.Request) error {
	parent, err := h.svc.BySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	var o Org
	if err = web.ParseForm(w, r); err == nil {
		o, err = h.svc.Create(r.Context(), web.Who(r).UserID, &parent, inputFrom(r))
	}
	if err != nil {
		p := h.childForm(w, r, parent)
		return h.web.RenderForm(w, r, err, "org/form", &p.Page, p)
	}
	return h.saved(w, r, o)
}

func (h *Handlers) saved(w http.ResponseWriter, r *http.Request, o Org) error {
	h.web.Flash(w, r, "flash.saved")
	http.Redirect(w, r, "/admin/orgs/"+o.Slug, http.StatusSeeOther)
	return nil
}

func (h *Handlers) edit(w http.ResponseWriter, r *http.Request) error {
	o, err := h.svc.BySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "org/form", h.editForm(w, r, o))
	return nil
}

func (h *Handlers) editForm(w http.ResponseWriter, r *http.Request, o Org) *formPage {
	p := &formPage{Page: web.NewPage(w, r, "org.edit.title"), Org: o, Action: "/admin/orgs/" + o.Slug + "/edit"}
	p.Form = valuesOf(o)
	return p
}

func (h *Handlers) update(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	var o Org
	err := web.ParseForm(w, r)
	if err == nil {
		o, err = h.svc.Update(r.Context(), web.Who(r).UserID, slug, inputFrom(r))
	}
	if err != nil {
		current, lookupErr := h.svc.BySlug(r.Context(), slug)
		if lookupErr != nil {
			return lookupErr
		}
		p := h.editForm(w, r, current)
		return h.web.RenderForm(w, r, err, "org/form", &p.Page, p)
	}
	return h.saved(w, r, o)
}

func inputFrom(r *http.Request) Input {
	f := r.PostForm
	return Input{Slug: f.Get("slug"), Kind: f.Get("kind"), NameFa: f.Get("name_fa"), NameEn: f.Get("name_en"),
		DescriptionFa: f.Get("description_fa"), DescriptionEn: f.Get("description_en"), Website: f.Get("website"),
		Population: f.Get("population"), Geometry: f.Get("geometry")}
}

func valuesOf(o Org) map[string][]string {
	pop := ""
	if o.Population > 0 {
		pop = strconv.FormatInt(o.Population, 10)
	}
	return map[string][]string{"name_fa": {o.NameFa}, "name_en": {o.NameEn}, "description_fa": {o.DescriptionFa},
		"description_en": {o.DescriptionEn}, "website": {o.Website}, "population": {pop}, "geometry": {o.Geometry}}
}

// auditPage lists audit entries, newest first, a page at a time.
type auditPage struct {
	web.Page
	Org     *Org
	Entries []audit.Entry
	Pager   web.Pager // to the older entries, none at the end
}

const auditPageSize = 50

func (h *Handlers) orgAudit(w http.ResponseWriter, r *http.Request) error {
	o, err := h.svc.BySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return h.renderAudit(w, r, &o, o.Path)
}

func (h *Handlers) allAudit(w http.ResponseWriter, r *http.Request) error {
	return h.renderAudit(w, r, nil, "")
}

func (h *Handlers) renderAudit(w http.ResponseWriter, r *http.Request, o *Org, path string) error {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	entries, err := h.svc.AuditLog(r.Context(), audit.Query{OrgPath: path, BeforeID: before, Limit: auditPageSize})
	if err != nil {
		return err
	}
	p := &auditPage{Page: web.NewPage(w, r, "org.audit.title"), Org: o, Entries: entries}
	p.Pager = web.NewPager(p.L)
	if len(entries) == auditPageSize {
		p.Pager.Next = r.URL.Path + "?before=" + strconv.FormatInt(entries[len(entries)-1].ID, 10)
		p.Pager.NextText = p.T("audit.older")
	}
	h.web.Render(w, r, http.StatusOK, "org/audit", p)
	return nil
}
