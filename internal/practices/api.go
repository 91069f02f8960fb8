package practices

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/shahr-city/shahr/internal/org"

	"github.com/shahr-city/shahr/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Mount adds the library's public pages, its staff pages and its JSON
// list to the server. orgs finds the organization a staff page names.
func Mount(s *web.Server, svc *Service, orgs *org.Service) error {
	sub, _ := fs.Sub(templates, "templates")
	if err := s.Templates("practices", sub); err != nil {
		return err
	}
	h := &handlers{svc: svc, web: s, orgs: orgs}
	s.Handle(h.pageRoutes()...)
	s.Handle(h.staffRoutes()...)
	s.Handle(web.Route{Method: "GET", Pattern: "/api/v1/practices", Access: web.Public, Handle: h.apiList})
	return nil
}

type handlers struct {
	svc  *Service
	web  *web.Server
	orgs *org.Service
}

type practiceJSON struct {
	ID         int64             `json:"id"`
	Title      map[string]string `json:"title"`
	OrgID      int64             `json:"org_id"`
	City       string            `json:"city"` // the sharing organization's slug
	Tags       []string          `json:"tags"`
	Commission string            `json:"commission"`
	Published  string            `json:"published_at"` // RFC 3339
	URL        string            `json:"url"`
}

// apiList answers GET /api/v1/practices?q=&tag=&city=&page= with one page
// of the published library.
func (h *handlers) apiList(w http.ResponseWriter, r *http.Request) error {
	q, page := queryOf(r)
	ps, total, err := h.svc.List(r.Context(), q)
	if err != nil {
		return err
	}
	data := make([]practiceJSON, 0, len(ps))
	for _, p := range ps {
		data = append(data, practiceJSON{ID: p.ID, Title: map[string]string{"fa": p.TitleFa, "en": p.TitleEn},
			OrgID: p.OrgID, City: p.OrgSlug, Tags: append([]string{}, p.Tags...), Commission: p.Commission,
			Published: p.PublishedAt.UTC().Format("2006-01-02T15:04:05Z"), URL: practiceURL(p.ID)})
	}
	return web.JSON(w, http.StatusOK, map[string]any{"data": data, "total": total, "page": page})
}
