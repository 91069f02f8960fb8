package sistercity

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/upload"
	"github.com/shahr-city/shahr/internal/web"
)

// relationsSomewhere admits those who manage relations in some
// organization (and the operator): the gazetteer is shared, and which
// party a new agreement names is checked when it is stored.
var relationsSomewhere = web.AccessFunc("relations-somewhere", func(_ *http.Request, who *auth.Principal) error {
	switch {
	case who == nil:
		return apperr.ErrUnauthorized
	case !who.CanSomewhere(auth.ManageRelations):
		return apperr.ErrForbidden
	}
	return nil
})

// inAgreement admits the relations staff of either installation party of
// the agreement named by the route's {id}.
func (h *handlers) inAgreement() web.Access {
	return web.AccessFunc("sister-agreement:relations", func(r *http.Request, who *auth.Principal) error {
		if who == nil {
			return apperr.ErrUnauthorized
		}
		a, err := h.agreementOf(r)
		if err != nil {
			return err
		}
		if !Manages(who, a) {
			return apperr.ErrForbidden
		}
		return nil
	})
}

// cityAccess admits those who may change the gazetteer city named by the
// route's {cid} (Service.MayChangeCity).
func (h *handlers) cityAccess() web.Access {
	return web.AccessFunc("sister-city:relations", func(r *http.Request, who *auth.Principal) error {
		if who == nil {
			return apperr.ErrUnauthorized
		}
		id, err := web.PathID(r, "cid")
		if err == nil {
			_, err = h.svc.MayChangeCity(r.Context(), who, id)
		}
		return err
	})
}

func (h *handlers) staffRoutes() []web.Route {
	manage, changeCity := h.inAgreement(), h.cityAccess()
	const one, city = "/admin/sister-cities/{id}", "/admin/sister-cities/gazetteer/{cid}"
	return []web.Route{
		{Method: "GET", Pattern: "/admin/sister-cities", Access: web.Staff, Handle: h.staffIndex},
		{Method: "GET", Pattern: "/admin/sister-cities/new", Access: relationsSomewhere, Handle: h.newAgreement},
		{Method: "POST", Pattern: "/admin/sister-cities", Access: relationsSomewhere, Form: agreementFields, Handle: h.createAgreement},
		{Method: "GET", Pattern: "/admin/sister-cities/gazetteer", Access: relationsSomewhere, Handle: h.gazetteer},
		{Method: "POST", Pattern: "/admin/sister-cities/gazetteer", Access: relationsSomewhere, Form: cityFormFields, Handle: h.saveCity},
		{Method: "GET", Pattern: city + "/edit", Access: changeCity, Handle: h.showCity},
		{Method: "POST", Pattern: city + "/edit", Access: changeCity, Form: cityFormFields, Handle: h.editCity},
		{Method: "POST", Pattern: city + "/delete", Access: changeCity, Handle: h.deleteCity},
		{Method: "GET", Pattern: one, Access: manage, Handle: h.manage},
		{Method: "POST", Pattern: one + "/status", Access: manage, Form: statusFields, Handle: h.changeStatus},
		{Method: "POST", Pattern: one + "/documents", Access: manage, Form: documentFields, Uploads: upload.FormFiles, Handle: h.addDocuments},
		{Method: "POST", Pattern: one + "/contacts", Access: manage, Form: contactFields, Handle: h.addContact},
		{Method: "POST", Pattern: one + "/activities", Access: manage, Form: activityFields, Handle: h.addActivity},
		{Method: "POST", Pattern: one + "/contacts/{pid}/delete", Access: manage, Handle: h.removeContact},
		{Method: "POST", Pattern: one + "/documents/{pid}/delete", Access: manage, Handle: h.removeDocument},
		{Method: "POST", Pattern: one + "/activities/{pid}/delete", Access: manage, Handle: h.removeActivity},
	}
}

type staffIndexPage struct {
	web.Page
	Table     table
	CanManage bool // may record agreements and edit the gazetteer
}

// staffIndex lists the agreements the person manages.
func (h *handlers) staffIndex(w http.ResponseWriter, r *http.Request) error {
	as, err := h.svc.Agreements(r.Context(), Filter{})
	if err != nil {
		return err
	}
	p := &staffIndexPage{Page: web.NewPage(w, r, "sister.staff.title")}
	p.CanManage = p.Who.CanSomewhere(auth.ManageRelations)
	p.Table = tableOf(p.L, slices.DeleteFunc(as, func(a Agreement) bool { return !Manages(p.Who, a) }), "/admin/sister-cities/")
	h.web.Render(w, r, http.StatusOK, "sistercity/staff_index", p)
	return nil
}

type newPage struct {
	web.Page
	Ours, Cities []option // the municipalities, the gazetteer
	Statuses     []option
	Areas        []option
	DayFields    []option // Value: the field's name
}

