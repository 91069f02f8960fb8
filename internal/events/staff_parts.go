package events

import (
	"context"
	"net/http"
	"strconv"

	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/web"
)

// The organizers' pages of one exhibitor or one material: a form to edit
// it and a button to remove it.

// partPage edits one part of an event.
type partPage struct {
	web.Page
	Event  Event
	Row    eventRow
	Action string  // where the form posts, and the part's own address
	Fields []field // its text fields
	Note   string  // what stays as it is
	Delete string  // the remove button's label
}

// partForm describes a part's edit page.
type partForm struct {
	kind   string // "exhibitor" or "material", as in the address
	id     int64
	title  i18n.Text // the page's title
	note   string
	fields []field // names, labels and the stored values
}

func (h *handlers) renderPart(w http.ResponseWriter, r *http.Request, e Event, f partForm, err error) error {
	p := &partPage{Page: web.NewPage(w, r, ""), Event: e, Row: row(web.L(r), e), Note: f.note}
	p.Title = f.title.In(p.L)
	p.Action = "/admin/events/" + strconv.FormatInt(e.ID, 10) + "/" + f.kind + "s/" + strconv.FormatInt(f.id, 10)
	p.Delete = p.L.T("events.staff." + f.kind + ".delete")
	for _, fl := range f.fields {
		fl.Page = &p.Page
		p.Fields = append(p.Fields, fl)
	}
	if err != nil {
		return h.web.RenderForm(w, r, err, "events/staff_part", p, p)
	}
	h.web.Render(w, r, http.StatusOK, "events/staff_part", p)
	return nil
}

// backToEvent flashes a message and returns to the event's staff page.
func (h *handlers) backToEvent(w http.ResponseWriter, r *http.Request, e Event, flash string) error {
	h.web.Flash(w, r, flash)
	http.Redirect(w, r, "/admin/events/"+strconv.FormatInt(e.ID, 10), http.StatusSeeOther)
	return nil
}

// partKind is what the pages of one kind of part need.
type partKind struct {
	name   string // "exhibitor" or "material", as in the address
	param  string // the route's wildcard for its id
	form   func(ctx context.Context, eventID, id int64) (partForm, error)
	save   func(r *http.Request, eventID, id int64) error // the posted form
	remove func(ctx context.Context, who *auth.Principal, eventID, id int64) error
}

func (h *handlers) exhibitorKind() partKind {
	return partKind{name: "exhibitor", param: "xid", remove: h.svc.DeleteExhibitor,
		form: func(ctx context.Context, eventID, id int64) (partForm, error) {
			x, err := h.svc.Exhibitor(ctx, eventID, id)
			return partForm{kind: "exhibitor", id: x.ID, title: i18n.Text{Fa: x.OrgNameFa, En: x.OrgNameEn}, note: "events.staff.exhibitor.note",
				fields: []field{{Name: "showcase_fa", Label: "events.f.showcase_fa", Value: x.ShowcaseFa},
					{Name: "showcase_en", Label: "events.f.showcase_en", Value: x.ShowcaseEn, LTR: true}}}, err
		},
		save: func(r *http.Request, eventID, id int64) error {
			_, err := h.svc.UpdateExhibitor(r.Context(), web.Who(r), Exhibitor{ID: id, EventID: eventID,
				ShowcaseFa: r.PostFormValue("showcase_fa"), ShowcaseEn: r.PostFormValue("showcase_en")})
			return err
		}}
}

// materialKind edits a material's titles, and a link's address; a file
// is replaced by removing it and adding another.
func (h *handlers) materialKind() partKind {
	return partKind{name: "material", param: "mid", remove: h.svc.DeleteMaterial,
		form: func(ctx context.Context, eventID, id int64) (partForm, error) {
			m, err := h.svc.Material(ctx, eventID, id)
			f := partForm{kind: "material", id: m.ID, title: i18n.Text{Fa: m.TitleFa, En: m.TitleEn}, note: "events.staff.material.note",
				fields: []field{{Name: "material_title_fa", Label: "events.f.material_title_fa", Value: m.TitleFa},
					{Name: "material_title_en", Label: "events.f.material_title_en", Value: m.TitleEn, LTR: true}}}
			if m.URL != "" {
				f.note = ""
				f.fields = append(f.fields, field{Name: "url", Label: "events.f.link", Value: m.URL, LTR: true})
			}
			return f, err
		},
		save: func(r *http.Request, eventID, id int64) error {
			_, err := h.svc.UpdateMaterial(r.Context(), web.Who(r), Material{ID: id, EventID: eventID,
				TitleFa: r.PostFormValue("material_title_fa"), TitleEn: r.PostFormValue("material_title_en"), URL: r.PostFormValue("url")})
			return err
		}}
}

// partOf reads the route's event and its part of kind k.
func (h *handlers) partOf(r *http.Request, k partKind) (Event, partForm, error) {
	e, err := h.eventOf(r)
	if err != nil {
		return e, partForm{}, err
	}
	id, err := web.PathID(r, k.param)
	if err != nil {
		return e, partForm{}, err
	}
	f, err := k.form(r.Context(), e.ID, id)
	return e, f, err
}

// editPart shows a part's form.
func (h *handlers) editPart(k partKind) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		e, f, err := h.partOf(r, k)
		if err != nil {
			return err
		}
		return h.renderPart(w, r, e, f, nil)
	}
}

// updatePart saves a part's posted form, or shows it again with its
// problems.
func (h *handlers) updatePart(k partKind) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		formErr := web.ParseForm(w, r) // a field past its bound is shown on the form
		e, f, err := h.partOf(r, k)
		if err != nil {
			return err
		}
		if err = formErr; err == nil {
			err = k.save(r, e.ID, f.id)
		}
		if err != nil {
			return h.renderPart(w, r, e, f, err)
		}
		return h.backToEvent(w, r, e, "events.staff."+k.name+".saved")
	}
}

// deletePart removes a part.
func (h *handlers) deletePart(k partKind) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		e, f, err := h.partOf(r, k)
		if err != nil {
			return err
		}
		if err := k.remove(r.Context(), web.Who(r), e.ID, f.id); err != nil {
			return err
		}
		return h.backToEvent(w, r, e, "events.staff."+k.name+".deleted")
	}
}
