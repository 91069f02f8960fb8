package practices

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/store"
)

// Service is the library's use cases; each change runs one transaction.
type Service struct {
	db     *store.DB
	orgs   *org.Service // the practices' organizations, and the associations
	groups Groups       // the associations' groups a practice names (groups.go)
	now    func() time.Time
}

// NewService returns the service over db with its collaborators and clock.
func NewService(db *store.DB, orgs *org.Service, groups Groups, now func() time.Time) *Service {
	return &Service{db: db, orgs: orgs, groups: groups, now: now}
}

var (
	errNoPractice = apperr.New(apperr.NotFound, "تجربه پیدا نشد.", "No such practice.")
	errNoOrg      = invalid("org", "سازمان پیدا نشد.", "No such organization.")
	errTitleUsed  = apperr.New(apperr.Conflict, "این سازمان تجربه‌ای با همین عنوان دارد.",
		"This organization already has a practice with this title.")
	errPublished = apperr.New(apperr.Conflict, "این تجربه پیش‌تر منتشر شده است.", "This practice is already published.")
	errNotShown  = apperr.New(apperr.Conflict, "فقط تجربه‌ای منتشرشده برداشته می‌شود.", "Only a published practice can be taken down.")
	errRestore   = apperr.New(apperr.Forbidden, "این تجربه را گرداننده سامانه برداشته است؛ فقط او آن را دوباره منتشر می‌کند.",
		"The operator took this practice down; only the operator may publish it again.")
	errOperator = apperr.New(apperr.Forbidden, "فقط گرداننده سامانه تجربه‌ای را برمی‌دارد.", "Only the operator may take a practice down.")
	errReason   = invalid("reason", "دلیل برداشتن را بنویسید.", "Give the reason for taking it down.")
	errNoGroup  = invalid("groups", "کمیسیون، کارگروه یا شبکه‌ای که انتخاب شده در هیچ انجمنی نیست.",
		"A chosen commission, working group or network belongs to no association.")
)

// Create stores a new practice of its organization as a draft.
func (s *Service) Create(ctx context.Context, actor Actor, p Practice) (Practice, error) {
	p.normalize()
	if err := p.Validate(); err != nil {
		return Practice{}, err
	}
	now := s.now()
	p.Status, p.CreatedBy, p.CreatedAt, p.UpdatedAt = Draft, actor.ID, now, now
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		place, err := s.orgs.In(tx).Place(ctx, p.OrgID)
		if apperr.CodeOf(err) == apperr.NotFound {
			return errNoOrg
		}
		if err != nil {
			return err
		}
		p.OrgPath = place.Path
		if err := insertPractice(ctx, tx, &p); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, "practice.create", nil, p)
	})
	return p, err
}

// Update replaces a practice's texts, tags, groups and contact; its status
// stays.
// The practice must belong to orgID: staff edit their own organization's.
func (s *Service) Update(ctx context.Context, actor Actor, orgID int64, in Practice) (Practice, error) {
	in.normalize()
	if err := in.Validate(); err != nil {
		return Practice{}, err
	}
	return s.change(ctx, actor, orgID, in.ID, "practice.update", func(p *Practice) error {
		in.OrgID, in.OrgPath, in.OrgSlug, in.OrgNameFa, in.OrgNameEn = p.OrgID, p.OrgPath, p.OrgSlug, p.OrgNameFa, p.OrgNameEn
		in.Status, in.UnpublishReason, in.CreatedBy, in.CreatedAt, in.PublishedAt = p.Status, p.UnpublishReason, p.CreatedBy, p.CreatedAt, p.PublishedAt
		*p = in
		return nil
	})
}

// Publish puts a draft in the public library. A practice the operator
// took down goes back only by the operator's hand.
func (s *Service) Publish(ctx context.Context, actor Actor, orgID, id int64) (Practice, error) {
	return s.change(ctx, actor, orgID, id, "practice.publish", func(p *Practice) error {
		switch {
		case p.Status == Published:
			return errPublished
		case p.Status == Unpublished && !actor.Operator:
			return errRestore
		}
		p.Status, p.UnpublishReason = Published, ""
		if p.PublishedAt.IsZero() {
			p.PublishedAt = s.now()
		}
		return nil
	})
}

