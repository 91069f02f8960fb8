package servicecatalog

import (
	"context"
	"database/sql"
	"fmt"

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

const itemColumns = `m.id, m.org_id, o.path, o.slug, o.name_fa, o.name_en, m.category, m.title_fa, m.title_en,
	m.description_fa, m.description_en, m.eligibility_fa, m.eligibility_en, m.steps_fa, m.steps_en, m.online_url,
	m.address_fa, m.address_en, m.hours_fa, m.hours_en, m.phone, m.fees_fa, m.fees_en, m.retired_at, m.created_at, m.updated_at`

const itemFrom = ` FROM municipal_services m JOIN organizations o ON o.id = m.org_id`

func scanItem(r store.Scanner) (Item, error) {
	var it Item
	err := r.Scan(&it.ID, &it.OrgID, &it.OrgPath, &it.OrgSlug, &it.OrgNameFa, &it.OrgNameEn, &it.Category, &it.TitleFa, &it.TitleEn,
		&it.DescriptionFa, &it.DescriptionEn, &it.EligibilityFa, &it.EligibilityEn, &it.StepsFa, &it.StepsEn, &it.OnlineURL,
		&it.AddressFa, &it.AddressEn, &it.HoursFa, &it.HoursEn, &it.Phone, &it.FeesFa, &it.FeesEn,
		store.Time(&it.RetiredAt), store.Time(&it.CreatedAt), store.Time(&it.UpdatedAt))
	return it, err
}

func itemByID(ctx context.Context, q store.Queryer, id int64) (Item, error) {
	it, err := scanItem(q.QueryRowContext(ctx, `SELECT `+itemColumns+itemFrom+` WHERE m.id = $1`, id))
	return it, store.NotFound(err, errNoItem)
}

func (q Query) where() *store.Where {
	w := &store.Where{}
	if !q.Retired {
		w.Add("m.retired_at IS NULL")
	}
	if q.Org != "" {
		w.Add("o.path LIKE (SELECT c.path FROM organizations c WHERE c.slug = ?) || '%'", q.Org)
	}
	if q.Category != "" {
		w.Add("m.category = ?", q.Category)
	}
	bitext.Search(w, "m.search_key", q.Search)
	return w
}

func listItems(ctx context.Context, db store.Queryer, q Query) ([]Item, int, error) {
	w := q.where()
	var total int
	if err := db.QueryRowContext(ctx, `SELECT count(*)`+itemFrom+w.String(), w.Args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = PageSize
	}
	items, err := store.QueryAll(ctx, db, scanItem, `SELECT `+itemColumns+itemFrom+w.String()+`
		ORDER BY o.name_fa, m.category, m.title_fa, m.id`+w.Page(q.Limit, max(q.Offset, 0)), w.Args...)
	return items, total, err
}