// newView builds the new-agreement form, refilled from a failed post.
func (h *handlers) newView(w http.ResponseWriter, r *http.Request) (*newPage, error) {
	p := &newPage{Page: web.NewPage(w, r, "sister.new.title")}
	ms, err := h.svc.Municipalities(r.Context())
	if err != nil {
		return nil, err
	}
	cs, err := h.svc.Cities(r.Context(), "")
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		p.Ours = append(p.Ours, option{Value: "o:" + itoa(m.OrgID), Label: m.Name(p.L)})
	}
	for _, c := range cs {
		p.Cities = append(p.Cities, option{Value: "c:" + itoa(c.ID), Label: c.Name(p.L) + " (" + CountryName(p.L, c.Country) + ")"})
	}
	p.Statuses = statusOptions(p.L, Status(r.PostForm.Get("status")))
	var areas []Area
	for _, a := range r.PostForm["areas"] {
		areas = append(areas, Area(a))
	}
	p.Areas = areaOptions(p.L, areas)
	for _, f := range []string{"proposed_on", "signed_on", "ended_on"} {
		p.DayFields = append(p.DayFields, option{Value: f, Label: p.T("sister.col." + strings.TrimSuffix(f, "_on"))})
	}
	return p, nil
}

func (h *handlers) newAgreement(w http.ResponseWriter, r *http.Request) error {
	p, err := h.newView(w, r)
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "sistercity/new", p)
	return nil
}

func (h *handlers) createAgreement(w http.ResponseWriter, r *http.Request) error {
	a, err := agreementFrom(w, r)
	if err == nil {
		a, err = h.svc.Create(r.Context(), web.Who(r), a)
	}
	if err != nil {
		p, err2 := h.newView(w, r)
		if err2 != nil {
			return err2
		}
		return h.web.RenderForm(w, r, err, "sistercity/new", &p.Page, p)
	}
	h.web.Flash(w, r, "sister.flash.created")
	http.Redirect(w, r, "/admin/sister-cities/"+itoa(a.ID), http.StatusSeeOther)
	return nil
}

// agreementFrom reads the new-agreement form; a field past its bound is
// the form's problem, shown on it.
func agreementFrom(w http.ResponseWriter, r *http.Request) (Agreement, error) {
	if err := web.ParseForm(w, r); err != nil {
		return Agreement{}, err
	}
	f := r.PostForm
	a := Agreement{Status: Status(f.Get("status")), DescriptionFa: strings.TrimSpace(f.Get("description_fa")),
		DescriptionEn: strings.TrimSpace(f.Get("description_en"))}
	a.Parties[0], a.Parties[1] = partyOf(f.Get("party_a")), partyOf(f.Get("party_b"))
	for _, s := range f["areas"] {
		a.Areas = append(a.Areas, Area(s))
	}
	var v apperr.Validation
	a.ProposedOn = dayField(&v, f.Get("proposed_on"), "proposed_on")
	a.SignedOn = dayField(&v, f.Get("signed_on"), "signed_on")
	a.EndedOn = dayField(&v, f.Get("ended_on"), "ended_on")
	return a, v.Err()
}

// partyOf reads a party choice: "o:12" an organization, "c:5" a city.
func partyOf(s string) Party {
	kind, id, _ := strings.Cut(s, ":")
	n, _ := strconv.ParseInt(id, 10, 64)
	switch kind {
	case "o":
		return Party{OrgID: n}
	case "c":
		return Party{CityID: n}
	}
	return Party{}
}

// The problem with a day that does not parse.
const (
	badDayFa = "تاریخ را به شکل ۱۴۰۵/۰۹/۰۱ (یا ۲۰۲۶-۱۱-۲۲) بنویسید."
	badDayEn = "Write the date as 1405/09/01 (or 2026-11-22)."
)

// dayInput parses a typed day; a day that does not parse is a problem
// with field.
func dayInput(s, field string) (time.Time, error) {
	d, err := ParseDay(s)
	if err != nil {
		return d, invalid(field, badDayFa, badDayEn)
	}
	return d, nil
}

// dayField parses a typed day, recording a problem with field in v.
func dayField(v *apperr.Validation, s, field string) time.Time {
	d, err := dayInput(s, field)
	if err != nil {
		v.Add(field, badDayFa, badDayEn)
	}
	return d
}

// prefixed returns err with its fields renamed prefix+name, for a page
// with several forms whose fields share names.
func prefixed(err error, prefix string) error {
	ae, ok := apperr.As(err)
	if !ok || len(ae.Fields) == 0 {
		return err
	}
	c := *ae
	c.Fields = make([]apperr.Field, len(ae.Fields))
	for i, f := range ae.Fields {
		c.Fields[i] = apperr.Field{Name: prefix + f.Name, Msg: f.Msg}
	}
	return &c
}