// Unpublish takes a published practice down, with the reason the author
// organization's staff will read. Only the operator does this.
func (s *Service) Unpublish(ctx context.Context, actor Actor, id int64, reason string) (Practice, error) {
	if !actor.Operator {
		return Practice{}, errOperator
	}
	if reason == "" {
		return Practice{}, errReason
	}
	return s.change(ctx, actor, 0, id, "practice.unpublish", func(p *Practice) error {
		if p.Status != Published {
			return errNotShown
		}
		p.Status, p.UnpublishReason = Unpublished, reason
		return nil
	})
}

// change loads a practice (of orgID, unless 0), applies edit and stores
// the result with its audit entry, all in one transaction.
func (s *Service) change(ctx context.Context, actor Actor, orgID, id int64, action string, edit func(*Practice) error) (Practice, error) {
	var p Practice
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.practiceByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if orgID != 0 && before.OrgID != orgID {
			return errNoPractice
		}
		p = before
		if err := edit(&p); err != nil {
			return err
		}
		p.UpdatedAt = s.now()
		if err := updatePractice(ctx, tx, p); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, action, before, p)
	})
	return p, err
}

func (s *Service) record(ctx context.Context, tx *sql.Tx, actor Actor, action string, before, after any) error {
	p := after.(Practice)
	return audit.Record(ctx, tx, s.now(), audit.Change{ActorID: actor.ID, OrgID: p.OrgID, OrgPath: p.OrgPath,
		Action: action, Entity: "practice", EntityID: p.ID, Before: before, After: after})
}

// Practice returns one practice, whatever its status: callers decide who
// may see a draft.
func (s *Service) Practice(ctx context.Context, id int64) (Practice, error) {
	return s.practiceByID(ctx, s.db.Read, id)
}

// Query selects a page of the public library.
type Query struct {
	Search string // Persian-normalized, every word must match
	Tag    string // a topic tag; "" for all
	Group  int64  // an association's group; 0 for all
	City   string // an organization's slug: its practices and those of the organizations under it
	OrgID  int64  // staff lists: one organization's, in every status
	Offset int
	Limit  int
}

// PageSize is how many practices a page of the library lists.
const PageSize = 20

// List returns one page of practices and how many match in all: the
// published ones, or, with OrgID, every practice of that organization.
func (s *Service) List(ctx context.Context, q Query) ([]Practice, int, error) {
	return s.listPractices(ctx, s.db.Read, q)
}

// Tags lists the topic tags of published practices, for the library's
// filter, most used first.
func (s *Service) Tags(ctx context.Context) ([]string, error) {
	return publishedTags(ctx, s.db.Read)
}

// PublishedGroups lists the groups that published practices name, the
// most named first, for the library's filter.
func (s *Service) PublishedGroups(ctx context.Context) ([]int64, error) {
	return publishedGroups(ctx, s.db.Read)
}

// City is an organization that shares published practices, for the
// library's filter.
type City struct {
	Slug string
	Name i18n.Text
}

// Cities lists the organizations with published practices, by name.
func (s *Service) Cities(ctx context.Context) ([]City, error) {
	ids, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, `SELECT DISTINCT org_id FROM practices WHERE status = $1`, Published)
	if err != nil {
		return nil, err
	}
	orgs, err := s.orgs.Briefs(ctx, ids)
	cities := make([]City, 0, len(orgs))
	for _, o := range orgs {
		cities = append(cities, City{Slug: o.Slug, Name: i18n.Text{Fa: o.NameFa, En: o.NameEn}})
	}
	slices.SortFunc(cities, func(a, b City) int {
		return cmp.Or(strings.Compare(a.Name.Fa, b.Name.Fa), strings.Compare(a.Slug, b.Slug))
	})
	return cities, err
}
