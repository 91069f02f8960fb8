package sistercity

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/shahr-city/shahr/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Mount adds the module's public pages, staff pages and API to the server.
func Mount(s *web.Server, svc *Service) error {
	sub, _ := fs.Sub(templates, "templates")
	if err := s.Templates("sistercity", sub); err != nil {
		return err
	}
	h := &handlers{svc: svc, web: s}
	s.Handle(h.pageRoutes()...)
	s.Handle(h.staffRoutes()...)
	s.Handle(web.Route{Method: "GET", Pattern: "/api/v1/sister-cities", Access: web.Public, Handle: h.apiList})
	return nil
}

type handlers struct {
	svc *Service
	web *web.Server
}

type partyJSON struct {
	Name    string `json:"name"`    // Persian
	Country string `json:"country"` // ISO 3166-1 alpha-2
}

type agreementJSON struct {
	ID       int64        `json:"id"`
	Parties  [2]partyJSON `json:"parties"`
	Status   Status       `json:"status"`
	SignedOn *string      `json:"signed_on"` // "YYYY-MM-DD", null when not known
}

// apiList answers GET /api/v1/sister-cities, with the list page's filters.
func (h *handlers) apiList(w http.ResponseWriter, r *http.Request) error {
	as, err := h.svc.Agreements(r.Context(), filterOf(r))
	if err != nil {
		return err
	}
	data := make([]agreementJSON, 0, len(as))
	for _, a := range as {
		j := agreementJSON{ID: a.ID, Status: a.Status}
		for i, p := range a.Parties {
			j.Parties[i] = partyJSON{Name: p.NameFa, Country: p.Country}
		}
		if d := ISODay(a.SignedOn); d != "" {
			j.SignedOn = &d
		}
		data = append(data, j)
	}
	return web.JSON(w, http.StatusOK, map[string]any{"data": data})
}
