package events

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/web"
)

// registerPage is the form on which an organization's staff register
// their people, with the people already registered for the
// organizations they act for.
type registerPage struct {
	web.Page
	Event    Event
	Row      eventRow
	Seats    string
	Orgs     []option // the organizations the person acts for, for the datalist
	Mine     []Registration
	Closed   bool
	Audience string
}

// F describes one text field of the form.
func (p *registerPage) F(name, label string) field {
	return field{Page: &p.Page, Name: name, Label: label}
}

// field is a text input with its label and error, for the "events-text"
// partial.
type field struct {
	Page  *web.Page
	Name  string
	Label string
	Hint  string
	LTR   bool
	Value string // used when the form has not been submitted
}

// Current is the field's value: what was submitted, or its initial value.
func (f field) Current() string {
	if f.Page.Form != nil {
		return f.Page.Form.Get(f.Name)
	}
	return f.Value
}

func (h *handlers) registerPageFor(w http.ResponseWriter, r *http.Request) (*registerPage, error) {
	e, err := h.eventOf(r)
	if err != nil {
		return nil, err
	}
	p := &registerPage{Page: web.NewPage(w, r, ""), Event: e, Closed: e.Status != Open}
	p.Title, p.Row, p.Audience = p.L.Tf("events.register.title", e.Title(p.L)), row(p.L, e), audience(p.L, e)
	if left, ok := e.SeatsLeft(); ok {
		p.Seats = p.L.Num(left)
	}
	regs, err := h.svc.Registrations(r.Context(), e.ID)
	if err != nil {
		return nil, err
	}
	for _, g := range regs {
		if g.Active() && p.Who.Can(auth.Apply, g.OrgPath) {
			p.Mine = append(p.Mine, g)
		}
	}
	p.Orgs, err = h.grantedOrgs(r, p.L, auth.Apply)
	return p, err
}

// grantedOrgs lists the organizations where the person holds perm, as
// suggestions for an organization field.
func (h *handlers) grantedOrgs(r *http.Request, l i18n.Lang, perm auth.Permission) ([]option, error) {
	var out []option
	for _, g := range web.Who(r).Grants {
		if !g.Role.Allows(perm) {
			continue
		}
		o, err := h.svc.orgs.ByID(r.Context(), g.OrgID)
		if err != nil {
			return nil, err
		}
		out = append(out, option{Value: o.Slug, Label: o.Name(l)})
	}
	return out, nil
}

func (h *handlers) registerForm(w http.ResponseWriter, r *http.Request) error {
	p, err := h.registerPageFor(w, r)
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "events/register", p)
	return nil
}

func (h *handlers) register(w http.ResponseWriter, r *http.Request) error {
	formErr := web.ParseForm(w, r) // a field past its bound is shown on the form
	p, err := h.registerPageFor(w, r)
	if err != nil {
		return err
	}
	g := Registration{EventID: p.Event.ID, Name: r.PostFormValue("name"), Role: r.PostFormValue("role"),
		Email: r.PostFormValue("email"), Phone: r.PostFormValue("phone")}
	if err = formErr; err == nil {
		g.OrgID, err = h.orgID(r, "org")
	}
	if err == nil {
		_, err = h.svc.Register(r.Context(), web.Who(r), g)
	}
	if err != nil {
		return h.web.RenderForm(w, r, err, "events/register", p, p)
	}
	h.web.Flash(w, r, "events.register.done")
	http.Redirect(w, r, "/events/"+strconv.FormatInt(p.Event.ID, 10)+"/register", http.StatusSeeOther)
	return nil
}

func errOrgField(field string) error {
	return invalid(field, "نشانی کوتاه سازمان را از فهرست انتخاب کنید.", "Choose the organization's short address from the list.")
}

// orgID reads an organization named by its slug in a form field.
func (h *handlers) orgID(r *http.Request, field string) (int64, error) {
	o, err := h.orgBySlug(r, r.PostFormValue(field), field)
	return o.ID, err
}

// orgBySlug finds an organization typed in a form; an unknown one is
// the field's error.
func (h *handlers) orgBySlug(r *http.Request, slug, field string) (org.Org, error) {
	o, err := h.svc.orgs.BySlug(r.Context(), strings.TrimSpace(slug))
	if apperr.Is(err, apperr.NotFound) {
		return o, errOrgField(field)
	}
	return o, err
}

func (h *handlers) cancel(w http.ResponseWriter, r *http.Request) error {
	e, g, err := h.registrationOf(r)
	if err != nil {
		return err
	}
	if err := h.svc.Cancel(r.Context(), web.Who(r), e.ID, g.ID); err != nil {
		return err
	}
	h.web.Flash(w, r, "events.register.cancelled")
	next := "/events/" + strconv.FormatInt(e.ID, 10) + "/register"
	if r.PostFormValue("next") != "" {
		next = web.SafeNext(r)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}
