package servicecatalog

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/web"
	"github.com/shahr-city/shahr/internal/web/bitext"
)

// staffRoutes: the organization's editors keep its catalog.
func (h *handlers) staffRoutes() []web.Route {
	edit := web.InOrg(auth.EditOrg, h.orgs.Locate)
	const base = "/admin/orgs/{slug}/services"
	return []web.Route{
		{Method: "GET", Pattern: base, Access: edit, Handle: h.staffList},
		{Method: "GET", Pattern: base + "/new", Access: edit, Handle: h.newForm},
		{Method: "POST", Pattern: base, Access: edit, Form: bitext.Bounds(formSpecs), Handle: h.create},
		{Method: "GET", Pattern: base + "/{id}/edit", Access: edit, Handle: h.editForm},
		{Method: "POST", Pattern: base + "/{id}/edit", Access: edit, Form: bitext.Bounds(formSpecs), Handle: h.update},
		{Method: "POST", Pattern: base + "/{id}/retire", Access: edit, Handle: h.retire},
		{Method: "POST", Pattern: base + "/{id}/restore", Access: edit, Handle: h.restore},
	}
}

func staffURL(slug string) string { return "/admin/orgs/" + slug + "/services" }

func itemStaffURL(slug string, id int64, action string) string {
	return staffURL(slug) + "/" + strconv.FormatInt(id, 10) + "/" + action
}

// formSpecs are the text fields of a service's form; the category is a
// list of its own.
var formSpecs = []bitext.Spec{
	{Name: "title_fa", Label: "services.f.title_fa", Input: bitext.Line, Max: maxTitle},
	{Name: "title_en", Label: "services.f.title_en", Input: bitext.Latin, Max: maxTitle},
	{Name: "description_fa", Label: "services.f.description_fa", Input: bitext.Area, Max: maxText},
	{Name: "description_en", Label: "services.f.description_en", Input: bitext.LatinArea, Max: maxText},
	{Name: "eligibility_fa", Label: "services.f.eligibility_fa", Input: bitext.Area, Max: maxText},
	{Name: "eligibility_en", Label: "services.f.eligibility_en", Input: bitext.LatinArea, Max: maxText},
	{Name: "steps_fa", Label: "services.f.steps_fa", Input: bitext.Area, Hint: "services.f.steps.hint", Max: maxText},
	{Name: "steps_en", Label: "services.f.steps_en", Input: bitext.LatinArea, Max: maxText},
	{Name: "online_url", Label: "services.f.online_url", Input: bitext.Latin, Max: web.MaxURL},
	{Name: "address_fa", Label: "services.f.address_fa", Input: bitext.Line, Max: maxLine},
	{Name: "address_en", Label: "services.f.address_en", Input: bitext.Latin, Max: maxLine},
	{Name: "hours_fa", Label: "services.f.hours_fa", Input: bitext.Line, Max: maxLine},
	{Name: "hours_en", Label: "services.f.hours_en", Input: bitext.Latin, Max: maxLine},
	{Name: "phone", Label: "services.f.phone", Input: bitext.Latin, Max: web.MaxPhone},
	{Name: "fees_fa", Label: "services.f.fees_fa", Input: bitext.Area, Max: maxText},
	{Name: "fees_en", Label: "services.f.fees_en", Input: bitext.LatinArea, Max: maxText},
}

func (it Item) values() url.Values {
	v := url.Values{"category": {string(it.Category)}}
	for name, s := range it.texts() {
		v.Set(name, *s)
	}
	return v
}

func fromForm(r *http.Request) Item {
	it := Item{Category: Category(r.PostForm.Get("category"))}
	bitext.Read(r.PostForm, it.texts())
	return it
}

type staffRow struct {
	Title, Category, EditURL, ViewURL string
	ActionURL                         string // retire an offered service, restore a retired one
	Retired                           string // the date, "" while offered
}

// staffListPage lists the services offered, then those retired apart.
type staffListPage struct {
	org.Head
	Tables [2]staffTable
}

// staffTable is one list of the staff page, its texts in the page's
// language: its heading, what it says empty and its rows' button.
type staffTable struct {
	Heading, None, Action string
	Rows                  []staffRow
}

func (h *handlers) staffList(w http.ResponseWriter, r *http.Request) error {
	hd, err := org.NewHead(w, r, h.orgs, "services.staff.title", staffURL)
	if err != nil {
		return err
	}
	items, _, err := h.svc.List(r.Context(), Query{Org: hd.Org.Slug, Retired: true, Limit: 500})
	if err != nil {
		return err
	}
	p := &staffListPage{Head: hd}
	offered := staffTable{Heading: p.T("services.staff.offered"), None: p.T("services.staff.no_offered"), Action: p.T("services.retire")}
	retired := staffTable{Heading: p.T("services.staff.retired"), None: p.T("services.staff.no_retired"), Action: p.T("services.restore")}
	for _, it := range items {
		if it.OrgID != hd.Org.ID {
			continue // an organization below keeps its own
		}
		sr := staffRow{Title: bitext.Show(p.L, it.TitleFa, it.TitleEn).Text, Category: it.Category.Label(p.L),
			EditURL: itemStaffURL(hd.Org.Slug, it.ID, "edit"), ViewURL: itemURL(it.ID), ActionURL: itemStaffURL(hd.Org.Slug, it.ID, "retire")}
		if it.RetiredAt.IsZero() {
			offered.Rows = append(offered.Rows, sr)
			continue
		}
		sr.Retired, sr.ActionURL = p.L.Date(it.RetiredAt), itemStaffURL(hd.Org.Slug, it.ID, "restore")
		retired.Rows = append(retired.Rows, sr)
	}
	p.Tables = [2]staffTable{offered, retired}
	h.web.Render(w, r, http.StatusOK, "servicecatalog/staff_list", p)
	return nil
}

