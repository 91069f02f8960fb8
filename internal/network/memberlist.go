package network

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/org"
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
	Map      bool     // also place on a map the members listed, on every page
}

// MemberPage is a page of memberships with the counts of the list.
type MemberPage struct {
	Members    []Member
	Status     Status         // the status listed, "" for all
	Counts     map[Status]int // each listed status's memberships under the search
	Places     []org.Pin      // with Map, the members listed that have a geometry, each once, in no order
	web.Window                // the page shown; its Total is under the status and the search
}

// ListMembers returns a page of an association's memberships by the
// member's name. The search is Persian-normalized, as names are indexed
// (name_key): Arabic or Persian letters, hamza seats, half-spaces and
// spaces make no difference.
func (s *Service) ListMembers(ctx context.Context, assocID int64, q MemberQuery) (MemberPage, error) {
	q = q.clean()
	p := MemberPage{Status: q.Status, Counts: map[Status]int{}}
	// Every status the list shows is read, as the counts need them all.
	listed, err := s.listed(ctx, assocID, q.Statuses, q.Search)
	if err != nil {
		return p, err
	}
	var shown []listedMember
	for _, m := range listed {
		p.Counts[m.status]++
		if q.Status == "" || q.Status == m.status {
			shown = append(shown, m)
		}
	}
	if q.Map {
		// From the same memberships as the page: one read of them serves both.
		if p.Places, err = s.orgs.Pins(ctx, orgsOf(shown)); err != nil {
			return p, err
		}
	}
	p.Window = web.PageWindow(len(shown), PageSize, q.Page)
	offset := p.Offset()
	page, err := s.byName(ctx, shown, offset+PageSize)
	if page = page[min(offset, len(page)):min(offset+PageSize, len(page))]; err != nil || len(page) == 0 {
		return p, err
	}
	ids := make([]int64, len(page))
	at := make(map[int64]int, len(page))
	for i, m := range page {
		ids[i], at[m.id] = m.id, i
	}
	cond, arg := s.db.Dialect.InIDs("m.id", 1, ids)
	p.Members, err = s.members(ctx, ` WHERE `+cond, arg)
	// In the list's order, which members of the same name keep.
	slices.SortFunc(p.Members, func(a, b Member) int { return cmp.Compare(at[a.MembershipID], at[b.MembershipID]) })
	return p, err
}

// listedMember is a membership as a list chooses and orders it.
type listedMember struct {
	id, org int64
	status  Status
}

// listed reads the association's memberships in statuses whose member's
// name or address holds the search (the organization module matches
// them), in no order.
func (s *Service) listed(ctx context.Context, assocID int64, statuses []Status, search string) ([]listedMember, error) {
	which, w := inStatuses(assocID, statuses)
	ms, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (listedMember, error) {
		var m listedMember
		var i int64
		err := r.Scan(&m.id, &m.org, &i)
		m.status = statuses[i]
		return m, err
	}, `SELECT id, member_id, `+which+` FROM memberships`+w.String(), w.Args...)
	key := likeKey(persian.SearchKey(search))
	if err != nil || key == "" {
		return ms, err
	}
	matched, err := s.orgs.Rank(ctx, orgsOf(ms), org.NameMatch{Key: key, English: likeKey(strings.ToLower(strings.TrimSpace(search)))}, 0)
	if err != nil {
		return nil, err
	}
	keep := make(map[int64]bool, len(matched))
	for _, id := range matched {
		keep[id] = true
	}
	return slices.DeleteFunc(ms, func(m listedMember) bool { return !keep[m.org] }), nil
}

// byName orders memberships by their member's Persian name, then the
// newest first, and returns the first n at least (a few more when members
// of the same organization cross the cut). The organization module ranks
// the members by name, reading no more than n of them.
func (s *Service) byName(ctx context.Context, ms []listedMember, n int) ([]listedMember, error) {
	ranked, err := s.orgs.Rank(ctx, orgsOf(ms), org.NameMatch{}, n)
	if err != nil {
		return nil, err
	}
	rank := make(map[int64]int, len(ranked))
	for i, id := range ranked {
		rank[id] = i
	}
	var first []listedMember
	for _, m := range ms {
		if _, ok := rank[m.org]; ok {
			first = append(first, m)
		}
	}
	slices.SortFunc(first, func(a, b listedMember) int {
		return cmp.Or(cmp.Compare(rank[a.org], rank[b.org]), cmp.Compare(b.id, a.id))
	})
	return first, nil
}

// inStatuses is the clause that a membership is the association's and in
// one of statuses, and an expression that is the membership's status as
// its place in statuses: a list of thousands reads a number a row, not a
// string.
func inStatuses(assocID int64, statuses []Status) (which string, w *store.Where) {
	w = &store.Where{}
	w.Add("association_id = ?", assocID)
	marks := make([]string, len(statuses))
	which = "CASE status"
	for i, st := range statuses {
		marks[i] = w.Next()
		which += " WHEN " + marks[i] + " THEN " + strconv.Itoa(i)
		w.Args = append(w.Args, string(st))
	}
	w.Add("status IN (" + strings.Join(marks, ", ") + ")")
	return which + " END", w
}

func orgsOf(ms []listedMember) []int64 {
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.org
	}
	return ids
}

// clean drops a status the list does not show: the list shows them all.
func (q MemberQuery) clean() MemberQuery {
	if !slices.Contains(q.Statuses, q.Status) {
		q.Status = ""
	}
	return q
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
