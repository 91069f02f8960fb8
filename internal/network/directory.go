package network

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

// Summary is an association as the directory lists it.
type Summary struct {
	ID      int64
	Slug    string
	Path    string
	Name    i18n.Text
	City    i18n.Text // the secretariat's city; empty without a profile
	Members int       // active members
}

// Directory lists the associations whose Persian or English name, or
// secretariat city, matches q (Persian-normalized); every one for "".
func (s *Service) Directory(ctx context.Context, q string) ([]Summary, error) {
	all, err := s.associations(ctx)
	key := persian.SearchKey(q)
	if err != nil || key == "" {
		return all, err
	}
	var out []Summary
	for _, a := range all {
		hay := persian.SearchKey(a.Name.Fa+" "+a.City.Fa) + " " + strings.ToLower(a.Name.En+" "+a.City.En+" "+a.Slug)
		if strings.Contains(hay, key) || strings.Contains(hay, strings.ToLower(key)) {
			out = append(out, a)
		}
	}
	return out, nil
}

// associations lists every association by Persian name, with its
// secretariat's city and its active members.
func (s *Service) associations(ctx context.Context) ([]Summary, error) {
	orgs, err := s.orgs.Find(ctx, org.Select{Kinds: []org.Kind{org.Association}})
	if err != nil {
		return nil, err
	}
	out := make([]Summary, len(orgs))
	at := make(map[int64]*Summary, len(orgs))
	for i, o := range orgs {
		out[i] = Summary{ID: o.ID, Slug: o.Slug, Path: o.Path, Name: nameOf(o)}
		at[o.ID] = &out[i]
	}
	// Each row is read into its association as it comes.
	_, err = store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (int64, error) {
		var id int64
		var city i18n.Text
		err := r.Scan(&id, &city.Fa, &city.En)
		if a := at[id]; a != nil {
			a.City = city
		}
		return id, err
	}, `SELECT org_id, city_fa, city_en FROM assoc_profiles`)
	if err != nil {
		return nil, err
	}
	_, err = store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (int64, error) {
		var id int64
		var n int
		err := r.Scan(&id, &n)
		if a := at[id]; a != nil {
			a.Members = n
		}
		return id, err
	}, `SELECT association_id, count(*) FROM memberships WHERE status = 'active' GROUP BY association_id`)
	return out, err
}

// Member is an organization in a list of an association's memberships.
type Member struct {
	AssociationID int64
	MembershipID  int64
	OrgID         int64
	Slug          string
	Name          i18n.Text
	Status        Status
	Since         time.Time // zero before activation
	UpdatedAt     time.Time // the membership's last step
}

// PublicStatuses are the statuses the public sees: the organizations an
// association accepted. Applications are not public.
var PublicStatuses = []Status{Accepted, Active, Lapsed}

// Statuses are every status, in the workflow's order, for the secretariat.
var Statuses = []Status{Draft, CouncilApproved, Submitted, Accepted, Refused, Active, Lapsed}

// Members lists the organizations an association accepted, with their
// status: accepted, active or lapsed.
func (s *Service) Members(ctx context.Context, assocID int64) ([]Member, error) {
	return s.members(ctx, ` WHERE m.association_id = $1 AND m.status IN ('accepted', 'active', 'lapsed')`, assocID)
}

// ActiveMembers lists an association's active members.
func (s *Service) ActiveMembers(ctx context.Context, assocID int64) ([]Member, error) {
	return s.members(ctx, ` WHERE m.association_id = $1 AND m.status = 'active'`, assocID)
}

// members reads the memberships a condition on memberships m selects, with
// their members' addresses and names, by the member's Persian name and
// then the newest membership first.
func (s *Service) members(ctx context.Context, where string, args ...any) ([]Member, error) {
	ms, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (Member, error) {
		var m Member
		return m, r.Scan(&m.AssociationID, &m.MembershipID, &m.OrgID, &m.Status, store.Time(&m.Since), store.Time(&m.UpdatedAt))
	}, `SELECT m.association_id, m.id, m.member_id, m.status, m.since, m.updated_at FROM memberships m`+where, args...)
	if err == nil {
		err = store.Attach(ctx, ms, func(m *Member) int64 { return m.OrgID }, s.orgs.In(s.db.Read).Briefs,
			func(m *Member, o org.Org) { m.Slug, m.Name = o.Slug, nameOf(o) })
	}
	return byName(ms), err
}

// byName orders members by Persian name, then the newest membership first.
func byName(ms []Member) []Member {
	slices.SortFunc(ms, func(a, b Member) int {
		return cmp.Or(strings.Compare(a.Name.Fa, b.Name.Fa), cmp.Compare(b.MembershipID, a.MembershipID))
	})
	return ms
}

// AllMembers lists every association's public members, keyed by the
// association's id, in one query. Each has only what the open-data API
// publishes (its organization's id and Persian name, status and since):
// the API lists thousands, and reading a value costs more than any other
// part of answering it.
func (s *Service) AllMembers(ctx context.Context) (map[int64][]Member, error) {
	all, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (Member, error) {
		var m Member
		return m, r.Scan(&m.AssociationID, &m.OrgID, &m.Status, store.Time(&m.Since))
	}, `SELECT association_id, member_id, status, since FROM memberships WHERE status IN ('accepted', 'active', 'lapsed')
		ORDER BY association_id`)
	if err != nil {
		return nil, err
	}
	// By the members' Persian names, then their organizations' ids, as the
	// organization module orders them (asked after this read, so that it
	// knows every member read), then by association: each row's key is
	// its member's place in that order, then its own in the rows.
	ids := make([]int64, len(all))
	for i, m := range all {
		ids[i] = m.OrgID
	}
	order, err := s.orgs.NameOrder(ctx, ids)
	if err != nil {
		return nil, err
	}
	keys := make([]uint64, len(all))
	perAssoc := map[int64]int{}
	for i, o := range order {
		keys[i] = uint64(o.Place)<<32 | uint64(i)
		perAssoc[all[i].AssociationID]++
	}
	slices.Sort(keys)
	out := make(map[int64][]Member, len(perAssoc))
	for id, n := range perAssoc {
		out[id] = make([]Member, 0, n)
	}
	for _, k := range keys {
		i := int(uint32(k))
		m := all[i]
		m.Name.Fa = order[i].Name.Fa
		out[m.AssociationID] = append(out[m.AssociationID], m)
	}
	return out, err
}
