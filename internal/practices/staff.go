package practices

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/web"
	"github.com/shahr-city/shahr/internal/web/bitext"
)

// staffRoutes: an organization's staff who act for it in networks write
// and publish its practices; the operator takes them down.
func (h *handlers) staffRoutes() []web.Route {
	apply := web.InOrg(auth.Apply, h.orgs.Locate)
	const base = "/admin/orgs/{slug}/practices"
	return []web.Route{
		{Method: "GET", Pattern: base, Access: apply, Handle: h.staffList},
		{Method: "GET", Pattern: base + "/new", Access: apply, Handle: h.newForm},
		{Method: "POST", Pattern: base, Access: apply, Form: bitext.Bounds(formSpecs), Handle: h.create},
		{Method: "GET", Pattern: base + "/{id}/edit", Access: apply, Handle: h.editForm},
		{Method: "POST", Pattern: base + "/{id}/edit", Access: apply, Form: bitext.Bounds(formSpecs), Handle: h.update},
		{Method: "POST", Pattern: base + "/{id}/publish", Access: apply, Handle: h.publish},
		{Method: "POST", Pattern: "/admin/practices/{id}/unpublish", Access: web.Superuser, Form: unpublishForm, Handle: h.unpublish},
	}
}

func staffURL(slug string) string { return "/admin/orgs/" + slug + "/practices" }

func editURL(slug string, id int64) string {
	return staffURL(slug) + "/" + strconv.FormatInt(id, 10) + "/edit"
}

func actorOf(r *http.Request) Actor {
	who := web.Who(r)
	return Actor{ID: who.UserID, Operator: who.Superuser}
}

// formSpecs are the fields of a practice's form.
var formSpecs = []bitext.Spec{
	{Name: "title_fa", Label: "practices.f.title_fa", Input: bitext.Line, Max: maxTitle},
	{Name: "title_en", Label: "practices.f.title_en", Input: bitext.Latin, Max: maxTitle},
	{Name: "problem_fa", Label: "practices.f.problem_fa", Input: bitext.Area, Max: maxText},
	{Name: "problem_en", Label: "practices.f.problem_en", Input: bitext.LatinArea, Max: maxText},
	{Name: "action_fa", Label: "practices.f.action_fa", Input: bitext.Area, Max: maxText},
	{Name: "action_en", Label: "practices.f.action_en", Input: bitext.LatinArea, Max: maxText},
	{Name: "results_fa", Label: "practices.f.results_fa", Input: bitext.Area, Max: maxText},
	{Name: "results_en", Label: "practices.f.results_en", Input: bitext.LatinArea, Max: maxText},
	{Name: "tags", Label: "practices.f.tags", Input: bitext.Line, Hint: "practices.f.tags.hint", Max: maxTagsLine},
	{Name: "contact_name", Label: "practices.f.contact_name", Input: bitext.Line, Max: maxTitle},
	{Name: "contact_email", Label: "practices.f.contact_email", Input: bitext.Latin, Max: web.MaxEmail},
	{Name: "contact_phone", Label: "practices.f.contact_phone", Input: bitext.Latin, Max: web.MaxPhone},
}

// unpublishForm is the operator's reason for taking a practice down.
var unpublishForm = web.Fields{web.Text("reason", "practices.unpublish.reason", web.MaxReason)}

// texts maps the form's text fields to a practice's.
func (p *Practice) texts() map[string]*string {
	return map[string]*string{"title_fa": &p.TitleFa, "title_en": &p.TitleEn, "problem_fa": &p.ProblemFa,
		"problem_en": &p.ProblemEn, "action_fa": &p.ActionFa, "action_en": &p.ActionEn, "results_fa": &p.ResultsFa,
		"results_en": &p.ResultsEn, "contact_name": &p.ContactName,
		"contact_email": &p.ContactEmail, "contact_phone": &p.ContactPhone}
}

// values are a stored practice as its form shows it.
func (p Practice) values() url.Values {
	v := url.Values{"tags": {strings.Join(p.Tags, "، ")}}
	for name, s := range p.texts() {
		v.Set(name, *s)
	}
	return v
}

// fromForm reads a submitted practice. A group that is not a number reads
// as 0, which names no group: the store refuses it as it refuses any
// unknown group.
func fromForm(r *http.Request) Practice {
	var p Practice
	bitext.Read(r.PostForm, p.texts())
	p.Tags = SplitTags(r.PostForm.Get("tags"))
	for _, g := range r.PostForm["groups"] {
		id, _ := strconv.ParseInt(g, 10, 64)
		p.Groups = append(p.Groups, id)
	}
	return p
}

type staffRow struct {
	Title, Status, Reason, EditURL, ViewURL string
	Draft                                   bool
	PublishURL                              string
}

type staffListPage struct {
	org.Head
	Rows []staffRow
}

func (h *handlers) staffList(w http.ResponseWriter, r *http.Request) error {
	hd, err := org.NewHead(w, r, h.orgs, "practices.staff.title", staffURL)
	if err != nil {
		return err
	}
	ps, _, err := h.svc.List(r.Context(), Query{OrgID: hd.Org.ID, Limit: 100})
	if err != nil {
		return err
	}
	p := &staffListPage{Head: hd}
	for _, pr := range ps {
		p.Rows = append(p.Rows, staffRow{Title: bitext.Show(p.L, pr.TitleFa, pr.TitleEn).Text, Status: pr.Status.Label(p.L),
			Reason: pr.UnpublishReason, EditURL: editURL(hd.Org.Slug, pr.ID), ViewURL: practiceURL(pr.ID),
			Draft: pr.Status == Draft, PublishURL: staffURL(hd.Org.Slug) + "/" + strconv.FormatInt(pr.ID, 10) + "/publish"})
	}
	h.web.Render(w, r, http.StatusOK, "practices/staff_list", p)
	return nil
}

