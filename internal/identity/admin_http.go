package identity

import (
	"context"
	"net/http"

	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/web"
)

// staffListPage lists the roles held in an organization, with the form to
// grant one.
type staffListPage struct {
	web.Page
	Org    org.Org
	Grants []GrantRecord
	Roles  []auth.Role
}

func (h *Handlers) orgFor(r *http.Request) (org.Org, error) {
	return h.orgs.BySlug(r.Context(), r.PathValue("slug"))
}

func (h *Handlers) newStaffPage(w http.ResponseWriter, r *http.Request) (*staffListPage, error) {
	o, err := h.orgFor(r)
	if err != nil {
		return nil, err
	}
	grants, err := h.svc.GrantsIn(r.Context(), o.ID)
	if err != nil {
		return nil, err
	}
	p := &staffListPage{Page: web.NewPage(w, r, "identity.staff.list"), Org: o, Grants: grants, Roles: auth.Roles}
	return p, nil
}

func (h *Handlers) staff(w http.ResponseWriter, r *http.Request) error {
	p, err := h.newStaffPage(w, r)
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "identity/staff", p)
	return nil
}

func (h *Handlers) grant(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	o, err := h.orgFor(r)
	if err != nil {
		return err
	}
	if _, err := h.svc.Grant(r.Context(), web.Who(r).UserID, o.Ref(), r.PostForm.Get("contact"), r.PostForm.Get("role")); err != nil {
		p, perr := h.newStaffPage(w, r)
		if perr != nil {
			return perr
		}
		return h.web.RenderForm(w, r, err, "identity/staff", &p.Page, p)
	}
	return h.back(w, r, "/staff")
}

func (h *Handlers) back(w http.ResponseWriter, r *http.Request, tail string) error {
	h.web.Flash(w, r, "flash.saved")
	http.Redirect(w, r, "/admin/orgs/"+r.PathValue("slug")+tail, http.StatusSeeOther)
	return nil
}

// revokeIn ends a record (a grant, a residence) named by the path's id in
// the path's organization, then returns to the list under tail.
func (h *Handlers) revokeIn(tail string, revoke func(ctx context.Context, actorID int64, o auth.OrgRef, id int64) error) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathID(r, "id")
		if err != nil {
			return err
		}
		o, err := h.orgFor(r)
		if err != nil {
			return err
		}
		if err := revoke(r.Context(), web.Who(r).UserID, o.Ref(), id); err != nil {
			return err
		}
		return h.back(w, r, tail)
	}
}

// residentsPage lists an area's verified residents, with the form to add one.
type residentsPage struct {
	web.Page
	Org       org.Org
	Residents []Residence
}

func (h *Handlers) newResidentsPage(w http.ResponseWriter, r *http.Request) (*residentsPage, error) {
	o, err := h.orgFor(r)
	if err != nil {
		return nil, err
	}
	list, err := h.svc.ResidentsIn(r.Context(), o.ID)
	if err != nil {
		return nil, err
	}
	return &residentsPage{Page: web.NewPage(w, r, "identity.residents.title"), Org: o, Residents: list}, nil
}

func (h *Handlers) residents(w http.ResponseWriter, r *http.Request) error {
	p, err := h.newResidentsPage(w, r)
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "identity/residents", p)
	return nil
}

func (h *Handlers) setResidence(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	o, err := h.orgFor(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	in := ResidenceInput{Phone: f.Get("phone"), Source: f.Get("source"), Birth: f.Get("birth_date")}
	if _, err := h.svc.SetResidence(r.Context(), web.Who(r).UserID, o, in); err != nil {
		p, perr := h.newResidentsPage(w, r)
		if perr != nil {
			return perr
		}
		return h.web.RenderForm(w, r, err, "identity/residents", &p.Page, p)
	}
	return h.back(w, r, "/residents")
}

// usersPage is the operator's list of accounts.
type usersPage struct {
	web.Page
	Query string
	Users []User
}

func (h *Handlers) users(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	list, err := h.svc.ListUsers(r.Context(), q, 200)
	if err != nil {
		return err
	}
	p := &usersPage{Page: web.NewPage(w, r, "identity.users.title"), Query: q, Users: list}
	h.web.Render(w, r, http.StatusOK, "identity/users", p)
	return nil
}

// newUserPage creates a staff account.
type newUserPage struct{ web.Page }

func (h *Handlers) newUser(w http.ResponseWriter, r *http.Request) error {
	h.web.Render(w, r, http.StatusOK, "identity/user_new", &newUserPage{web.NewPage(w, r, "identity.users.new")})
	return nil
}

func (h *Handlers) createUser(w http.ResponseWriter, r *http.Request) error {
	err := web.ParseForm(w, r) // a field past its bound is shown on the form
	if f := r.PostForm; err == nil {
		_, err = h.svc.CreateStaff(r.Context(), web.Who(r).UserID, StaffInput{Email: f.Get("email"), Name: f.Get("name"),
			Password: f.Get("password"), Superuser: f.Get("superuser") == "on"})
	}
	if err != nil {
		p := &newUserPage{web.NewPage(w, r, "identity.users.new")}
		r.PostForm.Del("password")
		return h.web.RenderForm(w, r, err, "identity/user_new", &p.Page, p)
	}
	h.web.Flash(w, r, "flash.saved")
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	return nil
}

func (h *Handlers) block(blocked bool) web.HandlerFunc {
	return h.userAction(func(r *http.Request, id int64) error {
		return h.svc.SetBlocked(r.Context(), web.Who(r).UserID, id, blocked)
	})
}

func (h *Handlers) revokeAll(w http.ResponseWriter, r *http.Request) error {
	return h.userAction(func(r *http.Request, id int64) error {
		return h.svc.RevokeAllSessions(r.Context(), web.Who(r).UserID, id)
	})(w, r)
}

// userAction runs an operator's action on the user in the path, then
// returns to the list.
func (h *Handlers) userAction(act func(r *http.Request, id int64) error) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathID(r, "id")
		if err != nil {
			return err
		}
		if _, err := h.svc.UserByID(r.Context(), id); err != nil {
			return err
		}
		if err := act(r, id); err != nil {
			return err
		}
		h.web.Flash(w, r, "flash.saved")
		http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
		return nil
	}
}
