package network

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/web"
)

// memberList is the frame of a page of memberships as a page shows it: the
// search, a link per status with its count, the range shown and the links
// to the pages before and after. Every link keeps the search and the
// status.
type memberList struct {
	Base       string // the page's path, where the search form goes
	Query      string
	Status     string
	Filters    []filterLink
	Summary    string // "۱ تا ۵۰ از ۲٬۵۳۰"
	Prev, Next string
}

type filterLink struct {
	URL, Label, Count string
	Current           bool
}

// listMembers lists the page of an association's memberships that r asks
// for, among the given statuses, framed for the page at base.
func (h *handlers) listMembers(r *http.Request, assocID int64, statuses []Status, base string) (MemberQuery, []Member, memberList, error) {
	q := readMemberQuery(r, statuses)
	p, err := h.svc.ListMembers(r.Context(), assocID, q)
	return q, p.Members, newMemberList(web.L(r), base, q, p), err
}

// readMemberQuery reads ?status=, ?q= and ?page= (in any digits) of a list
// that shows the given statuses.
func readMemberQuery(r *http.Request, statuses []Status) MemberQuery {
	v := r.URL.Query()
	return MemberQuery{Statuses: statuses, Status: Status(v.Get("status")), Search: strings.TrimSpace(v.Get("q")), Page: pageParam(v, "page")}
}

// pageParam reads the page number of key, typed in any digits; 1 when
// there is none or it is not one.
func pageParam(v url.Values, key string) int {
	page, ok := persian.ParseWhole(v.Get(key))
	if !ok || page < 1 || page > 1_000_000 {
		return 1
	}
	return int(page)
}

// pageLink is base with the query v where key names the page (left out
// for the first page).
func pageLink(base string, v url.Values, key string, page int) string {
	q := url.Values{}
	for k, vs := range v {
		if k != key && k != "lang" {
			q[k] = vs
		}
	}
	if page > 1 {
		q.Set(key, strconv.Itoa(page))
	}
	if len(q) == 0 {
		return base
	}
	return base + "?" + q.Encode()
}

// newMemberList frames the page p of the query q, listed at base.
func newMemberList(l i18n.Lang, base string, q MemberQuery, p MemberPage) memberList {
	status := string(p.Status)
	ml := memberList{Base: base, Query: q.Search, Status: status}
	link := func(status string, page int) string {
		v := url.Values{}
		if q.Search != "" {
			v.Set("q", q.Search)
		}
		if status != "" {
			v.Set("status", status)
		}
		return pageLink(base, v, "page", page)
	}
	all := 0
	for _, st := range q.Statuses {
		all += p.Counts[st]
	}
	ml.Filters = append(ml.Filters, filterLink{URL: link("", 1), Label: l.T("network.members.all"), Count: l.Num(int64(all)), Current: status == ""})
	for _, st := range q.Statuses {
		ml.Filters = append(ml.Filters, filterLink{URL: link(string(st), 1), Label: st.Label().In(l),
			Count: l.Num(int64(p.Counts[st])), Current: status == string(st)})
	}
	if p.From > 0 {
		ml.Summary = l.Tf("network.members.range", l.Num(int64(p.From)), l.Num(int64(p.From+len(p.Members)-1)), l.Num(int64(p.Total)))
	}
	if p.Page > 1 {
		ml.Prev = link(status, p.Page-1)
	}
	if p.Page < p.Pages {
		ml.Next = link(status, p.Page+1)
	}
	return ml
}