type formPage struct {
	org.Head
	Action       string
	Fields       bitext.Form
	Associations []assocChoice // every association's groups, to check those the practice belongs to
	P            Practice      // the stored practice; zero on a new one
	Publish      string        // the publish action, for a draft
}

// assocChoice is one association's groups in the form, each a checkbox.
type assocChoice struct {
	Name   string
	Groups []groupChoice
}

type groupChoice struct {
	ID      int64
	Name    string
	Checked bool
}

func (h *handlers) formPage(w http.ResponseWriter, r *http.Request, titleKey string, pr Practice) (*formPage, error) {
	hd, err := org.NewHead(w, r, h.orgs, titleKey, staffURL)
	if err != nil {
		return nil, err
	}
	p := &formPage{Head: hd, P: pr, Action: staffURL(hd.Org.Slug)}
	if pr.ID != 0 {
		p.Action = editURL(hd.Org.Slug, pr.ID)
	}
	if pr.ID != 0 && pr.Status == Draft {
		p.Publish = staffURL(hd.Org.Slug) + "/" + strconv.FormatInt(pr.ID, 10) + "/publish"
	}
	return p, nil
}

// render shows the form, with the submitted values and problems after err.
func (h *handlers) render(w http.ResponseWriter, r *http.Request, p *formPage, err error) error {
	p.Fields = bitext.NewForm(&p.Page, p.P.values(), formSpecs)
	checked := p.P.Groups
	if err != nil {
		checked = fromForm(r).Groups
	}
	assocs, aerr := h.svc.Associations(r.Context())
	if aerr != nil {
		return aerr
	}
	for _, a := range assocs {
		c := assocChoice{Name: a.Name.In(p.L)}
		for _, g := range a.Groups {
			c.Groups = append(c.Groups, groupChoice{ID: g.ID, Name: g.Name.In(p.L), Checked: slices.Contains(checked, g.ID)})
		}
		p.Associations = append(p.Associations, c)
	}
	if err != nil {
		return h.web.RenderForm(w, r, err, "practices/form", p, p)
	}
	h.web.Render(w, r, http.StatusOK, "practices/form", p)
	return nil
}

func (h *handlers) newForm(w http.ResponseWriter, r *http.Request) error {
	p, err := h.formPage(w, r, "practices.staff.new", Practice{})
	if err != nil {
		return err
	}
	return h.render(w, r, p, nil)
}

func (h *handlers) create(w http.ResponseWriter, r *http.Request) error {
	formErr := web.ParseForm(w, r) // a field past its bound is shown on the form
	in := fromForm(r)
	ref, err := h.orgs.Locate(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	in.OrgID = ref.ID
	pr, err := in, formErr
	if err == nil {
		pr, err = h.svc.Create(r.Context(), actorOf(r), in)
	}
	if err != nil {
		p, perr := h.formPage(w, r, "practices.staff.new", Practice{})
		if perr != nil {
			return perr
		}
		return h.render(w, r, p, err)
	}
	h.web.Flash(w, r, "practices.flash.saved")
	http.Redirect(w, r, editURL(r.PathValue("slug"), pr.ID), http.StatusSeeOther)
	return nil
}

// stored loads the practice named by {id}, which must be the {slug}
// organization's: staff never reach another organization's practice
// through their own.
func (h *handlers) stored(r *http.Request) (Practice, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Practice{}, err
	}
	pr, err := h.svc.Practice(r.Context(), id)
	if err == nil && pr.OrgSlug != r.PathValue("slug") {
		return Practice{}, errNoPractice
	}
	return pr, err
}

func (h *handlers) editForm(w http.ResponseWriter, r *http.Request) error {
	pr, err := h.stored(r)
	if err != nil {
		return err
	}
	p, err := h.formPage(w, r, "practices.staff.edit", pr)
	if err != nil {
		return err
	}
	return h.render(w, r, p, nil)
}

func (h *handlers) update(w http.ResponseWriter, r *http.Request) error {
	formErr := web.ParseForm(w, r) // a field past its bound is shown on the form
	pr, err := h.stored(r)
	if err != nil {
		return err
	}
	in := fromForm(r)
	in.ID = pr.ID
	if err = formErr; err == nil {
		_, err = h.svc.Update(r.Context(), actorOf(r), pr.OrgID, in)
	}
	if err != nil {
		p, perr := h.formPage(w, r, "practices.staff.edit", pr)
		if perr != nil {
			return perr
		}
		return h.render(w, r, p, err)
	}
	h.web.Flash(w, r, "practices.flash.saved")
	http.Redirect(w, r, editURL(pr.OrgSlug, pr.ID), http.StatusSeeOther)
	return nil
}

func (h *handlers) publish(w http.ResponseWriter, r *http.Request) error {
	pr, err := h.stored(r)
	if err != nil {
		return err
	}
	if _, err := h.svc.Publish(r.Context(), actorOf(r), pr.OrgID, pr.ID); err != nil {
		return err
	}
	h.web.Flash(w, r, "practices.flash.published")
	http.Redirect(w, r, practiceURL(pr.ID), http.StatusSeeOther)
	return nil
}

func (h *handlers) unpublish(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := h.svc.Unpublish(r.Context(), actorOf(r), id, strings.TrimSpace(r.PostForm.Get("reason"))); err != nil {
		return err
	}
	h.web.Flash(w, r, "practices.flash.unpublished")
	http.Redirect(w, r, practiceURL(id), http.StatusSeeOther)
	return nil
}
