package events

import (
	"net/http"
	"net/url"

	"github.com/shahr-city/shahr/internal/web"
)

// pager pages a listing of events by cursor (web.CursorQuery), as the
// public calendar and the staff's list do: the events not yet over,
// earliest first, or with ?when=past those already begun, latest first.
type pager struct {
	path string   // the listing's address
	keep []string // the query's parameters its links keep: the filters
	size int      // events a page
	cols columns
}

// past reports whether r asks for the events already begun.
func past(r *http.Request) bool { return r.URL.Query().Get("when") == "past" }

// kept is r's filters as a query string, for links that keep them.
func (pg pager) kept(r *http.Request) url.Values {
	v := url.Values{}
	for _, k := range pg.keep {
		if s := r.URL.Query().Get(k); s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// cursorAt is the cursor at e in a listing by (starts_at, id).
func cursorAt(e Event) web.Cursor { return web.Cursor{Key: e.StartsAt.UnixMilli(), ID: e.ID} }

// read reads the page of f's events that r asks for, as of the service's
// now, with the links to the pages beside it.
func (pg pager) read(r *http.Request, s *Service, f Filter) ([]Event, web.Pager, error) {
	cq, err := web.ReadCursor(r.URL.Query())
	if err != nil {
		return nil, web.Pager{}, err
	}
	pq := pageQuery{cols: pg.cols, desc: past(r), at: cq.At, back: cq.Back, limit: pg.size}
	if pq.desc {
		f.To = s.now()
	} else {
		f.From = s.now()
	}
	evs, more, err := s.listPage(r.Context(), f, pq)
	if err != nil {
		return nil, web.Pager{}, err
	}
	var first, last web.Cursor
	if len(evs) > 0 {
		first, last = cursorAt(evs[0]), cursorAt(evs[len(evs)-1])
	}
	return evs, cq.Pager(web.L(r), pg.path, pg.kept(r), first, last, len(evs), more), nil
}
