package support

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/shahr-city/shahr/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Mount adds the support module's public pages, staff pages and API.
func Mount(s *web.Server, svc *Service) error {
	sub, _ := fs.Sub(templates, "templates")
	if err := s.Templates("support", sub); err != nil {
		return err
	}
	h := &handlers{svc: svc, web: s}
	s.Handle(web.Route{Method: "GET", Pattern: "/api/v1/support/priorities", Access: web.Public, Handle: h.apiPriorities})
	s.Handle(h.publicRoutes()...)
	s.Handle(h.staffRoutes()...)
	s.Handle(h.visitRoutes()...)
	s.Handle(h.projectRoutes()...)
	return nil
}

type handlers struct {
	svc *Service
	web *web.Server
}

type priorityJSON struct {
	OrgID int64   `json:"org_id"`
	Name  string  `json:"name"`
	Score float64 `json:"score"`
	Tier  Tier    `json:"tier"` // "" when no indicators were recorded
}

// apiPriorities answers GET /api/v1/support/priorities?org={id}: the
// cooperation organization's towns by priority score, highest first. A
// missing or malformed id is 400; an unknown id, or an organization of
// another kind, is 404.
func (h *handlers) apiPriorities(w http.ResponseWriter, r *http.Request) error {
	v := web.QueryOf(r)
	v.Require("org")
	id := v.Int("org", 0, 1, web.NoMax)
	if err := v.Err(); err != nil {
		return err
	}
	coop, err := h.svc.CoopByID(r.Context(), id)
	if err != nil {
		return err
	}
	ranked, _, err := h.svc.Priorities(r.Context(), coop)
	if err != nil {
		return err
	}
	data := make([]priorityJSON, len(ranked))
	for i, t := range ranked {
		data[i] = priorityJSON{OrgID: t.ID, Name: t.NameFa, Score: t.Score, Tier: t.Indicators.Tier}
	}
	return web.JSON(w, http.StatusOK, map[string]any{"data": data})
}
