package events

import (
	"net/http"
	"net/url"
	"time"

	"github.com/shahr-city/shahr/internal/web"
)

// pager pages a listing of events by cursor, as the public calendar and
// the staff's list do: the events not yet over, earliest first, or with
// ?when=past those already begun, latest first; ?after= leads to the page
// following a cursor, ?before= to the one preceding it, neither to the
// first.
type pager struct {
	path string   // the listing's address
	keep []string // the query's parameters its links keep: the filters
	size int      // events a page
	cols columns
}

// pages is where one page stands among the listing's: its number, in the
// page's digits, and the links to the pages beside it.
type pages struct {
	PageNo     string
	Prev, Next *pageLink
}

// pageLink is a link to another page of a listing.
type pageLink struct {
	Href  string
	Label string
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

// read reads the page of f's events that r asks for, as of now.
func (pg pager) read(r *http.Request, svc *Service, f Filter, now time.Time) ([]Event, pages, error) {
	pq, err := pg.query(r)
	if err != nil {
		return nil, pages{}, err
	}
	if pq.desc {
		f.To = now
	} else {
		f.From = now
	}
	evs, more, err := svc.listPage(r.Context(), svc.db.Read, f, pq)
	if err != nil {
		return nil, pages{}, err
	}
	return evs, pg.pages(r, pq, evs, more), nil
}

// query reads which page r asks for.
func (pg pager) query(r *http.Request) (pageQuery, error) {
	q := r.URL.Query()
	pq := pageQuery{cols: pg.cols, desc: past(r), limit: pg.size}
	var err error
	if before := q.Get("before"); before != "" {
		pq.at, err = parseCursor(before)
		pq.back = true
	} else {
		pq.at, err = parseCursor(q.Get("after"))
	}
	return pq, err
}

// pages is the page's number and its links to the pages beside it.
func (pg pager) pages(r *http.Request, pq pageQuery, evs []Event, more bool) pages {
	l, n := web.L(r), max(pq.at.Page, 1)
	if pq.back && !more {
		n = 1 // back at the start, however the events moved meanwhile
	}
	p := pages{PageNo: l.Int(n)}
	if len(evs) == 0 {
		return p
	}
	link := func(param string, c Cursor, key string) *pageLink {
		v := pg.kept(r)
		v.Set(param, c.Token())
		return &pageLink{Href: pg.path + "?" + v.Encode(), Label: l.Tf(key, l.Int(c.Page))}
	}
	if (pq.back && more) || (!pq.back && !pq.at.zero() && n > 1) {
		p.Prev = link("before", cursorAt(evs[0], n-1), "events.calendar.prev")
	}
	if pq.back || more {
		p.Next = link("after", cursorAt(evs[len(evs)-1], n+1), "events.calendar.next")
	}
	return p
}
