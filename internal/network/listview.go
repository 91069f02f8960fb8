package network

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/web"
)

// memberList is the frame of a page of memberships as a page shows it: the
// search, a link per status with its count, the range shown and the links
// to the pages before and after. Every link keeps the search and the
// status.
type memberList struct {
	Base    string // the page's path, where the search form goes
	Query   string
	Status  string
	Filters []filterLink
	Summary string // "۱ تا ۵۰ از ۲٬۵۳۰"
	Pager   web.Pager
}

type filterLink struct {
	URL, Label, Count string
	Current           bool
}

// listMembers lists the page of an association's memberships that r asks
// for, among the given statuses (and, withMap, places them on a map),
// framed for the page at base.
func (h *handlers) listMembers(r *http.Request, assocID int64, statuses []Status, withMap bool, base string) (MemberPage, memberList, error) {
	q := readMemberQuery(r, statuses)
	q.Map = withMap
	p, err := h.svc.ListMembers(r.Context(), assocID, q)
	return p, newMemberList(web.L(r), base, q, p), err
}

// readMemberQuery reads ?status=, ?q= and ?page= (in any digits) of a list
// that shows the given statuses.
func readMemberQuery(r *http.Request, statuses []Status) MemberQuery {
	v := r.URL.Query()
	return MemberQuery{Statuses: statuses, Status: Status(v.Get("status")), Search: strings.TrimSpace(v.Get("q")), Page: web.PageParam(v, "page")}
}

// newMemberList frames the page p of the query q, listed at base.
func newMemberList(l i18n.Lang, base string, q MemberQuery, p MemberPage) memberList {
	status := string(p.Status)
	ml := memberList{Base: base, Query: q.Search, Status: status}
	query := func(status string) url.Values {
		v := url.Values{}
		if q.Search != "" {
			v.Set("q", q.Search)
		}
		if status != "" {
			v.Set("status", status)
		}
		return v
	}
	all := 0
	for _, st := range q.Statuses {
		all += p.Counts[st]
	}
	ml.Filters = append(ml.Filters, filterLink{URL: web.PageURL(base, query(""), "page", 1), Label: l.T("network.members.all"),
		Count: l.Num(int64(all)), Current: status == ""})
	for _, st := range q.Statuses {
		ml.Filters = append(ml.Filters, filterLink{URL: web.PageURL(base, query(string(st)), "page", 1), Label: st.Label().In(l),
			Count: l.Num(int64(p.Counts[st])), Current: status == string(st)})
	}
	ml.Summary = p.Range(l, len(p.Members))
	ml.Pager = p.Pager(l, base, query(status), "page")
	return ml
}