type formPage struct {
	org.Head
	Action     string
	Fields     bitext.Form
	Categories []option
	It         Item
}

// form shows a service's form; after err, with what was submitted and
// the problems.
func (h *handlers) form(w http.ResponseWriter, r *http.Request, titleKey string, it Item, err error) error {
	hd, herr := org.NewHead(w, r, h.orgs, titleKey, staffURL)
	if herr != nil {
		return herr
	}
	p := &formPage{Head: hd, It: it, Action: staffURL(hd.Org.Slug)}
	if it.ID != 0 {
		p.Action = itemStaffURL(hd.Org.Slug, it.ID, "edit")
	}
	p.Fields = bitext.NewForm(&p.Page, it.values(), formSpecs)
	chosen := it.Category
	if err != nil {
		chosen = Category(r.PostForm.Get("category"))
	}
	for _, c := range Categories {
		p.Categories = append(p.Categories, option{string(c), c.Label(p.L), c == chosen})
	}
	if err != nil {
		return h.web.RenderForm(w, r, err, "servicecatalog/form", p, p)
	}
	h.web.Render(w, r, http.StatusOK, "servicecatalog/form", p)
	return nil
}

func (h *handlers) newForm(w http.ResponseWriter, r *http.Request) error {
	return h.form(w, r, "services.staff.new", Item{}, nil)
}

func (h *handlers) create(w http.ResponseWriter, r *http.Request) error {
	formErr := web.ParseForm(w, r) // a field past its bound is shown on the form
	in := fromForm(r)
	ref, err := h.orgs.Locate(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	in.OrgID = ref.ID
	if err = formErr; err == nil {
		_, err = h.svc.Create(r.Context(), web.Who(r).UserID, in)
	}
	if err != nil {
		return h.form(w, r, "services.staff.new", Item{}, err)
	}
	h.web.Flash(w, r, "services.flash.saved")
	http.Redirect(w, r, staffURL(r.PathValue("slug")), http.StatusSeeOther)
	return nil
}

// stored loads the service named by {id}, which must be the {slug}
// organization's own.
func (h *handlers) stored(r *http.Request) (Item, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Item{}, err
	}
	it, err := h.svc.Item(r.Context(), id)
	if err == nil && it.OrgSlug != r.PathValue("slug") {
		return Item{}, errNoItem
	}
	return it, err
}

func (h *handlers) editForm(w http.ResponseWriter, r *http.Request) error {
	it, err := h.stored(r)
	if err != nil {
		return err
	}
	return h.form(w, r, "services.staff.edit", it, nil)
}

func (h *handlers) update(w http.ResponseWriter, r *http.Request) error {
	formErr := web.ParseForm(w, r) // a field past its bound is shown on the form
	it, err := h.stored(r)
	if err != nil {
		return err
	}
	in := fromForm(r)
	in.ID = it.ID
	if err = formErr; err == nil {
		_, err = h.svc.Update(r.Context(), web.Who(r).UserID, it.OrgID, in)
	}
	if err != nil {
		return h.form(w, r, "services.staff.edit", it, err)
	}
	h.web.Flash(w, r, "services.flash.saved")
	http.Redirect(w, r, staffURL(it.OrgSlug), http.StatusSeeOther)
	return nil
}

func (h *handlers) retire(w http.ResponseWriter, r *http.Request) error {
	return h.setRetired(w, r, h.svc.Retire, "services.flash.retired")
}

func (h *handlers) restore(w http.ResponseWriter, r *http.Request) error {
	return h.setRetired(w, r, h.svc.Restore, "services.flash.restored")
}

// setRetired retires or restores the {slug} organization's service {id}
// with change, and goes back to the staff list.
func (h *handlers) setRetired(w http.ResponseWriter, r *http.Request,
	change func(ctx context.Context, actorID, orgID, id int64) (Item, error), flash string) error {
	it, err := h.stored(r)
	if err != nil {
		return err
	}
	if _, err := change(r.Context(), web.Who(r).UserID, it.OrgID, it.ID); err != nil {
		return err
	}
	h.web.Flash(w, r, flash)
	http.Redirect(w, r, staffURL(it.OrgSlug), http.StatusSeeOther)
	return nil
}
