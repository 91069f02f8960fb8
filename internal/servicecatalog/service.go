package servicecatalog

import (
	"context"
	"database/sql"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/store"
)

// Service is the catalog's use cases; each change runs one transaction.
type Service struct {
	db   *store.DB
	orgs *org.Service // the organizations offering services
	now  func() time.Time
}

// NewService returns the service over db with its collaborator and clock.
func NewService(db *store.DB, orgs *org.Service, now func() time.Time) *Service {
	return &Service{db: db, orgs: orgs, now: now}
}

var (
	errNoItem    = apperr.New(apperr.NotFound, "خدمت پیدا نشد.", "No such service.")
	errNoOrg     = invalid("org", "سازمان پیدا نشد.", "No such organization.")
	errTitleUsed = apperr.New(apperr.Conflict, "این سازمان خدمتی با همین عنوان دارد.",
		"This organization already offers a service with this title.")
	errRetired = apperr.New(apperr.Conflict, "این خدمت پیش‌تر بازنشسته شده است.", "This service is already retired.")
	errOffered = apperr.New(apperr.Conflict, "این خدمت بازنشسته نیست و ارائه می‌شود.", "This service is not retired: it is offered.")
)

// Create adds a service to its organization's catalog.
func (s *Service) Create(ctx context.Context, actorID int64, it Item) (Item, error) {
	if err := it.Validate(); err != nil {
		return Item{}, err
	}
	now := s.now()
	it.CreatedAt, it.UpdatedAt, it.RetiredAt = now, now, time.Time{}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		place, err := s.orgs.In(tx).Place(ctx, it.OrgID)
		if apperr.CodeOf(err) == apperr.NotFound {
			return errNoOrg
		}
		if err != nil {
			return err
		}
		it.OrgPath = place.Path
		if err := insertItem(ctx, tx, &it); err != nil {
			return err
		}
		return s.record(ctx, tx, actorID, "service.create", nil, it)
	})
	return it, err
}

// Update replaces a service's texts. It must be orgID's.
func (s *Service) Update(ctx context.Context, actorID, orgID int64, in Item) (Item, error) {
	if err := in.Validate(); err != nil {
		return Item{}, err
	}
	return s.change(ctx, actorID, orgID, in.ID, "service.update", func(it *Item) error {
		in.OrgID, in.OrgPath, in.OrgSlug, in.OrgNameFa, in.OrgNameEn = it.OrgID, it.OrgPath, it.OrgSlug, it.OrgNameFa, it.OrgNameEn
		in.RetiredAt, in.CreatedAt = it.RetiredAt, it.CreatedAt
		*it = in
		return nil
	})
}

// Retire marks a service as no longer offered; the public no longer
// finds it in the catalog, and its page says so.
func (s *Service) Retire(ctx context.Context, actorID, orgID, id int64) (Item, error) {
	return s.setRetired(ctx, actorID, orgID, id, true)
}

// Restore offers a retired service again, as it was: a service retired by
// mistake, or offered anew, keeps its page and its history.
func (s *Service) Restore(ctx context.Context, actorID, orgID, id int64) (Item, error) {
	return s.setRetired(ctx, actorID, orgID, id, false)
}

// setRetired retires or restores orgID's service id; asking for the state
// it is in already is a conflict.
func (s *Service) setRetired(ctx context.Context, actorID, orgID, id int64, retire bool) (Item, error) {
	action, already := "service.restore", errOffered
	if retire {
		action, already = "service.retire", errRetired
	}
	return s.change(ctx, actorID, orgID, id, action, func(it *Item) error {
		if it.RetiredAt.IsZero() != retire {
			return already
		}
		it.RetiredAt = time.Time{}
		if retire {
			it.RetiredAt = s.now()
		}
		return nil
	})
}

// change loads orgID's service id, applies edit and stores the result
// with its audit entry, in one transaction.
func (s *Service) change(ctx context.Context, actorID, orgID, id int64, action string, edit func(*Item) error) (Item, error) {
	var it Item
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.itemByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.OrgID != orgID {
			return errNoItem
		}
		it = before
		if err := edit(&it); err != nil {
			return err
		}
		it.UpdatedAt = s.now()
		if err := updateItem(ctx, tx, it); err != nil {
			return err
		}
		return s.record(ctx, tx, actorID, action, before, it)
	})
	return it, err
}

func (s *Service) record(ctx context.Context, tx *sql.Tx, actorID int64, action string, before any, after Item) error {
	return audit.Record(ctx, tx, s.now(), audit.Change{ActorID: actorID, OrgID: after.OrgID, OrgPath: after.OrgPath,
		Action: action, Entity: "municipal_service", EntityID: after.ID, Before: before, After: after})
}

// Item returns one service, retired or not.
func (s *Service) Item(ctx context.Context, id int64) (Item, error) {
	return s.itemByID(ctx, s.db.Read, id)
}

// Query selects a page of the catalog.
type Query struct {
	Search   string   // Persian-normalized, every word must match
	Org      string   // an organization's slug: its services and those of the organizations under it
	Category Category // "" for all
	Retired  bool     // staff lists: retired services too
	Offset   int
	Limit    int // 0: PageSize
}

// PageSize is how many services a page lists.
const PageSize = 30

// List returns one page of services and how many match in all.
func (s *Service) List(ctx context.Context, q Query) ([]Item, int, error) {
	return s.listItems(ctx, s.db.Read, q)
}

// Provider is an organization that offers services, for the catalog's
// filter.
type Provider struct {
	Slug string
	Name i18n.Text
}

// Providers lists the organizations offering services, by name.
func (s *Service) Providers(ctx context.Context) ([]Provider, error) {
	ids, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, `SELECT DISTINCT org_id FROM municipal_services WHERE retired_at IS NULL`)
	if err != nil {
		return nil, err
	}
	orgs, err := s.orgs.Briefs(ctx, ids)
	out := make([]Provider, 0, len(orgs))
	for _, o := range byName(orgs) {
		out = append(out, Provider{Slug: o.Slug, Name: i18n.Text{Fa: o.NameFa, En: o.NameEn}})
	}
	return out, err
}
