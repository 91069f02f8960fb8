package practices

import (
	"embed"
	"io/fs"
	"math"
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
	ID        int64             `json:"id"`
	Title     map[string]string `json:"title"`
	OrgID     int64             `json:"org_id"`
	City      string            `json:"city"` // the sharing organization's slug
	Tags      []string          `json:"tags"`
	Groups    []groupJSON       `json:"groups"`
	Published string            `json:"published_at"` // RFC 3339
	URL       string            `json:"url"`
}

type groupJSON struct {
	ID          int64             `json:"id"`
	Kind        string            `json:"kind"`
	Name        map[string]string `json:"name"`
	Association string            `json:"association"` // the association's slug
	URL         string            `json:"url"`         // the group on the association's page
}

// maxPage keeps a page's offset, (page − 1) × PageSize, within int64.
const maxPage = math.MaxInt64 / PageSize

// apiList answers GET /api/v1/practices?q=&tag=&group=&city=&page= with
// one page of the published library. The numbers are checked first: the
// API refuses what the page reads leniently (a page below 1 is the first).
func (h *handlers) apiList(w http.ResponseWriter, r *http.Request) error {
	v := web.QueryOf(r)
	v.Int("group", 0, 1, web.NoMax)
	v.Int("page", 1, 1, maxPage)
	if err := v.Err(); err != nil {
		return err
	}
	_, res, err := h.search(r)
	if err != nil {
		return err
	}
	data := make([]practiceJSON, 0, len(res.Practices))
	for _, p := range res.Practices {
		j := practiceJSON{ID: p.ID, Title: map[string]string{"fa": p.TitleFa, "en": p.TitleEn},
			OrgID: p.OrgID, City: p.OrgSlug, Tags: append([]string{}, p.Tags...), Groups: []groupJSON{},
			Published: p.PublishedAt.UTC().Format("2006-01-02T15:04:05Z"), URL: practiceURL(p.ID)}
		for _, g := range p.refsOf(res.Groups) {
			j.Groups = append(j.Groups, groupJSON{ID: g.ID, Kind: string(g.Kind), Name: map[string]string{"fa": g.Name.Fa, "en": g.Name.En},
				Association: g.AssocSlug, URL: g.URL()})
		}
		data = append(data, j)
	}
	return web.JSON(w, http.StatusOK, map[string]any{"data": data, "total": res.Total, "page": res.Page})
}
