package identity

import (
	"errors"
	"net/http"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/web"
)

// accountPage is a person's own account: name, national ID, residence.
type accountPage struct {
	web.Page
	User      User
	Welcome   bool
	Next      string // where a new citizen was going; "" when nowhere
	Residence *Residence
	Area      *org.Org      // where the residence is
	Sections  []web.Section // what the person did in the other modules
}

func (h *Handlers) newAccountPage(w http.ResponseWriter, r *http.Request) (*accountPage, error) {
	u, err := h.svc.UserByID(r.Context(), web.Who(r).UserID)
	if err != nil {
		return nil, err
	}
	p := &accountPage{Page: web.NewPage(w, r, "identity.account.title"), User: u, Welcome: r.URL.Query().Get("welcome") == "1"}
	if next := web.SafeNext(r); next != "/" {
		p.Next = next
	}
	res, err := h.svc.ResidenceOf(r.Context(), u.ID)
	switch {
	case err == nil:
		area, err := h.orgs.ByID(r.Context(), res.OrgID)
		if err != nil {
			return nil, err
		}
		p.Residence, p.Area = &res, &area
	case !errors.Is(err, apperr.ErrNotFound):
		return nil, err
	}
	p.Sections, err = h.activity.AccountSections(r.Context(), u.ID, p.L)
	return p, err
}

func (h *Handlers) account(w http.ResponseWriter, r *http.Request) error {
	p, err := h.newAccountPage(w, r)
	if err != nil {
		return err
	}
	p.Form = map[string][]string{"name": {p.User.Name}}
	h.web.Render(w, r, http.StatusOK, "identity/account", p)
	return nil
}

// accountUpdate runs one change of the account form and shows the page
// again on failure, or the saved notice on success.
func (h *Handlers) accountUpdate(w http.ResponseWriter, r *http.Request, change func() error) error {
	err := web.ParseForm(w, r) // a field past its bound is shown on the form
	if err == nil {
		err = change()
	}
	if err != nil {
		p, perr := h.newAccountPage(w, r)
		if perr != nil {
			return perr
		}
		return h.web.RenderForm(w, r, err, "identity/account", &p.Page, p)
	}
	h.web.Flash(w, r, "flash.saved")
	next := web.SafeNext(r)
	if next == "/" {
		next = "/account"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (h *Handlers) setName(w http.ResponseWriter, r *http.Request) error {
	return h.accountUpdate(w, r, func() error {
		return h.svc.SetName(r.Context(), web.Who(r).UserID, r.PostForm.Get("name"))
	})
}

func (h *Handlers) setNationalID(w http.ResponseWriter, r *http.Request) error {
	return h.accountUpdate(w, r, func() error {
		return h.svc.SetNationalID(r.Context(), web.Who(r).UserID, r.PostForm.Get("national_id"))
	})
}

// sessionsPage lists the person's signed-in browsers.
type sessionsPage struct {
	web.Page
	Sessions []Session
	Current  int64
}

func (h *Handlers) sessions(w http.ResponseWriter, r *http.Request) error {
	who := web.Who(r)
	list, err := h.svc.Sessions(r.Context(), who.UserID)
	if err != nil {
		return err
	}
	p := &sessionsPage{Page: web.NewPage(w, r, "identity.sessions.title"), Sessions: list, Current: who.SessionID}
	h.web.Render(w, r, http.StatusOK, "identity/sessions", p)
	return nil
}

func (h *Handlers) revokeSession(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	who := web.Who(r)
	if err := h.svc.RevokeSession(r.Context(), who.UserID, id); err != nil {
		return err
	}
	if id == who.SessionID {
		h.web.ClearSession(w, r)
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	h.web.Flash(w, r, "identity.sessions.revoked")
	http.Redirect(w, r, "/account/sessions", http.StatusSeeOther)
	return nil
}

type meJSON struct {
	ID            int64         `json:"id"`
	Name          string        `json:"name"`
	Phone         string        `json:"phone,omitempty"`
	Email         string        `json:"email,omitempty"`
	NationalIDSet bool          `json:"national_id_set"`
	Superuser     bool          `json:"superuser"`
	Grants        []grantJSON   `json:"grants"`
	Residence     *residenceRef `json:"residence"`
}

type grantJSON struct {
	OrgID int64  `json:"org_id"`
	Role  string `json:"role"`
}

type residenceRef struct {
	OrgID  int64  `json:"org_id"`
	Source string `json:"source"`
}

// apiMe answers GET /api/v1/me: the signed-in person, their roles and
// residence.
func (h *Handlers) apiMe(w http.ResponseWriter, r *http.Request) error {
	who := web.Who(r)
	u, err := h.svc.UserByID(r.Context(), who.UserID)
	if err != nil {
		return err
	}
	me := meJSON{ID: u.ID, Name: u.Name, Phone: u.Phone, Email: u.Email, NationalIDSet: u.NationalID != "",
		Superuser: u.Superuser, Grants: []grantJSON{}}
	for _, g := range who.Grants {
		me.Grants = append(me.Grants, grantJSON{OrgID: g.OrgID, Role: string(g.Role)})
	}
	res, err := h.svc.ResidenceOf(r.Context(), u.ID)
	switch {
	case err == nil:
		me.Residence = &residenceRef{OrgID: res.OrgID, Source: res.Source}
	case !errors.Is(err, apperr.ErrNotFound):
		return err
	}
	return web.JSON(w, http.StatusOK, map[string]meJSON{"data": me})
}
