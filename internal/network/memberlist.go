package network

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
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
	Members []Member
	Status  Status         // the status listed, "" for all
	Counts  map[Status]int // each listed status's memberships under the search
	Total   int            // under the status and the search
	Page    int            // the page shown, 1 to Pages
	Pages   int            // at least 1
	From    int            // the first shown's place in the list, from 1; 0 when none is
}

// ListMembers returns a page of an association's memberships by the
// member's name. The search is Persian-normalized, as names are indexed
// (name_key): Arabic or Persian letters, hamza seats, half-spaces and
// spaces make no difference.
func (s *Service) ListMembers(ctx context.Context, assocID int64, q MemberQuery) (MemberPage, error) {
	q = q.clean()
	p := MemberPage{Status: q.Status, Counts: map[Status]int{}}
	from, where, args := q.filter(assocID, false)
	counts, err := store.QueryAll(ctx, s.db.Read, scanCount, `SELECT m.status, count(*) `+from+where+` GROUP BY m.status`, args...)
	if err != nil {
		return p, err
	}
	for _, c := range counts {
		p.Counts[c.status] = c.n
		if q.Status == "" || q.Status == c.status {
			p.Total += c.n
		}
	}
	var offset int
	p.Page, p.Pages, offset = pageOf(p.Total, q.Page)
	_, where, args = q.filter(assocID, true)
	args = append(args, offset)
	p.Members, err = store.QueryAll(ctx, s.db.Read, scanMember, memberSelect+where+` ORDER BY o.name_fa, m.id DESC
		LIMIT `+strconv.Itoa(PageSize)+` OFFSET $`+strconv.Itoa(len(args)), args...)
	if len(p.Members) > 0 {
		p.From = offset + 1
	}
	return p, err
}

// pageOf is the page of a list of total items nearest to the one asked
// for (from 1), how many pages there are (at least 1), and how many items
// come before the page.
func pageOf(total, asked int) (page, pages, offset int) {
	pages = max(1, (total+PageSize-1)/PageSize)
	page = min(max(asked, 1), pages)
	return page, pages, (page - 1) * PageSize
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
func (q MemberQuery) filter(assocID int64, withStatus bool) (from, where string, args []any) {
	args = []any{assocID}
	param := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	in := make([]string, len(q.Statuses))
	for i, st := range q.Statuses {
		in[i] = param(string(st))
	}
	conds := []string{"m.association_id = $1", "m.status IN (" + strings.Join(in, ", ") + ")"}
	if withStatus && q.Status != "" {
		conds = append(conds, "m.status = "+param(string(q.Status)))
	}
	from = "FROM memberships m"
	if key := likeKey(persian.SearchKey(q.Search)); key != "" {
		from += " JOIN organizations o ON o.id = m.member_id"
		conds = append(conds, "(o.name_key LIKE "+param("%"+key+"%")+" OR lower(o.name_en) LIKE "+
			param("%"+likeKey(strings.ToLower(strings.TrimSpace(q.Search)))+"%")+" OR o.slug LIKE "+param("%"+key+"%")+")")
	}
	return from, " WHERE " + strings.Join(conds, " AND "), args
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
