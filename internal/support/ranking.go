package support

import (
	"net/http"
	"strings"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/web"
)

// The ranking pages show one page of towns at a time: a province can have
// thousands of towns, and rendering every row (html/template spends most
// of a page's time per value) cost 80 ms of CPU a request at 2,000 towns.
// The score and rank are still computed over all the towns, so a town
// keeps its place on any page and in any search.

// rankPageSize is how many towns a page of the ranking shows.
const rankPageSize = 50

// rankingView is one page of a ranking, with the search that chose it.
type rankingView struct {
	Rows    []Ranked // this page's towns, each with its overall place
	Query   string   // the search as typed
	Summary string   // "ردیف ۵۱ تا ۱۰۰ از ۲٬۰۰۰"
	Pager   web.Pager
}

// newRankingView picks the page of ranked that r asks for: ?q= keeps the
// towns whose name holds the search, ?page= (from 1, in any digits) the
// page. A page number that is not a whole number, or lies beyond the last
// page, is a 400.
func newRankingView(r *http.Request, l i18n.Lang, ranked []Ranked) (rankingView, error) {
	q := r.URL.Query()
	v := rankingView{Query: strings.TrimSpace(q.Get("q"))}
	found := matching(ranked, v.Query)
	w, err := web.StrictWindow(q, "page", len(found), rankPageSize)
	if err != nil {
		return v, err
	}
	from, to := w.Offset(), min(w.Offset()+rankPageSize, len(found))
	v.Rows = found[from:to]
	v.Summary = rangeSummary(l, from, to, len(found), len(ranked), v.Query != "")
	v.Pager = w.Numbered(l, r.URL.Path, q, "page")
	v.Pager.Label = l.T("support.ranking.pages")
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
