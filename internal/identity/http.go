package identity

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"time"

	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Handlers serves sign-up, sign-in, the account pages, and the staff pages
// for roles, residence and users.
type Handlers struct {
	svc      *Service
	orgs     *org.Service
	activity Activity
	web      *web.Server
}

// Mount adds the module's templates and routes to the server; the account
// page lists what activity reports of the person.
func Mount(s *web.Server, svc *Service, orgs *org.Service, activity Activity) error {
	sub, _ := fs.Sub(templates, "templates")
	if err := s.Templates("identity", sub); err != nil {
		return err
	}
	h := &Handlers{svc: svc, orgs: orgs, activity: activity, web: s}
	s.Handle(h.routes()...)
	return nil
}

func (h *Handlers) routes() []web.Route {
	in := func(p auth.Permission) web.Access { return web.InOrg(p, h.orgs.Locate) }
	return []web.Route{
		{Method: "GET", Pattern: "/signup", Access: web.Public, Handle: h.phoneForm(true)},
		{Method: "POST", Pattern: "/signup", Access: web.Public, Handle: h.sendCode(true)},
		{Method: "GET", Pattern: "/signin", Access: web.Public, Handle: h.phoneForm(false)},
		{Method: "POST", Pattern: "/signin", Access: web.Public, Handle: h.sendCode(false)},
		{Method: "GET", Pattern: "/signin/code", Access: web.Public, Handle: h.codeForm},
		{Method: "POST", Pattern: "/signin/code", Access: web.Public, Handle: h.verifyCode},
		{Method: "GET", Pattern: "/signin/staff", Access: web.Public, Handle: h.staffForm},
		{Method: "POST", Pattern: "/signin/staff", Access: web.Public, Handle: h.staffSignIn},
		{Method: "POST", Pattern: "/signout", Access: web.Public, Handle: h.signOut},
		{Method: "GET", Pattern: "/account", Access: web.SignedIn, Handle: h.account},
		{Method: "POST", Pattern: "/account/name", Access: web.SignedIn, Form: nameFields, Handle: h.setName},
		{Method: "POST", Pattern: "/account/national-id", Access: web.SignedIn, Handle: h.setNationalID},
		{Method: "GET", Pattern: "/account/sessions", Access: web.SignedIn, Handle: h.sessions},
		{Method: "POST", Pattern: "/account/sessions/{id}/revoke", Access: web.SignedIn, Handle: h.revokeSession},
		{Method: "GET", Pattern: "/api/v1/me", Access: web.SignedIn, Handle: h.apiMe},
		{Method: "GET", Pattern: "/admin/orgs/{slug}/staff", Access: in(auth.ManageGrants), Handle: h.staff},
		{Method: "POST", Pattern: "/admin/orgs/{slug}/staff", Access: in(auth.ManageGrants), Handle: h.grant},
		{Method: "POST", Pattern: "/admin/orgs/{slug}/staff/{id}/revoke", Access: in(auth.ManageGrants), Handle: h.revokeIn("/staff", h.svc.RevokeGrant)},
		{Method: "GET", Pattern: "/admin/orgs/{slug}/residents", Access: in(auth.VerifyResidence), Handle: h.residents},
		{Method: "POST", Pattern: "/admin/orgs/{slug}/residents", Access: in(auth.VerifyResidence), Handle: h.setResidence},
		{Method: "POST", Pattern: "/admin/orgs/{slug}/residents/{id}/revoke", Access: in(auth.VerifyResidence), Handle: h.revokeIn("/residents", h.svc.RevokeResidence)},
		{Method: "GET", Pattern: "/admin/users", Access: web.Superuser, Handle: h.users},
		{Method: "GET", Pattern: "/admin/users/new", Access: web.Superuser, Handle: h.newUser},
		{Method: "POST", Pattern: "/admin/users", Access: web.Superuser, Form: userFields, Handle: h.createUser},
		{Method: "POST", Pattern: "/admin/users/{id}/block", Access: web.Superuser, Handle: h.block(true)},
		{Method: "POST", Pattern: "/admin/users/{id}/unblock", Access: web.Superuser, Handle: h.block(false)},
		{Method: "POST", Pattern: "/admin/users/{id}/revoke-sessions", Access: web.Superuser, Handle: h.revokeAll},
	}
}

func client(r *http.Request) Client { return Client{IP: web.ClientIP(r), UserAgent: r.UserAgent()} }

// pendingCookie remembers, between the two pages of a code sign-in, the
// number the code was sent to. It is not a secret: the code is.
const pendingCookie = "shahr_pending"

// phonePage asks for the mobile number (sign-up and sign-in alike: a new
// number gets an account when its code is confirmed).
type phonePage struct {
	web.Page
	SignUp bool
	Next   string
}

