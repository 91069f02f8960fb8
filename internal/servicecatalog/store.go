package servicecatalog

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/web/bitext"
)

// textColumns are the item's texts in the order args lists them.
const textColumns = `category, title_fa, title_en, description_fa, description_en, eligibility_fa, eligibility_en,
	steps_fa, steps_en, online_url, address_fa, address_en, hours_fa, hours_en, phone, fees_fa, fees_en, title_key, search_key`

func (it Item) args() []any {
	return []any{it.Category, it.TitleFa, it.TitleEn, it.DescriptionFa, it.DescriptionEn, it.EligibilityFa, it.EligibilityEn,
		it.StepsFa, it.StepsEn, it.OnlineURL, it.AddressFa, it.AddressEn, it.HoursFa, it.HoursEn, it.Phone, it.FeesFa, it.FeesEn,
		persian.SearchKey(it.TitleFa), it.searchKey()}
}

func insertItem(ctx context.Context, tx *sql.Tx, it *Item) error {
	args := append(it.args(), it.OrgID, store.Millis(it.CreatedAt))
	n := len(args)
	err := tx.QueryRowContext(ctx, `INSERT INTO municipal_services (`+textColumns+`, org_id, created_at, updated_at)
		VALUES (`+store.Marks(1, n)+fmt.Sprintf(`, $%d) RETURNING id`, n), args...).Scan(&it.ID)
	if store.IsUniqueViolation(err) {
		return errTitleUsed
	}
	return err
}

func updateItem(ctx context.Context, tx *sql.Tx, it Item) error {
	args := append(it.args(), store.Millis(it.RetiredAt), store.Millis(it.UpdatedAt), it.ID)
	n := len(args)
	_, err := tx.ExecContext(ctx, `UPDATE municipal_services SET (`+textColumns+`, retired_at, updated_at) = (`+
		store.Marks(1, n-1)+fmt.Sprintf(`) WHERE id = $%d`, n), args...)
	if store.IsUniqueViolation(err) {
		return errTitleUsed
	}
	return err
}

const itemColumns = `m.id, m.org_id, m.category, m.title_fa, m.title_en,
	m.description_fa, m.description_en, m.eligibility_fa, m.eligibility_en, m.steps_fa, m.steps_en, m.online_url,
	m.address_fa, m.address_en, m.hours_fa, m.hours_en, m.phone, m.fees_fa, m.fees_en, m.retired_at, m.created_at, m.updated_at`

const itemFrom = ` FROM municipal_services m`

func scanItem(r store.Scanner) (Item, error) {
	var it Item
	err := r.Scan(&it.ID, &it.OrgID, &it.Category, &it.TitleFa, &it.TitleEn,
		&it.DescriptionFa, &it.DescriptionEn, &it.EligibilityFa, &it.EligibilityEn, &it.StepsFa, &it.StepsEn, &it.OnlineURL,
		&it.AddressFa, &it.AddressEn, &it.HoursFa, &it.HoursEn, &it.Phone, &it.FeesFa, &it.FeesEn,
		store.Time(&it.RetiredAt), store.Time(&it.CreatedAt), store.Time(&it.UpdatedAt))
	return it, err
}

func (s *Service) itemByID(ctx context.Context, q store.Queryer, id int64) (Item, error) {
	it, err := scanItem(q.QueryRowContext(ctx, `SELECT `+itemColumns+itemFrom+` WHERE m.id = $1`, id))
	if err != nil {
		return it, store.NotFound(err, errNoItem)
	}
	items := []Item{it}
	err = s.withOrgs(ctx, q, items)
	return items[0], err
}

// withOrgs sets each service's organization's path, address and names,
// read through q in one batch.
func (s *Service) withOrgs(ctx context.Context, q store.Queryer, items []Item) error {
	return store.Attach(ctx, items, func(it *Item) int64 { return it.OrgID }, s.orgs.In(q).Briefs, func(it *Item, o org.Org) {
		it.OrgPath, it.OrgSlug, it.OrgNameFa, it.OrgNameEn = o.Path, o.Slug, o.NameFa, o.NameEn
	})
}

// byName orders organizations by Persian name, then id.
func byName(orgs map[int64]org.Org) []org.Org {
	return slices.SortedFunc(maps.Values(orgs), func(a, b org.Org) int {
		return cmp.Or(strings.Compare(a.NameFa, b.NameFa), cmp.Compare(a.ID, b.ID))
	})
}

// where is the condition a query asks in the dialect d; orgs is the
// organization named Org and those under it, as the organization module
// lists them.
func (q Query) where(d store.Dialect, orgs []int64) *store.Where {
	w := &store.Where{}
	if !q.Retired {
		w.Add("m.retired_at IS NULL")
	}
	if q.Org != "" {
		w.Add(w.InIDs(d, "m.org_id", orgs))
	}
	if q.Category != "" {
		w.Add("m.category = ?", q.Category)
	}
	bitext.Search(w, "m.search_key", q.Search)
	return w
}

// listItems reads a page of the services q selects, by their
// organization's Persian name, category and title. The organizations'
// order comes from the organization module: the few that offer the
// services selected are ranked by name, and the query sorts by that rank.
func (s *Service) listItems(ctx context.Context, db store.Queryer, q Query) ([]Item, int, error) {
	var under []int64
	var err error
	if q.Org != "" {
		if under, err = s.orgs.In(db).Subtree(ctx, q.Org); err != nil {
			return nil, 0, err
		}
	}
	w := q.where(s.db.Dialect, under)
	type offer struct{ org, n int64 }
	offers, err := store.QueryAll(ctx, db, func(r store.Scanner) (offer, error) {
		var o offer
		return o, r.Scan(&o.org, &o.n)
	}, `SELECT m.org_id, count(*)`+itemFrom+w.String()+` GROUP BY m.org_id`, w.Args...)
	if err != nil || len(offers) == 0 {
		return nil, 0, err
	}
	var total int
	ids := make([]int64, len(offers))
	for i, o := range offers {
		ids[i], total = o.org, total+int(o.n)
	}
	orgs, err := s.orgs.In(db).Briefs(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	rank := make([]string, 0, len(orgs))
	for i, o := range byName(orgs) {
		rank = append(rank, "WHEN "+w.Next()+" THEN "+strconv.Itoa(i))
		w.Args = append(w.Args, o.ID)
	}
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = PageSize
	}
	query := `SELECT ` + itemColumns + itemFrom + w.String() + ` ORDER BY CASE m.org_id ` + strings.Join(rank, " ") +
		` END, m.category, m.title_fa, m.id` + w.Page(q.Limit, max(q.Offset, 0))
	items, err := store.QueryAll(ctx, db, scanItem, query, w.Args...)
	if err != nil {
		return nil, 0, err
	}
	return items, total, s.withOrgs(ctx, db, items)
}
