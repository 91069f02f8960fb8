package web

import (
	"net/url"
	"strconv"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/persian"
)

// Pager is the links between the pages of a listing, as the layout's
// "pager" partial shows them: every listing of every module, whether it
// pages by number (Window) or by cursor (CursorQuery), fills one.
type Pager struct {
	Label              string // the nav's accessible name
	Prev, Next         string // the addresses of the pages beside this one; "" at either end
	PrevText, NextText string // their links' texts
	Here               string // what stands between them: "Page 3", or a link's text with HereURL
	HereURL            string // makes Here a link (a month's calendar back to its list)
	Numbers            []PageNumber
}

// PageNumber is one entry of a pager's list of pages: a page's number,
// or a gap where pages are left out.
type PageNumber struct {
	Text    string // the number in the page's digits; "" for a gap
	URL     string
	Current bool
}

// NewPager is a pager in l with the shared texts: "Pages of the list",
// "Previous page", "Next page". A page may rename its nav afterwards.
func NewPager(l i18n.Lang) Pager {
	return Pager{Label: l.T("pager.pages"), PrevText: l.T("pager.prev"), NextText: l.T("pager.next")}
}

// Shown reports whether the pager has a page to link to.
func (p Pager) Shown() bool { return p.Prev != "" || p.Next != "" }

// maxPage bounds a page number read from an address.
const maxPage = 1_000_000

var errPageNumber = apperr.New(apperr.Invalid, "شماره صفحه درست نیست؛ صفحه‌ها از ۱ تا آخرین صفحه شماره دارند.",
	"No such page number; the pages are numbered from 1 to the last page.")

// PageNumberOf reads the page number that v holds under key, typed in
// any digits: 1 when there is none, an error when it is not a whole
// number from 1.
func PageNumberOf(v url.Values, key string) (int, error) {
	if v.Get(key) == "" {
		return 1, nil
	}
	n, ok := persian.ParseWhole(v.Get(key))
	if !ok || n < 1 || n > maxPage {
		return 1, errPageNumber
	}
	return int(n), nil
}

// PageParam is the page number under key as a lenient listing reads it:
// 1 when there is none or it is not one.
func PageParam(v url.Values, key string) int {
	n, _ := PageNumberOf(v, key)
	return n
}

// Window is one page of a listing paged by number: page Page of Pages,
// Size items a page, Total items in all.
type Window struct {
	Page, Pages, Size, Total int
}

// PageWindow is the page asked for (from 1) of a listing of total items,
// size a page. Asking past the last page gives the last; there is always
// at least one page.
func PageWindow(total, size, asked int) Window {
	w := PageAt(asked, size).Of(total)
	w.Page = min(w.Page, w.Pages)
	return w
}

// StrictWindow is the page that v asks for under key of a listing of
// total items, size a page, refusing a page number that is not a whole
// number or lies beyond the last page: a mistyped or stale address,
// which should not quietly show another page under its number.
func StrictWindow(v url.Values, key string, total, size int) (Window, error) {
	n, err := PageNumberOf(v, key)
	w := PageWindow(total, size, n)
	if err == nil && n > w.Pages {
		err = errPageNumber
	}
	return w, err
}

// PageAt is page asked (from 1) of a listing whose total is not counted
// yet, as when one query reads a page's items and the total together:
// Offset reads the page, Of then counts the pages.
func PageAt(asked, size int) Window {
	asked = max(asked, 1)
	return Window{Page: asked, Pages: asked, Size: size}
}

// Of is w once the listing is known to hold total items. The page asked
// stays as it is, even past the last: it shows no items, and its pager
// leads back to the last page.
func (w Window) Of(total int) Window {
	w.Total, w.Pages = total, max(1, (total+w.Size-1)/w.Size)
	return w
}

// Offset is how many items come before the page.
func (w Window) Offset() int { return (w.Page - 1) * w.Size }

// Range says which items a page of shown items holds, out of how many:
// "۱ تا ۵۰ از ۲٬۵۳۰"; "" when it shows none.
func (w Window) Range(l i18n.Lang, shown int) string {
	if shown == 0 {
		return ""
	}
	from := w.Offset() + 1
	return l.Tf("pager.range", l.Num(int64(from)), l.Num(int64(from+shown-1)), l.Num(int64(w.Total)))
}

// Pager links the pages beside w at base, keeping the query v (less its
// language, which sticks anyway) with key naming the page; the first
// page's address leaves key out.
func (w Window) Pager(l i18n.Lang, base string, v url.Values, key string) Pager {
	p := NewPager(l)
	if w.Page > 1 {
		p.Prev = PageURL(base, v, key, min(w.Page-1, w.Pages))
	}
	if w.Page < w.Pages {
		p.Next = PageURL(base, v, key, w.Page+1)
	}
	return p
}

// Numbered is w's pager with links to the first and last pages and to
// those within two of the current one, a gap wherever pages are left out.
func (w Window) Numbered(l i18n.Lang, base string, v url.Values, key string) Pager {
	p := w.Pager(l, base, v, key)
	if w.Pages < 2 {
		return p
	}
	for n := 1; n <= w.Pages; n++ {
		if n != 1 && n != w.Pages && (n < w.Page-2 || n > w.Page+2) {
			if p.Numbers[len(p.Numbers)-1].Text != "" {
				p.Numbers = append(p.Numbers, PageNumber{})
			}
			continue
		}
		p.Numbers = append(p.Numbers, PageNumber{Text: l.Int(n), URL: PageURL(base, v, key, n), Current: n == w.Page})
	}
	return p
}

// PageURL is base with the query v where key names page n, left out for
// the first page; the language parameter is dropped.
func PageURL(base string, v url.Values, key string, n int) string {
	q := url.Values{}
	for k, vs := range v {
		if k != key && k != "lang" {
			q[k] = vs
		}
	}
	if n > 1 {
		q.Set(key, strconv.Itoa(n))
	}
	if len(q) == 0 {
		return base
	}
	return base + "?" + q.Encode()
}
