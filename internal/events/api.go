package events

import (
	"embed"
	"io/fs"
	"net/http"
	"time"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Mount adds the events module's public calendar, its feed and API, the
// registration pages and the organizers' pages to the server.
func Mount(s *web.Server, svc *Service) error {
	sub, _ := fs.Sub(templates, "templates")
	if err := s.Templates("events", sub); err != nil {
		return err
	}
	h := &handlers{svc: svc, web: s}
	s.Handle(h.apiRoutes()...)
	s.Handle(h.pageRoutes()...)
	s.Handle(h.staffRoutes()...)
	return nil
}

type handlers struct {
	svc *Service
	web *web.Server
}

func (h *handlers) apiRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Pattern: "/api/v1/events", Access: web.Public, Handle: h.apiEvents},
		{Method: "GET", Pattern: "/events.ics", Access: web.Public, Handle: h.feed},
	}
}

type eventJSON struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Kind     Kind   `json:"kind"`
	StartsAt string `json:"starts_at"`
	EndsAt   string `json:"ends_at"`
	City     string `json:"city"`
}

// API paging: a page holds apiLimit events unless ?limit= asks for
// another number up to maxAPILimit.
const (
	apiLimit    = 100
	maxAPILimit = 500
)

// apiQuery is what GET /api/v1/events was asked.
type apiQuery struct {
	filter Filter
	limit  int
	after  web.Cursor
}

func readAPIQuery(r *http.Request) (apiQuery, error) {
	v := web.QueryOf(r)
	a := apiQuery{filter: Filter{Kind: web.Enum(v, "kind", Kinds), From: v.Time("from"), To: v.Time("to")},
		limit: int(v.Int("limit", apiLimit, 1, maxAPILimit))}
	if err := v.Err(); err != nil {
		return a, err
	}
	var err error
	a.after, err = web.ParseCursor(v.String("after"))
	return a, err
}

// apiEvents answers GET /api/v1/events?from=&to=&kind=&limit=&after=:
// every event (or those overlapping [from, to)), earliest first, a page
// at a time; "next" is the link to the following page, null on the last.
func (h *handlers) apiEvents(w http.ResponseWriter, r *http.Request) error {
	a, err := readAPIQuery(r)
	if err != nil {
		return err
	}
	evs, more, err := h.svc.listPage(r.Context(), a.filter, pageQuery{cols: summaryColumns, at: a.after, limit: a.limit})
	if err != nil {
		return err
	}
	data := make([]eventJSON, 0, len(evs))
	for _, e := range evs {
		data = append(data, eventJSON{ID: e.ID, Title: e.TitleFa, Kind: e.Kind, StartsAt: e.StartsAt.UTC().Format(time.RFC3339),
			EndsAt: e.EndsAt.UTC().Format(time.RFC3339), City: e.City(i18n.Fa)})
	}
	var next *string
	if more {
		q := r.URL.Query()
		c := cursorAt(evs[len(evs)-1])
		c.Page = 1
		q.Set("after", c.Token())
		link := "/api/v1/events?" + q.Encode()
		next = &link
	}
	return web.JSON(w, http.StatusOK, map[string]any{"data": data, "next": next})
}
