package network

import (
	"embed"
	"io/fs"
	"net/http"
	"time"

	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Mount adds the associations' public pages, the secretariat's and the
// applicants' staff pages, and the open-data API to the server.
func Mount(s *web.Server, svc *Service, orgs *org.Service) error {
	sub, _ := fs.Sub(templates, "templates")
	if err := s.Templates("network", sub); err != nil {
		return err
	}
	h := &handlers{svc: svc, web: s, orgs: orgs}
	s.Handle(web.Route{Method: "GET", Pattern: "/api/v1/associations", Access: web.Public, Handle: h.apiAssociations})
	s.Handle(h.publicRoutes()...)
	s.Handle(h.applicantRoutes()...)
	s.Handle(h.secretariatRoutes()...)
	return nil
}

type handlers struct {
	svc  *Service
	web  *web.Server
	orgs *org.Service
}

type memberJSON struct {
	OrgID   int64   `json:"org_id"`
	OrgName string  `json:"org_name"`
	Status  Status  `json:"status"`
	Since   *string `json:"since"` // a calendar day, RFC 3339 full-date; null before activation
}

type associationJSON struct {
	ID      int64        `json:"id"`
	Slug    string       `json:"slug"`
	Name    string       `json:"name"`
	Members []memberJSON `json:"members"`
}

// apiAssociations answers GET /api/v1/associations: every association
// with its accepted, active and lapsed members.
func (h *handlers) apiAssociations(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.svc.Sweep(r.Context()); err != nil {
		return err
	}
	list, err := h.svc.Directory(r.Context(), "")
	if err != nil {
		return err
	}
	members, err := h.svc.AllMembers(r.Context())
	if err != nil {
		return err
	}
	data := make([]associationJSON, 0, len(list))
	for _, a := range list {
		j := associationJSON{ID: a.ID, Slug: a.Slug, Name: a.Name.Fa, Members: []memberJSON{}}
		for _, m := range members[a.ID] {
			j.Members = append(j.Members, memberJSON{OrgID: m.OrgID, OrgName: m.Name.Fa, Status: m.Status, Since: isoDay(m.Since)})
		}
		data = append(data, j)
	}
	return web.JSON(w, http.StatusOK, map[string]any{"data": data})
}

// isoDay is t's calendar day in Tehran as an RFC 3339 full-date, or nil.
func isoDay(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.In(jalali.Tehran()).Format(time.DateOnly)
	return &s
}
