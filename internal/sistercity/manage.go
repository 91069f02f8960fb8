package sistercity

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/upload"
	"github.com/shahr-city/shahr/internal/web"
)

// managePage is an agreement's staff page: its record and the forms to
// change its status, upload documents, add contacts and record activity.
// Each form's fields are named with a prefix in errors (st-, doc-, ct-,
// act-) so that each problem shows beside its own form.
type managePage struct {
	showPage
	Next      []option
	DocKinds  []option
	ActKinds  []option
	Contacts  []contactRow
	Positions []option
}

type contactRow struct{ Side, Name, Role, Email, Phone, DeleteURL string }

func (h *handlers) manageView(w http.ResponseWriter, r *http.Request) (*managePage, error) {
	a, err := h.agreementOf(r)
	if err != nil {
		return nil, err
	}
	p := &managePage{showPage: showPage{Page: web.NewPage(w, r, ""), Staff: true}}
	p.row, p.Title = rowOf(p.L, a), a.Title(p.L)
	if err := h.fillShow(r, &p.showPage, a); err != nil {
		return nil, err
	}
	for _, s := range a.Status.Next() {
		p.Next = append(p.Next, option{Value: string(s), Label: s.Label().In(p.L)})
	}
	for _, k := range DocKinds {
		p.DocKinds = append(p.DocKinds, option{Value: string(k), Label: k.Label().In(p.L)})
	}
	for _, k := range ActivityKinds {
		p.ActKinds = append(p.ActKinds, option{Value: string(k), Label: k.Label().In(p.L)})
	}
	for i, pt := range a.Parties {
		p.Positions = append(p.Positions, option{Value: strconv.Itoa(i + 1), Label: pt.Name(p.L)})
	}
	cs, err := h.svc.Contacts(r.Context(), a.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		p.Contacts = append(p.Contacts, contactRow{Side: a.Parties[c.Position-1].Name(p.L), Name: c.Name, Role: c.Role, Email: c.Email,
			Phone: c.Phone, DeleteURL: partURL(a.ID, "contacts", c.ID)})
	}
	return p, nil
}

func (h *handlers) manage(w http.ResponseWriter, r *http.Request) error {
	p, err := h.manageView(w, r)
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "sistercity/manage", p)
	return nil
}

// done ends a successful post on the agreement's staff page, or shows the
// page again with the form's problems under prefix.
func (h *handlers) done(w http.ResponseWriter, r *http.Request, err error, prefix, flash string) error {
	if err != nil {
		p, err2 := h.manageView(w, r)
		if err2 != nil {
			return err2
		}
		return h.web.RenderForm(w, r, prefixed(err, prefix), "sistercity/manage", &p.Page, p)
	}
	h.web.Flash(w, r, flash)
	http.Redirect(w, r, "/admin/sister-cities/"+r.PathValue("id"), http.StatusSeeOther)
	return nil
}

// posted reads a form posted to the agreement named by {id}; access to
// it was checked, so the id parses.
func posted(w http.ResponseWriter, r *http.Request) (int64, url.Values, error) {
	if err := web.ParseForm(w, r); err != nil {
		return 0, nil, err
	}
	id, err := web.PathID(r, "id")
	return id, r.PostForm, err
}

func (h *handlers) changeStatus(w http.ResponseWriter, r *http.Request) error {
	id, f, err := posted(w, r)
	if err != nil {
		return err
	}
	d, err := dayInput(f.Get("day"), "day")
	if err == nil {
		_, err = h.svc.ChangeStatus(r.Context(), web.Who(r), id, Status(f.Get("status")), d, f.Get("note"))
	}
	return h.done(w, r, err, "st-", "sister.flash.status")
}

func (h *handlers) addDocuments(w http.ResponseWriter, r *http.Request) error {
	files, err := upload.ReadMultipart(r, "files")
	if err == nil {
		id, _ := web.PathID(r, "id")
		err = h.svc.AddDocuments(r.Context(), web.Who(r), id, DocKind(r.PostForm.Get("kind")), r.PostForm.Get("title"), files)
	}
	return h.done(w, r, err, "doc-", "sister.flash.documents")
}

func (h *handlers) addContact(w http.ResponseWriter, r *http.Request) error {
	id, f, err := posted(w, r)
	if err != nil {
		return err
	}
	pos, _ := strconv.Atoi(f.Get("position"))
	_, err = h.svc.AddContact(r.Context(), web.Who(r), id, Contact{Position: pos, Name: f.Get("name"), Role: f.Get("role"),
		Email: strings.ToLower(f.Get("email")), Phone: f.Get("phone")})
	return h.done(w, r, err, "ct-", "sister.flash.contact")
}

func (h *handlers) addActivity(w http.ResponseWriter, r *http.Request) error {
	id, f, err := posted(w, r)
	if err != nil {
		return err
	}
	d, err := dayInput(f.Get("day"), "day")
	if err == nil {
		_, err = h.svc.AddActivity(r.Context(), web.Who(r), id, Activity{Kind: ActivityKind(f.Get("kind")), On: d,
			DescriptionFa: f.Get("description_fa"), DescriptionEn: f.Get("description_en")})
	}
	return h.done(w, r, err, "act-", "sister.flash.activity")
}

// partURL is the removal address of one of agreement id's contacts,
// documents or activities (kind).
func partURL(id int64, kind string, partID int64) string {
	return "/admin/sister-cities/" + itoa(id) + "/" + kind + "/" + itoa(partID) + "/delete"
}

func (h *handlers) removeContact(w http.ResponseWriter, r *http.Request) error {
	return h.removePart(w, r, h.svc.RemoveContact, "sister.flash.contact_removed")
}

func (h *handlers) removeDocument(w http.ResponseWriter, r *http.Request) error {
	return h.removePart(w, r, h.svc.RemoveDocument, "sister.flash.document_removed")
}

func (h *handlers) removeActivity(w http.ResponseWriter, r *http.Request) error {
	return h.removePart(w, r, h.svc.RemoveActivity, "sister.flash.activity_removed")
}

// removePart removes the part {pid} of the agreement {id} with remove,
// and goes back to the agreement's staff page.
func (h *handlers) removePart(w http.ResponseWriter, r *http.Request,
	remove func(ctx context.Context, who *auth.Principal, id, partID int64) error, flash string) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	partID, err := web.PathID(r, "pid")
	if err != nil {
		return err
	}
	if err := remove(r.Context(), web.Who(r), id, partID); err != nil {
		return err
	}
	h.web.Flash(w, r, flash)
	http.Redirect(w, r, "/admin/sister-cities/"+itoa(id), http.StatusSeeOther)
	return nil
}
