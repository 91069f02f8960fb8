package web

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
)

// Cursor marks a place in a listing ordered by (Key, ID), such as events
// by their start: the item just before the page it leads to (or just
// after, read backwards). Page is the number of the page it leads to,
// carried only so that the page can say which it is.
type Cursor struct {
	Key  int64
	ID   int64
	Page int
}

// Zero reports whether c is the listing's start.
func (c Cursor) Zero() bool { return c.ID == 0 }

// Token is the cursor as a link carries it: opaque to clients, who only
// send it back.
func (c Cursor) Token() string {
	s := strconv.FormatInt(c.Key, 36) + "." + strconv.FormatInt(c.ID, 36) + "." + strconv.Itoa(c.Page)
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

var errCursor = apperr.New(apperr.Invalid, "نشانی صفحه درست نیست؛ از پیوند صفحه بعد یا قبل استفاده کنید.",
	"The page's cursor is not valid: follow the next or previous link as given.")

// ParseCursor reads a token; "" is the zero cursor.
func ParseCursor(token string) (Cursor, error) {
	if token == "" {
		return Cursor{}, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return Cursor{}, errCursor
	}
	parts := strings.Split(string(raw), ".")
	if len(parts) != 3 {
		return Cursor{}, errCursor
	}
	var c Cursor
	if c.Key, err = strconv.ParseInt(parts[0], 36, 64); err != nil {
		return Cursor{}, errCursor
	}
	if c.ID, err = strconv.ParseInt(parts[1], 36, 64); err != nil || c.ID <= 0 {
		return Cursor{}, errCursor
	}
	if c.Page, err = strconv.Atoi(parts[2]); err != nil || c.Page < 1 {
		return Cursor{}, errCursor
	}
	return c, nil
}

// CursorQuery is which page of a listing paged by cursor an address asks
// for: ?after= the page just past a cursor, ?before= the one ending just
// before it, neither the first.
type CursorQuery struct {
	At   Cursor
	Back bool // the page that ends just before At
}

// ReadCursor reads the page that v asks for.
func ReadCursor(v url.Values) (CursorQuery, error) {
	if before := v.Get("before"); before != "" {
		c, err := ParseCursor(before)
		return CursorQuery{At: c, Back: true}, err
	}
	c, err := ParseCursor(v.Get("after"))
	return CursorQuery{At: c}, err
}

// Pager says which page q's page is and links the pages beside it, at
// base with the query keep: first and last are the cursors at the page's
// first and last items (their Page is set here), shown how many it
// shows, more whether more items lie beyond it in the direction it was
// read.
func (q CursorQuery) Pager(l i18n.Lang, base string, keep url.Values, first, last Cursor, shown int, more bool) Pager {
	n := max(q.At.Page, 1)
	if q.Back && !more {
		n = 1 // back at the start, however the items moved meanwhile
	}
	p := NewPager(l)
	p.Here = l.Tf("pager.page", l.Int(n))
	if shown == 0 {
		return p
	}
	link := func(param string, c Cursor, page int) string {
		v := url.Values{}
		for k, vs := range keep {
			v[k] = vs
		}
		c.Page = page
		v.Set(param, c.Token())
		return base + "?" + v.Encode()
	}
	if (q.Back && more) || (!q.Back && !q.At.Zero() && n > 1) {
		p.Prev, p.PrevText = link("before", first, n-1), l.Tf("pager.prev_to", l.Int(n-1))
	}
	if q.Back || more {
		p.Next, p.NextText = link("after", last, n+1), l.Tf("pager.next_to", l.Int(n+1))
	}
	return p
}
