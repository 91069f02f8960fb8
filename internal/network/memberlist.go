package network

import (
	"context"
	"slices"
	"strings"

	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/web"
)

// PageSize is how many memberships a page of a list shows.
const PageSize = 50

// MemberQuery selects a page of an association's memberships.
type MemberQuery struct {
	Statuses []Status // the statuses the list may show: PublicStatuses, or Statuses for the secretariat
	Status   Status   // one of them, or "" for all of them
	Search   string   // a part of the member's Persian or English name or of its slug
	Page     int      // from 1; out of range is the nearest page
}

// MemberPage is a page of memberships with the counts of the list.
type MemberPage struct {
	Members    []Member
	Status     Status         // the status listed, "" for all
	Counts     map[Status]int // each listed status's memberships under the search
	web.Window                // the page shown; its Total is under the status and the search
}

// ListMembers returns a page of an association's memberships by the
// member's name. The search is Persian-normalized, as names are indexed
// (name_key): Arabic or Persian letters, hamza seats, half-spaces and
// spaces make no difference.
func (s *Service) ListMembers(ctx context.Context, assocID int64, q MemberQuery) (MemberPage, error) {
	q = q.clean()
	p := MemberPage{Status: q.Status, Counts: map[Status]int{}}
	from, w := q.filter(assocID, false)
	counts, err := store.QueryAll(ctx, s.db.Read, scanCount, `SELECT m.status, count(*) `+from+w.String()+` GROUP BY m.status`, w.Args...)
	if err != nil {
		return p, err
	}
	total := 0
	for _, c := range counts {
		p.Counts[c.status] = c.n
		if q.Status == "" || q.Status == c.status {
			total += c.n
		}
	}
	p.Window = web.PageWindow(total, PageSize, q.Page)
	_, w = q.filter(assocID, true)
	p.Members, err = store.QueryAll(ctx, s.db.Read, scanMember, memberSelect+w.String()+` ORDER BY o.name_fa, m.id DESC`+
		w.Page(PageSize, p.Offset()), w.Args...)
	return p, err
}

// clean drops a status the list does not show: the list shows them all.
func (q MemberQuery) clean() MemberQuery {
	if !slices.Contains(q.Statuses, q.Status) {
		q.Status = ""
	}
	return q
}

type statusCount struct {
	status Status
	n      int
}

func scanCount(r store.Scanner) (statusCount, error) {
	var c statusCount
	return c, r.Scan(&c.status, &c.n)
}

// filter is the FROM and WHERE of the query's memberships with their
// arguments; withStatus adds the one status chosen. The organizations are
// joined only when their names are searched or read.
func (q MemberQuery) filter(assocID int64, withStatus bool) (from string, w *store.Where) {
	w = &store.Where{}
	w.Add("m.association_id = ?", assocID)
	statuses := make([]any, len(q.Statuses))
	for i, st := range q.Statuses {
		statuses[i] = string(st)
	}
	w.Add("m.status IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(statuses)), ", ")+")", statuses...)
	if withStatus && q.Status != "" {
		w.Add("m.status = ?", string(q.Status))
	}
	from = "FROM memberships m"
	if key := likeKey(persian.SearchKey(q.Search)); key != "" {
		from += " JOIN organizations o ON o.id = m.member_id"
		w.Add("(o.name_key LIKE ? OR lower(o.name_en) LIKE ? OR o.slug LIKE ?)", "%"+key+"%",
			"%"+likeKey(strings.ToLower(strings.TrimSpace(q.Search)))+"%", "%"+key+"%")
	}
	return from, w
}

// likeKey drops LIKE's wildcards from a search, so that they match
// themselves nowhere rather than everything.
func likeKey(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '%' || r == '_' || r == '\\' {
			return -1
		}
		return r
	}, s)
}
