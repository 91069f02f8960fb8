package practices

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/practices/bitext"
	"github.com/shahr-city/shahr/internal/store"
)

func insertPractice(ctx context.Context, tx *sql.Tx, p *Practice) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO practices
		(org_id, title_fa, title_en, problem_fa, problem_en, action_fa, action_en, results_fa, results_en,
		 commission, commission_key, contact_name, contact_email, contact_phone, status, title_key, search_key,
		 created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) RETURNING id`,
		p.OrgID, p.TitleFa, p.TitleEn, p.ProblemFa, p.ProblemEn, p.ActionFa, p.ActionEn, p.ResultsFa, p.ResultsEn,
		p.Commission, persian.SearchKey(p.Commission), p.ContactName, p.ContactEmail, p.ContactPhone, p.Status,
		persian.SearchKey(p.TitleFa), p.searchKey(), p.CreatedBy, store.Millis(p.CreatedAt)).Scan(&p.ID)
	if store.IsUniqueViolation(err) {
		return errTitleUsed
	}
	if err != nil {
		return err
	}
	return insertTags(ctx, tx, p.ID, p.Tags)
}

func insertTags(ctx context.Context, tx *sql.Tx, id int64, tags []string) error {
	for _, t := range tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO practice_tags (practice_id, tag, tag_key) VALUES ($1, $2, $3)`,
			id, t, persian.SearchKey(t)); err != nil {
			return err
		}
	}
	return nil
}

func updatePractice(ctx context.Context, tx *sql.Tx, p Practice) error {
	_, err := tx.ExecContext(ctx, `UPDATE practices SET title_fa = $1, title_en = $2, problem_fa = $3, problem_en = $4,
		action_fa = $5, action_en = $6, results_fa = $7, results_en = $8, commission = $9, commission_key = $10,
		contact_name = $11, contact_email = $12, contact_phone = $13, status = $14, unpublish_reason = $15,
		title_key = $16, search_key = $17, updated_at = $18, published_at = $19 WHERE id = $20`,
		p.TitleFa, p.TitleEn, p.ProblemFa, p.ProblemEn, p.ActionFa, p.ActionEn, p.ResultsFa, p.ResultsEn,
		p.Commission, persian.SearchKey(p.Commission), p.ContactName, p.ContactEmail, p.ContactPhone, p.Status,
		p.UnpublishReason, persian.SearchKey(p.TitleFa), p.searchKey(), store.Millis(p.UpdatedAt), store.Millis(p.PublishedAt), p.ID)
	if store.IsUniqueViolation(err) {
		return errTitleUsed
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM practice_tags WHERE practice_id = $1`, p.ID); err != nil {
		return err
	}
	return insertTags(ctx, tx, p.ID, p.Tags)
}

const practiceColumns = `p.id, p.org_id, o.path, o.slug, o.name_fa, o.name_en, p.title_fa, p.title_en, p.problem_fa, p.problem_en,
	p.action_fa, p.action_en, p.results_fa, p.results_en, p.commission, p.contact_name, p.contact_email, p.contact_phone,
	p.status, p.unpublish_reason, p.created_by, p.created_at, p.updated_at, p.published_at`

const practiceFrom = ` FROM practices p JOIN organizations o ON o.id = p.org_id`

func scanPractice(r store.Scanner) (Practice, error) {
	var p Practice
	err := r.Scan(&p.ID, &p.OrgID, &p.OrgPath, &p.OrgSlug, &p.OrgNameFa, &p.OrgNameEn, &p.TitleFa, &p.TitleEn,
		&p.ProblemFa, &p.ProblemEn, &p.ActionFa, &p.ActionEn, &p.ResultsFa, &p.ResultsEn, &p.Commission,
		&p.ContactName, &p.ContactEmail, &p.ContactPhone, &p.Status, &p.UnpublishReason, &p.CreatedBy,
		store.Time(&p.CreatedAt), store.Time(&p.UpdatedAt), store.Time(&p.PublishedAt))
	return p, err
}

func practiceByID(ctx context.Context, q store.Queryer, id int64) (Practice, error) {
	p, err := scanPractice(q.QueryRowContext(ctx, `SELECT `+practiceColumns+practiceFrom+` WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errNoPractice
	}
	if err != nil {
		return p, err
	}
	p.Tags, err = loadTags(ctx, q, id)
	return p, err
}

func loadTags(ctx context.Context, q store.Queryer, id int64) ([]string, error) {
	return store.QueryAll(ctx, q, func(r store.Scanner) (string, error) {
		var t string
		return t, r.Scan(&t)
	}, `SELECT tag FROM practice_tags WHERE practice_id = $1 ORDER BY tag_key`, id)
}

// where is the condition a query asks, with its arguments.
func (q Query) where() (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, fmt.Sprintf(cond, len(args)))
	}
	if q.OrgID > 0 {
		add("p.org_id = $%d", q.OrgID)
	} else {
		add("p.status = $%d", Published)
	}
	if q.City != "" {
		add("o.path LIKE (SELECT c.path FROM organizations c WHERE c.slug = $%d) || '%%'", q.City)
	}
	if key := persian.SearchKey(q.Tag); key != "" {
		add(`(p.commission_key = $%[1]d OR EXISTS (SELECT 1 FROM practice_tags t
			WHERE t.practice_id = p.id AND t.tag_key = $%[1]d))`, key)
	}
	if cond, words := bitext.Where("p.search_key", q.Search, len(args)+1); cond != "" {
		conds, args = append(conds, cond), append(args, words...)
	}
	return strings.Join(conds, " AND "), args
}

func listPractices(ctx context.Context, db store.Queryer, q Query) ([]Practice, int, error) {
	where, args := q.where()
	var total int
	if err := db.QueryRowContext(ctx, `SELECT count(*)`+practiceFrom+` WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = PageSize
	}
	args = append(args, q.Limit, max(q.Offset, 0))
	ps, err := store.QueryAll(ctx, db, scanPractice, fmt.Sprintf(`SELECT %s%s WHERE %s
		ORDER BY coalesce(p.published_at, p.created_at) DESC, p.id DESC LIMIT $%d OFFSET $%d`,
		practiceColumns, practiceFrom, where, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, err
	}
	for i := range ps {
		// A page lists twenty at most: one small query each is cheaper to
		// read than a join that repeats every text per tag.
		if ps[i].Tags, err = loadTags(ctx, db, ps[i].ID); err != nil {
			return nil, 0, err
		}
	}
	return ps, total, nil
}

func publishedTags(ctx context.Context, db store.Queryer) ([]string, error) {
	return store.QueryAll(ctx, db, func(r store.Scanner) (string, error) {
		var t string
		var n int
		return t, r.Scan(&t, &n)
	}, `SELECT min(tag), count(*) FROM (
			SELECT t.tag, t.tag_key FROM practice_tags t JOIN practices p ON p.id = t.practice_id WHERE p.status = $1
			UNION ALL
			SELECT commission, commission_key FROM practices WHERE status = $1 AND commission_key <> '') AS x
		GROUP BY tag_key ORDER BY count(*) DESC, min(tag)`, Published)
}
