package practices

import (
	"context"
	"net/url"
	"slices"
	"strconv"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/network"
)

// Groups is where the library reads the associations' commissions,
// working groups and networks: the network module, whose *network.Service
// satisfies it. The library stores only which groups a practice names
// (the database's foreign key refuses a group that does not exist), and
// reads the associations' names as it reads every organization's.
type Groups interface {
	Groups(ctx context.Context, assocID int64) ([]network.Group, error)
	Group(ctx context.Context, id int64) (network.Group, error)
}

// GroupRef is a group as the library shows it: its kind and name, and the
// association it belongs to.
type GroupRef struct {
	ID        int64
	Kind      network.GroupKind
	Name      i18n.Text
	AssocSlug string
	AssocName i18n.Text
}

// URL is the group on its association's public page.
func (g GroupRef) URL() string {
	return "/associations/" + url.PathEscape(g.AssocSlug) + "#group-" + strconv.FormatInt(g.ID, 10)
}

// Association is an association with its groups, as the staff form
// offers them.
type Association struct {
	Name   i18n.Text
	Groups []GroupRef
}

// Associations lists the associations that have groups, by Persian name,
// each with its groups: any association's, since their pages are public
// and a practice may serve any of them.
func (s *Service) Associations(ctx context.Context) ([]Association, error) {
	list, err := s.associations(ctx, nil)
	if err != nil {
		return nil, err
	}
	var out []Association
	for _, a := range list {
		gs, err := s.groups.Groups(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		if len(gs) == 0 {
			continue
		}
		as := Association{Name: a.Name}
		for _, g := range gs {
			as.Groups = append(as.Groups, refOf(g, a))
		}
		out = append(out, as)
	}
	return out, nil
}

// ResolveGroups finds the groups ids name, keyed by id. An id that names
// no group (one removed since a page was read) is left out: callers decide
// whether that matters. Each group costs one look-up, and their
// associations one query together.
func (s *Service) ResolveGroups(ctx context.Context, ids []int64) (map[int64]GroupRef, error) {
	out := make(map[int64]GroupRef, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var gs []network.Group
	var assocIDs []int64
	for _, id := range slices.Compact(slices.Sorted(slices.Values(ids))) {
		g, err := s.groups.Group(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		gs, assocIDs = append(gs, g), append(assocIDs, g.AssociationID)
	}
	if len(gs) == 0 {
		return out, nil
	}
	list, err := s.associations(ctx, assocIDs)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]association, len(list))
	for _, a := range list {
		byID[a.ID] = a
	}
	for _, g := range gs {
		out[g.ID] = refOf(g, byID[g.AssociationID])
	}
	return out, nil
}

func refOf(g network.Group, a association) GroupRef {
	return GroupRef{ID: g.ID, Kind: g.Kind, Name: g.Name, AssocSlug: a.Slug, AssocName: a.Name}
}

// refsOf is the practice's groups that refs holds, in the practice's order.
func (p Practice) refsOf(refs map[int64]GroupRef) []GroupRef {
	var out []GroupRef
	for _, id := range p.Groups {
		if g, ok := refs[id]; ok {
			out = append(out, g)
		}
	}
	return out
}
