package events

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/apperr"
)

// Cursor marks a place in a listing ordered by (starts_at, id): the event
// just before the page it leads to (or just after, read backwards). Page
// is the number of the page it leads to, carried only so that the
// calendar can say which page it shows.
type Cursor struct {
	StartsAt int64 // milliseconds, as stored
	ID       int64
	Page     int
}

func (c Cursor) zero() bool { return c.ID == 0 }

// cursorAt is the cursor at e, leading to page n.
func cursorAt(e Event, n int) Cursor {
	return Cursor{StartsAt: e.StartsAt.UnixMilli(), ID: e.ID, Page: n}
}

// Token is the cursor as a link carries it: opaque to clients, who only
// send it back.
func (c Cursor) Token() string {
	s := strconv.FormatInt(c.StartsAt, 36) + "." + strconv.FormatInt(c.ID, 36) + "." + strconv.Itoa(c.Page)
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

var errCursor = apperr.New(apperr.Invalid, "نشانی صفحه درست نیست؛ از پیوند صفحه بعد یا قبل استفاده کنید.",
	"The page's cursor is not valid: follow the next or previous link as given.")

// parseCursor reads a token; "" is the zero cursor.
func parseCursor(token string) (Cursor, error) {
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
	c.StartsAt, err = strconv.ParseInt(parts[0], 36, 64)
	if err != nil {
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
