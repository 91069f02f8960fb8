package practices

import (
	"cmp"
	"context"
	"database/sql"
	"maps"
	"slices"
	"strings"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/web/bitext"
)

func insertPractice(ctx context.Context, tx *sql.Tx, p *Practice) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO practices
		(org_id, title_fa, title_en, problem_fa, problem_en, action_fa, action_en, results_fa, results_en,
		 contact_name, contact_email, contact_phone, status, title_key, search_key, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id`,
		p.OrgID, p.TitleFa, p.TitleEn, p.ProblemFa, p.ProblemEn, p.ActionFa, p.ActionEn, p.ResultsFa, p.ResultsEn,
		p.ContactName, p.ContactEmail, p.ContactPhone, p.Status, persian.SearchKey(p.TitleFa), p.searchKey(),
		p.CreatedBy, store.Millis(p.CreatedAt)).Scan(&p.ID)
	if store.IsUniqueViolation(err) {
		return errTitleUsed
	}
	if err != nil {
		return err
	}
	return insertLabels(ctx, tx, *p)
}

// insertLabels stores a practice's topic tags and groups. A group id that
// names no group breaks the foreign key: the form's problem, not a fault.
func insertLabels(ctx context.Context, tx *sql.Tx, p Practice) error {
	for _, t := range p.Tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO practice_tags (practice_id, tag, tag_key) VALUES ($1, $2, $3)`,
			p.ID, t, persian.SearchKey(t)); err != nil {
			return err
		}
	}
	for _, g := range p.Groups {
		_, err := tx.ExecContext(ctx, `INSERT INTO practice_groups (practice_id, group_id) VALUES ($1, $2)`, p.ID, g)
		if store.IsForeignKeyViolation(err) {
			return errNoGroup
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func updatePractice(ctx context.Context, tx *sql.Tx, p Practice) error {
	_, err := tx.ExecContext(ctx, `UPDATE practices SET title_fa = $1, title_en = $2, problem_fa = $3, problem_en = $4,
		action_fa = $5, action_en = $6, results_fa = $7, results_en = $8, contact_name = $9, contact_email = $10,
		contact_phone = $11, status = $12, unpublish_reason = $13, title_key = $14, search_key = $15, updated_at = $16,
		published_at = $17 WHERE id = $18`,
		p.TitleFa, p.TitleEn, p.ProblemFa, p.ProblemEn, p.ActionFa, p.ActionEn, p.ResultsFa, p.ResultsEn,
		p.ContactName, p.ContactEmail, p.ContactPhone, p.Status, p.UnpublishReason, persian.SearchKey(p.TitleFa),
		p.searchKey(), store.Millis(p.UpdatedAt), store.Millis(p.PublishedAt), p.ID)
	if store.IsUniqueViolation(err) {
		return errTitleUsed
	}
	if err != nil {
		return err
	}
	for _, table := range []string{"practice_tags", "practice_groups"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE practice_id = $1`, p.ID); err != nil {
			return err
		}
	}
	return insertLabels(ctx, tx, p)
}

const practiceColumns = `p.id, p.org_id, p.title_fa, p.title_en, p.problem_fa, p.problem_en,
	p.action_fa, p.action_en, p.results_fa, p.results_en, p.contact_name, p.contact_email, p.contact_phone,
	p.status, p.unpublish_reason, p.created_by, p.created_at, p.updated_at, p.published_at`

const practiceFrom = ` FROM practices p`

func scanPractice(r store.Scanner) (Practice, error) {
	var p Practice
	err := r.Scan(&p.ID, &p.OrgID, &p.TitleFa, &p.TitleEn,
		&p.ProblemFa, &p.ProblemEn, &p.ActionFa, &p.ActionEn, &p.ResultsFa, &p.ResultsEn, &p.ContactName,
		&p.ContactEmail, &p.ContactPhone, &p.Status, &p.UnpublishReason, &p.CreatedBy, store.Time(&p.CreatedAt), store.Time(&p.UpdatedAt), store.Time(&p.PublishedAt))
	return p, err
}

// withOrgs sets each practice's organization's path, address and names,
// read through q in one batch.
func (s *Service) withOrgs(ctx context.Context, q store.Queryer, ps []Practice) error {
	return store.Attach(ctx, ps, func(p *Practice) int64 { return p.OrgID }, s.orgs.In(q).Briefs, func(p *Practice, o org.Org) {
		p.OrgPath, p.OrgSlug, p.OrgNameFa, p.OrgNameEn = o.Path, o.Slug, o.NameFa, o.NameEn
	})
}

func (s *Service) practiceByID(ctx context.Context, q store.Queryer, id int64) (Practice, error) {
	p, err := scanPractice(q.QueryRowContext(ctx, `SELECT `+practiceColumns+practiceFrom+` WHERE p.id = $1`, id))
	err = store.NotFound(err, errNoPractice)
	if err != nil {
		return p, err
	}
	if p.Tags, err = loadTags(ctx, q, id); err != nil {
		return p, err
	}
	ps := []Practice{p}
	if err := s.withOrgs(ctx, q, ps); err != nil {
		return p, err
	}
	err = loadGroups(ctx, q, ps)
	return ps[0], err
}

func loadTags(ctx context.Context, q store.Queryer, id int64) ([]string, error) {
	return store.QueryAll(ctx, q, func(r store.Scanner) (string, error) {
		var t string
		return t, r.Scan(&t)
	}, `SELECT tag FROM practice_tags WHERE practice_id = $1 ORDER BY tag_key`, id)
}

// loadGroups fills in the groups of every practice of ps, in one query.
func loadGroups(ctx context.Context, q store.Queryer, ps []Practice) error {
	if len(ps) == 0 {
		return nil
	}
	at := make(map[int64]*Practice, len(ps))
	ids := make([]int64, len(ps))
	for i := range ps {
		at[ps[i].ID], ids[i] = &ps[i], ps[i].ID
	}
	marks, args := store.InList(ids)
	rows, err := q.QueryContext(ctx, `SELECT practice_id, group_id FROM practice_groups
		WHERE practice_id IN (`+marks+`) ORDER BY practice_id, group_id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var pid, gid int64
		if err := rows.Scan(&pid, &gid); err != nil {
			return err
		}
		at[pid].Groups = append(at[pid].Groups, gid)
	}
	return rows.Err()
}

// where is the condition a query asks in the dialect d; city is the
// organization named City and those under it, as the organization module
// lists them.
func (q Query) where(d store.Dialect, city []int64) *store.Where {
	w := &store.Where{}
	if q.OrgID > 0 {
		w.Add("p.org_id = ?", q.OrgID)
	} else {
		w.Add("p.status = ?", Published)
	}
	if q.City != "" {
		w.Add(w.InIDs(d, "p.org_id", city))
	}
	if key := persian.SearchKey(q.Tag); key != "" {
		w.Add("EXISTS (SELECT 1 FROM practice_tags t WHERE t.practice_id = p.id AND t.tag_key = ?)", key)
	}
	if q.Group != 0 {
		w.Add("EXISTS (SELECT 1 FROM practice_groups g WHERE g.practice_id = p.id AND g.group_id = ?)", q.Group)
	}
	bitext.Search(w, "p.search_key", q.Search)
	return w
}

func (s *Service) listPractices(ctx context.Context, db store.Queryer, q Query) ([]Practice, int, error) {
	var city []int64
	if q.City != "" {
		var err error
		if city, err = s.orgs.In(db).Subtree(ctx, q.City); err != nil {
			return nil, 0, err
		}
	}
	w := q.where(s.db.Dialect, city)
	var total int
	if err := db.QueryRowContext(ctx, `SELECT count(*)`+practiceFrom+w.String(), w.Args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = PageSize
	}
	ps, err := store.QueryAll(ctx, db, scanPractice, `SELECT `+practiceColumns+practiceFrom+w.String()+`
		ORDER BY coalesce(p.published_at, p.created_at) DESC, p.id DESC`+w.Page(q.Limit, max(q.Offset, 0)), w.Args...)
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
	if err := s.withOrgs(ctx, db, ps); err != nil {
		return nil, 0, err
	}
	return ps, total, loadGroups(ctx, db, ps)
}

func publishedTags(ctx context.Context, db store.Queryer) ([]string, error) {
	return store.QueryAll(ctx, db, func(r store.Scanner) (string, error) {
		var t string
		var n int
		return t, r.Scan(&t, &n)
	}, `SELECT min(t.tag), count(*) FROM practice_tags t JOIN practices p ON p.id = t.practice_id WHERE p.status = $1
		GROUP BY t.tag_key ORDER BY count(*) DESC, min(t.tag)`, Published)
}

// publishedGroups lists the groups that published practices name, the
// most named first.
func publishedGroups(ctx context.Context, db store.Queryer) ([]int64, error) {
	return store.QueryAll(ctx, db, func(r store.Scanner) (int64, error) {
		var id int64
		var n int
		return id, r.Scan(&id, &n)
	}, `SELECT g.group_id, count(*) FROM practice_groups g JOIN practices p ON p.id = g.practice_id WHERE p.status = $1
		GROUP BY g.group_id ORDER BY count(*) DESC, g.group_id`, Published)
}

// association is an association's name and address.
type association struct {
	ID   int64
	Slug string
	Name i18n.Text
}

// associations reads the associations with the given ids, or every one
// for nil, by Persian name.
func (s *Service) associations(ctx context.Context, ids []int64) ([]association, error) {
	var orgs []org.Org
	if ids == nil {
		var err error
		if orgs, err = s.orgs.Find(ctx, org.Select{Kinds: []org.Kind{org.Association}}); err != nil {
			return nil, err
		}
	} else {
		byID, err := s.orgs.Briefs(ctx, ids)
		if err != nil {
			return nil, err
		}
		orgs = slices.SortedFunc(maps.Values(byID), func(a, b org.Org) int {
			return cmp.Or(strings.Compare(a.NameFa, b.NameFa), cmp.Compare(a.ID, b.ID))
		})
	}
	out := make([]association, len(orgs))
	for i, o := range orgs {
		out[i] = association{ID: o.ID, Slug: o.Slug, Name: i18n.Text{Fa: o.NameFa, En: o.NameEn}}
	}
	return out, nil
}
