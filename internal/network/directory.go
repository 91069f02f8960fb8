package network

import (
	"context"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/i18n"
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
	all, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (Summary, error) {
		var a Summary
		return a, r.Scan(&a.ID, &a.Slug, &a.Path, &a.Name.Fa, &a.Name.En, &a.City.Fa, &a.City.En, &a.Members)
	}, `SELECT o.id, o.slug, o.path, o.name_fa, o.name_en, coalesce(p.city_fa, ''), coalesce(p.city_en, ''),
		(SELECT count(*) FROM memberships m WHERE m.association_id = o.id AND m.status = 'active')
		FROM organizations o LEFT JOIN assoc_profiles p ON p.org_id = o.id
		WHERE o.kind = 'association' ORDER BY o.name_fa`)
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
	return store.QueryAll(ctx, s.db.Read, scanMember, memberSelect+` WHERE m.association_id = $1
		AND m.status IN ('accepted', 'active', 'lapsed') ORDER BY o.name_fa`, assocID)
}

// ActiveMembers lists an association's active members.
func (s *Service) ActiveMembers(ctx context.Context, assocID int64) ([]Member, error) {
	return store.QueryAll(ctx, s.db.Read, scanMember, memberSelect+` WHERE m.association_id = $1 AND m.status = 'active'
		ORDER BY o.name_fa`, assocID)
}

const memberSelect = `SELECT m.association_id, m.id, o.id, o.slug, o.name_fa, o.name_en, m.status, m.since, m.updated_at
	FROM memberships m JOIN organizations o ON o.id = m.member_id`

func scanMember(r store.Scanner) (Member, error) {
	var m Member
	return m, r.Scan(&m.AssociationID, &m.MembershipID, &m.OrgID, &m.Slug, &m.Name.Fa, &m.Name.En, &m.Status,
		store.Time(&m.Since), store.Time(&m.UpdatedAt))
}

// AllMembers lists every association's public members, keyed by the
// association's id, in one query. Each has only what the open-data API
// publishes (its organization's id and Persian name, status and since):
// the API lists thousands, and reading a value costs more than any other
// part of answering it.
func (s *Service) AllMembers(ctx context.Context) (map[int64][]Member, error) {
	all, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (Member, error) {
		var m Member
		return m, r.Scan(&m.AssociationID, &m.OrgID, &m.Name.Fa, &m.Status, store.Time(&m.Since))
	}, `SELECT m.association_id, o.id, o.name_fa, m.status, m.since FROM memberships m JOIN organizations o ON o.id = m.member_id
		WHERE m.status IN ('accepted', 'active', 'lapsed') ORDER BY o.name_fa`)
	out := map[int64][]Member{}
	for _, m := range all {
		out[m.AssociationID] = append(out[m.AssociationID], m)
	}
	return out, err
}
