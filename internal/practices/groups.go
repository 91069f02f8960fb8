package practices

import (
	"context"
	"errors"
	"net/url"
	"strconv"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/network"
)

// Groups is where the library reads the associations and their
// commissions, working groups and networks: the network module, whose
// *network.Service satisfies it. The library stores only which groups a
// practice names; the database's foreign key refuses a group that does not
// exist.
type Groups interface {
	Directory(ctx context.Context, q string) ([]network.Summary, error)
	Groups(ctx context.Context, assocID int64) ([]network.Group, error)
	Group(ctx context.Context, id int64) (network.Group, error)
}

// SetGroups gives the service the associations' groups to show and offer.
// Without it a practice's groups are stored but cannot be shown.
func (s *Service) SetGroups(g Groups) { s.groups = g }

var errNoGroupSource = errors.New("practices: no source of associations' groups was set")

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
	if s.groups == nil {
		return nil, errNoGroupSource
	}
	list, err := s.groups.Directory(ctx, "")
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
// whether that matters. Each id costs one look-up; the associations' names
// are read once.
func (s *Service) ResolveGroups(ctx context.Context, ids []int64) (map[int64]GroupRef, error) {
	out := make(map[int64]GroupRef, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	if s.groups == nil {
		return nil, errNoGroupSource
	}
	list, err := s.groups.Directory(ctx, "")
	if err != nil {
		return nil, err
	}
	assocs := make(map[int64]network.Summary, len(list))
	for _, a := range list {
		assocs[a.ID] = a
	}
	for _, id := range ids {
		if _, done := out[id]; done {
			continue
		}
		g, err := s.groups.Group(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[id] = refOf(g, assocs[g.AssociationID])
	}
	return out, nil
}

func refOf(g network.Group, a network.Summary) GroupRef {
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
