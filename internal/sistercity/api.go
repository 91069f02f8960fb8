package sistercity

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/shahr-city/shahr/internal/i18n"
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

// countryCode is how the API's country filter is written: two capital
// letters, as ISO 3166-1 alpha-2.
var countryCode = i18n.Text{Fa: "کد دوحرفی کشور به حروف بزرگ لاتین (ISO 3166-1 alpha-2)، مانند IR",
	En: "a two-letter ISO 3166-1 alpha-2 country code in capitals, such as IR"}

func isCountryCode(s string) bool {
	return len(s) == 2 && 'A' <= s[0] && s[0] <= 'Z' && 'A' <= s[1] && s[1] <= 'Z'
}

// apiList answers GET /api/v1/sister-cities, with the list page's filters;
// a filter's bad value is a 400 (the page shows all instead).
func (h *handlers) apiList(w http.ResponseWriter, r *http.Request) error {
	v := web.QueryOf(r)
	f := Filter{Status: web.Enum(v, "status", Statuses), Area: web.Enum(v, "area", Areas),
		Country: v.Check("country", isCountryCode, countryCode), Query: v.String("q")}
	if err := v.Err(); err != nil {
		return err
	}
	as, err := h.svc.Agreements(r.Context(), f)
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
