package support

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/persian"
)

// The ranking pages show one page of towns at a time: a province can have
// thousands of towns, and rendering every row (html/template spends most
// of a page's time per value) cost 80 ms of CPU a request at 2,000 towns.
// The score and rank are still computed over all the towns, so a town
// keeps its place on any page and in any search.

// rankPageSize is how many towns a page of the ranking shows.
const rankPageSize = 50

var errBadPage = apperr.New(apperr.Invalid, "شماره صفحه درست نیست؛ صفحه‌ها از ۱ تا آخرین صفحه شماره دارند.",
	"No such page number; the pages are numbered from 1 to the last page.")

// rankingView is one page of a ranking, with the search that chose it.
type rankingView struct {
	Rows       []Ranked // this page's towns, each with its overall place
	Query      string   // the search as typed
	Summary    string   // "ردیف ۵۱ تا ۱۰۰ از ۲٬۰۰۰"
	Prev, Next string   // addresses, "" at either end
	Pages      []pageLink
}

// pageLink is one entry of the page list: a page's number, or a gap.
type pageLink struct {
	Text    string // the number in the page's digits; "" for a gap
	URL     string
	Current bool
}

// newRankingView picks the page of ranked that r asks for: ?q= keeps the
// towns whose name holds the search, ?page= (from 1, in any digits) the
// page. A page number that is not a whole number, or lies beyond the last
// page, is a 400: a mistyped or stale address, which should not quietly
// show another page under its number.
func newRankingView(r *http.Request, l i18n.Lang, ranked []Ranked) (rankingView, error) {
	q := r.URL.Query()
	v := rankingView{Query: strings.TrimSpace(q.Get("q"))}
	found := matching(ranked, v.Query)
	pages := max(1, (len(found)+rankPageSize-1)/rankPageSize)
	page, ok := persian.ParseWhole(q.Get("page"))
	if q.Get("page") == "" {
		page = 1
	}
	if !ok || page < 1 || page > int64(pages) {
		return v, errBadPage
	}
	n := int(page)
	from, to := (n-1)*rankPageSize, min(n*rankPageSize, len(found))
	v.Rows = found[from:to]
	v.Summary = rangeSummary(l, from, to, len(found), len(ranked), v.Query != "")
	at := func(p int) string {
		q.Set("page", strconv.Itoa(p))
		return (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String()
	}
	if n > 1 {
		v.Prev = at(n - 1)
	}
	if n < pages {
		v.Next = at(n + 1)
	}
	if pages > 1 {
		v.Pages = pageLinks(l, n, pages, at)
	}
	return v, nil
}

// matching keeps the towns whose Persian name, English name or slug holds
// q. The Persian name is compared by its search key, so a search typed
// with Arabic ي and ك, or without a half-space, finds the town.
func matching(ranked []Ranked, q string) []Ranked {
	key := persian.SearchKey(q)
	if key == "" {
		return ranked
	}
	low := strings.ToLower(q)
	var out []Ranked
	for _, t := range ranked {
		if strings.Contains(t.NameKey, key) || strings.Contains(strings.ToLower(t.NameEn), low) || strings.Contains(t.Slug, low) {
			out = append(out, t)
		}
	}
	return out
}

// rangeSummary says which rows the page shows, out of how many.
func rangeSummary(l i18n.Lang, from, to, found, all int, searched bool) string {
	switch {
	case searched && found == 0:
		return l.T("support.ranking.not_found")
	case found == 0:
		return l.T("support.towns.none")
	case searched:
		return l.Tf("support.ranking.range_found", l.Int(from+1), l.Int(to), l.Num(int64(found)), l.Num(int64(all)))
	}
	return l.Tf("support.ranking.range", l.Int(from+1), l.Int(to), l.Num(int64(found)))
}

// pageLinks lists the first and last pages and those within two of the
// current one, with a gap wherever pages are left out.
func pageLinks(l i18n.Lang, current, pages int, at func(int) string) []pageLink {
	var out []pageLink
	for p := 1; p <= pages; p++ {
		near := p >= current-2 && p <= current+2
		if p != 1 && p != pages && !near {
			if out[len(out)-1].Text != "" {
				out = append(out, pageLink{})
			}
			continue
		}
		out = append(out, pageLink{Text: l.Int(p), URL: at(p), Current: p == current})
	}
	return out
}
