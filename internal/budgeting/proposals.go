package budgeting

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

// Sort orders of a proposals list.
const (
	SortNewest    = "newest"
	SortSupported = "supported"
	SortRandom    = "random"
)

// ProposalQuery selects a page of a process's proposals.
type ProposalQuery struct {
	ProcessID  int64
	HeadingID  int64  // 0: all headings
	CategoryID int64  // 0: all categories
	Status     string // "": every status the public sees
	Search     string // normalized before matching
	Sort       string // SortNewest (default), SortSupported, SortRandom
	Seed       int64  // the visitor's seed for SortRandom
	Staff      bool   // include hidden proposals
	Offset     int
	Limit      int
}

// randomMod is a prime (2³¹−1) above any id. Ordering by id × k mod
// randomMod, with k drawn from the visitor's seed, shuffles proposals
// differently for each visitor and the same on every page they turn, in
// SQLite and PostgreSQL alike (id × k stays far below 2⁶³).
const randomMod = 2147483647

// shuffleFactor turns a seed into a multiplier in [2, randomMod), mixing
// its bits (SplitMix64's finalizer) so that near seeds give unrelated
// orders.
func shuffleFactor(seed int64) int64 {
	z := uint64(seed) + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return int64(z%(randomMod-2)) + 2
}

// Proposals returns one page of proposals and how many match in all.
func (s *Service) Proposals(ctx context.Context, q ProposalQuery) ([]Proposal, int, error) {
	w := q.where()
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT count(*) FROM budget_proposals`+w.String(), w.Args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	order := "id DESC"
	switch q.Sort {
	case SortSupported:
		order = "support_count DESC, id DESC"
	case SortRandom:
		order = fmt.Sprintf("(id * %d) %% %d, id", shuffleFactor(q.Seed), randomMod)
	}
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = 20
	}
	query := `SELECT ` + proposalColumns + ` FROM budget_proposals` + w.String() + ` ORDER BY ` + order + w.Page(q.Limit, max(q.Offset, 0))
	ps, err := store.QueryAll(ctx, s.db.Read, scanProposal, query, w.Args...)
	return ps, total, err
}

func (q ProposalQuery) where() *store.Where {
	w := &store.Where{}
	w.Add("process_id = ?", q.ProcessID)
	if q.HeadingID > 0 {
		w.Add("heading_id = ?", q.HeadingID)
	}
	if q.CategoryID > 0 {
		w.Add("category_id = ?", q.CategoryID)
	}
	switch {
	case q.Status != "":
		w.Add("status = ?", q.Status)
	case !q.Staff:
		w.Add("status <> ?", StatusHidden)
	}
	if !q.Staff && q.Status == StatusHidden {
		w.Add("1 = 0")
	}
	for _, word := range strings.Fields(persian.SearchKey(q.Search)) {
		w.Add(`search_key LIKE ? ESCAPE '\'`, "%"+escapeLike(word)+"%")
	}
	return w
}

// escapeLike makes a search word match itself only.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}

// Proposal returns one proposal; hidden ones only to staff.
func (s *Service) Proposal(ctx context.Context, id int64, staff bool) (Proposal, error) {
	p, err := proposalByID(ctx, s.db.Read, id)
	if err == nil && p.Status == StatusHidden && !staff {
		return p, errNoProposal
	}
	return p, err
}

// Category is a kind of project.
type Category struct {
	ID     int64
	Slug   string
	NameFa string
	NameEn string
}

// Categories lists the categories in the order they were added.
func (s *Service) Categories(ctx context.Context) ([]Category, error) {
	return store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (Category, error) {
		var c Category
		return c, r.Scan(&c.ID, &c.Slug, &c.NameFa, &c.NameEn)
	}, `SELECT id, slug, name_fa, name_en FROM budget_categories ORDER BY id`)
}

