package events

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
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

var errAPIDate = apperr.New(apperr.Invalid, "تاریخ باید به شکل RFC 3339 باشد، مانند 2026-11-22 یا 2026-11-22T10:00:00Z.",
	"Dates must be RFC 3339, such as 2026-11-22 or 2026-11-22T10:00:00Z.")

// apiTime reads an RFC 3339 instant or a calendar date (a day's start in
// UTC); "" is no bound.
func apiTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, errAPIDate
	}
	return t, nil
}

// API paging: a page holds apiLimit events unless ?limit= asks for
// another number up to maxAPILimit.
const (
	apiLimit    = 100
	maxAPILimit = 500
)

var (
	errAPILimit = apperr.New(apperr.Invalid, "limit باید عددی از ۱ تا ۵۰۰ باشد.", "limit must be a whole number from 1 to 500.")
	errAPIKind  = apperr.New(apperr.Invalid, "نوع رویداد شناخته نیست.", "Unknown kind of event.")
)

// apiQuery is what GET /api/v1/events was asked.
type apiQuery struct {
	filter Filter
	limit  int
	after  web.Cursor
}

func readAPIQuery(q url.Values) (apiQuery, error) {
	a := apiQuery{filter: Filter{Kind: Kind(q.Get("kind"))}, limit: apiLimit}
	var err error
	if a.filter.From, err = apiTime(q.Get("from")); err != nil {
		return a, err
	}
	if a.filter.To, err = apiTime(q.Get("to")); err != nil {
		return a, err
	}
	if a.filter.Kind != "" && !slices.Contains(Kinds, a.filter.Kind) {
		return a, errAPIKind
	}
	if s := q.Get("limit"); s != "" {
		if a.limit, err = strconv.Atoi(s); err != nil || a.limit < 1 || a.limit > maxAPILimit {
			return a, errAPILimit
		}
	}
	a.after, err = web.ParseCursor(q.Get("after"))
	return a, err
}

// apiEvents answers GET /api/v1/events?from=&to=&kind=&limit=&after=:
// every event (or those overlapping [from, to)), earliest first, a page
// at a time; "next" is the link to the following page, null on the last.
func (h *handlers) apiEvents(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	a, err := readAPIQuery(q)
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
		c := cursorAt(evs[len(evs)-1])
		c.Page = 1
		q.Set("after", c.Token())
		link := "/api/v1/events?" + q.Encode()
		next = &link
	}
	return web.JSON(w, http.StatusOK, map[string]any{"data": data, "next": next})
}