func (h *Handlers) phoneForm(signUp bool) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		h.web.Render(w, r, http.StatusOK, "identity/phone", h.newPhonePage(w, r, signUp))
		return nil
	}
}

func (h *Handlers) newPhonePage(w http.ResponseWriter, r *http.Request, signUp bool) *phonePage {
	title := "identity.signin.title"
	if signUp {
		title = "identity.signup.title"
	}
	return &phonePage{Page: web.NewPage(w, r, title), SignUp: signUp, Next: web.SafeNext(r)}
}

func (h *Handlers) sendCode(signUp bool) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := web.ParseForm(w, r); err != nil {
			return err
		}
		req, err := h.svc.RequestCode(r.Context(), r.PostForm.Get("phone"), client(r))
		if err != nil {
			p := h.newPhonePage(w, r, signUp)
			return h.web.RenderForm(w, r, err, "identity/phone", &p.Page, p)
		}
		if req.AlreadySent {
			h.web.Flash(w, r, "identity.code.already_sent")
		}
		h.web.SetCookie(w, r, pendingCookie, req.Phone, CodeTTL)
		http.Redirect(w, r, "/signin/code?next="+url.QueryEscape(web.SafeNext(r)), http.StatusSeeOther)
		return nil
	}
}

// codePage asks for the one-time code.
type codePage struct {
	web.Page
	Phone string
	Next  string
}

func (h *Handlers) pendingPhone(r *http.Request) string {
	if c, err := r.Cookie(pendingCookie); err == nil {
		if phone, err := NormalizePhone(c.Value); err == nil {
			return phone
		}
	}
	return ""
}

func (h *Handlers) newCodePage(w http.ResponseWriter, r *http.Request, phone string) *codePage {
	return &codePage{Page: web.NewPage(w, r, "identity.code.title"), Phone: phone, Next: web.SafeNext(r)}
}

func (h *Handlers) codeForm(w http.ResponseWriter, r *http.Request) error {
	phone := h.pendingPhone(r)
	if phone == "" {
		http.Redirect(w, r, "/signin", http.StatusSeeOther)
		return nil
	}
	h.web.Render(w, r, http.StatusOK, "identity/code", h.newCodePage(w, r, phone))
	return nil
}

func (h *Handlers) verifyCode(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	phone := h.pendingPhone(r)
	if phone == "" {
		http.Redirect(w, r, "/signin", http.StatusSeeOther)
		return nil
	}
	in, err := h.svc.VerifyCode(r.Context(), phone, r.PostForm.Get("code"), client(r), web.SessionToken(r))
	if err != nil {
		p := h.newCodePage(w, r, phone)
		return h.web.RenderForm(w, r, err, "identity/code", &p.Page, p)
	}
	h.web.SetCookie(w, r, pendingCookie, "", -time.Second)
	h.web.SetSession(w, r, in.Token, in.TTL)
	next := web.SafeNext(r)
	if in.NewUser {
		next = welcomeURL(next)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// welcomeURL sends a new citizen to their account to give a name, carrying
// the page they set out for (the vote, the proposal form) so that saving
// the name, or the welcome's link, takes them on to it.
func welcomeURL(next string) string {
	if next == "/" {
		return "/account?welcome=1"
	}
	return "/account?welcome=1&next=" + url.QueryEscape(next)
}

// staffPage is the email and password sign-in.
type staffPage struct {
	web.Page
	Next string
}

func (h *Handlers) staffForm(w http.ResponseWriter, r *http.Request) error {
	p := &staffPage{Page: web.NewPage(w, r, "identity.staff.title"), Next: web.SafeNext(r)}
	h.web.Render(w, r, http.StatusOK, "identity/staff_signin", p)
	return nil
}

func (h *Handlers) staffSignIn(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	in, err := h.svc.PasswordSignIn(r.Context(), r.PostForm.Get("email"), r.PostForm.Get("password"), client(r), web.SessionToken(r))
	if err != nil {
		p := &staffPage{Page: web.NewPage(w, r, "identity.staff.title"), Next: web.SafeNext(r)}
		r.PostForm.Del("password") // never echo a password back into the page
		return h.web.RenderForm(w, r, err, "identity/staff_signin", &p.Page, p)
	}
	h.web.SetSession(w, r, in.Token, in.TTL)
	next := web.SafeNext(r)
	if next == "/" {
		next = "/admin"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (h *Handlers) signOut(w http.ResponseWriter, r *http.Request) error {
	if token := web.SessionToken(r); token != "" {
		if err := h.svc.SignOut(r.Context(), token); err != nil {
			return err
		}
	}
	h.web.ClearSession(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