// SaveCategory adds a category (ID 0) or renames one, in the audit log
// with the names before and after: categories are shared by every
// process, so a rename shows on pages of every district.
func (s *Service) SaveCategory(ctx context.Context, actorID int64, c Category) (Category, error) {
	c.NameFa, c.NameEn = persian.Normalize(c.NameFa), strings.TrimSpace(c.NameEn)
	if c.NameFa == "" || c.NameEn == "" {
		return c, invalid("name_fa", "نام فارسی و انگلیسی دسته را بنویسید.", "Give the category a Persian and an English name.")
	}
	if c.ID == 0 && !validSlug(c.Slug) {
		return c, invalid("slug", "نشانی کوتاه فقط حروف کوچک لاتین، رقم و خط تیره است.",
			"The short address takes lowercase Latin letters, digits and hyphens.")
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		change := audit.Change{ActorID: actorID, Action: "budgeting.category.create", Entity: "budget_category", After: c}
		if c.ID == 0 {
			err := tx.QueryRowContext(ctx, `INSERT INTO budget_categories (slug, name_fa, name_en) VALUES ($1, $2, $3)
				RETURNING id`, c.Slug, c.NameFa, c.NameEn).Scan(&c.ID)
			if err != nil {
				return err
			}
		} else {
			var before Category
			err := tx.QueryRowContext(ctx, `SELECT id, slug, name_fa, name_en FROM budget_categories WHERE id = $1`, c.ID).
				Scan(&before.ID, &before.Slug, &before.NameFa, &before.NameEn)
			err = store.NotFound(err, errNoCategory)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE budget_categories SET name_fa = $1, name_en = $2 WHERE id = $3`,
				c.NameFa, c.NameEn, c.ID); err != nil {
				return err
			}
			c.Slug = before.Slug
			change.Action, change.Before = "budgeting.category.rename", before
		}
		change.EntityID, change.After = c.ID, c
		return audit.Record(ctx, tx, s.now(), change)
	})
	if store.IsUniqueViolation(err) {
		return c, apperr.New(apperr.Conflict, "دسته‌ای با این نشانی کوتاه هست.", "A category with this short address exists.")
	}
	return c, err
}

var errNoCategory = apperr.New(apperr.NotFound, "دسته پیدا نشد.", "No such category.")

func mustAffect(res sql.Result, notFound error) error {
	n, err := res.RowsAffected()
	if err == nil && n == 0 {
		return notFound
	}
	return err
}

var (
	errSupportClosed = apperr.New(apperr.Invalid, "پشتیبانی از طرح‌ها فقط پیش از بررسی ممکن است.",
		"Proposals can be supported only before review.")
	errFlagReason = invalid("reason", "بنویسید این طرح چه مشکلی دارد.", "Say what is wrong with this proposal.")
)

// Support records (on) or withdraws a person's support of a proposal. It
// is open while proposals are collected and before the proposal is
// reviewed; supporting twice counts once.
func (s *Service) Support(ctx context.Context, userID, proposalID int64, on bool) (Proposal, error) {
	pr, err := s.Proposal(ctx, proposalID, false)
	if err != nil {
		return pr, err
	}
	p, err := s.Process(ctx, pr.ProcessID)
	if err != nil {
		return pr, err
	}
	if w, ok := p.PhaseAt(s.now()); !ok || (w.Phase != Information && w.Phase != Proposals) || pr.Status != StatusSubmitted {
		return pr, errSupportClosed
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var res sql.Result
		var err error
		delta := 1
		if on {
			res, err = tx.ExecContext(ctx, `INSERT INTO budget_supports (proposal_id, user_id, at) VALUES ($1, $2, $3)
				ON CONFLICT (proposal_id, user_id) DO NOTHING`, proposalID, userID, store.Millis(s.now()))
		} else {
			delta = -1
			res, err = tx.ExecContext(ctx, `DELETE FROM budget_supports WHERE proposal_id = $1 AND user_id = $2`, proposalID, userID)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE budget_proposals SET support_count = support_count + $1 WHERE id = $2`, delta, proposalID)
		return err
	})
	if err != nil {
		return pr, err
	}
	return s.Proposal(ctx, proposalID, false)
}

// Supports says whether a person supports a proposal.
func (s *Service) Supports(ctx context.Context, userID, proposalID int64) (bool, error) {
	var one int
	err := s.db.Read.QueryRowContext(ctx, `SELECT 1 FROM budget_supports WHERE proposal_id = $1 AND user_id = $2`,
		proposalID, userID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// Flag records a person's report that a proposal breaks the rules; a
// second report by the same person replaces the first.
func (s *Service) Flag(ctx context.Context, userID, proposalID int64, reason string) error {
	reason = persian.Normalize(reason)
	if reason == "" || len([]rune(reason)) > 1000 {
		return errFlagReason
	}
	if _, err := s.Proposal(ctx, proposalID, false); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.db.CheckDaily(ctx, tx, dailyFlags, userID, s.now()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO budget_flags (proposal_id, reporter_id, reason, at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (proposal_id, reporter_id) DO UPDATE SET reason = excluded.reason, at = excluded.at, resolved_at = NULL`,
			proposalID, userID, reason, store.Millis(s.now()))
		return err
	})
}
