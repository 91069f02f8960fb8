package budgeting

import (
	"context"
	"database/sql"
	"time"

	"github.com/shahr-city/shahr/internal/store"
)

func insertProcess(ctx context.Context, tx *sql.Tx, p *Process, now time.Time) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO budget_processes
		(org_id, slug, title_fa, title_en, description_fa, description_en, rule, ballot_kind,
		 min_choices, max_choices, max_points, eligibility, heading_scope, propose_eligibility, min_age, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id`,
		p.OrgID, p.Slug, p.TitleFa, p.TitleEn, p.DescriptionFa, p.DescriptionEn, p.Rule, p.Ballot,
		p.MinChoices, p.MaxChoices, p.MaxPoints, p.Eligibility, p.Scope, p.Proposers, p.MinAge, store.Millis(now)).Scan(&p.ID)
	if err != nil {
		return err
	}
	if err := insertPhases(ctx, tx, p.ID, p.Phases); err != nil {
		return err
	}
	for i := range p.Headings {
		if err := insertHeading(ctx, tx, p.ID, i, &p.Headings[i]); err != nil {
			return err
		}
	}
	return nil
}

func insertPhases(ctx context.Context, tx *sql.Tx, processID int64, phases []Window) error {
	for _, w := range phases {
		if _, err := tx.ExecContext(ctx, `INSERT INTO budget_phases (process_id, phase, starts_at, ends_at)
			VALUES ($1, $2, $3, $4)`, processID, w.Phase, store.Millis(w.Start), store.Millis(w.End)); err != nil {
			return err
		}
	}
	return nil
}

// insertHeading stores h as the process's heading at position and sets
// its id.
func insertHeading(ctx context.Context, tx *sql.Tx, processID int64, position int, h *Heading) error {
	h.ProcessID = processID
	return tx.QueryRowContext(ctx, `INSERT INTO budget_headings (process_id, area_id, name_fa, name_en, budget, position)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		processID, nullID(h.AreaID), h.NameFa, h.NameEn, h.Budget, position).Scan(&h.ID)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const processColumns = `id, org_id, slug, title_fa, title_en, description_fa, description_en, rule, ballot_kind,
	min_choices, max_choices, max_points, eligibility, heading_scope, propose_eligibility, min_age, created_at`

func scanProcess(r store.Scanner) (Process, error) {
	var p Process
	err := r.Scan(&p.ID, &p.OrgID, &p.Slug, &p.TitleFa, &p.TitleEn, &p.DescriptionFa, &p.DescriptionEn, &p.Rule,
		&p.Ballot, &p.MinChoices, &p.MaxChoices, &p.MaxPoints, &p.Eligibility, &p.Scope, &p.Proposers, &p.MinAge, store.Time(&p.CreatedAt))
	return p, err
}

// loadProcess reads a process with its phases and headings, not its
// organization's path (the Service's placed sets it).
func loadProcess(ctx context.Context, q store.Queryer, where string, arg any) (Process, error) {
	p, err := scanProcess(q.QueryRowContext(ctx, `SELECT `+processColumns+` FROM budget_processes WHERE `+where, arg))
	err = store.NotFound(err, errNoProcess)
	if err != nil {
		return p, err
	}
	return p, loadParts(ctx, q, &p)
}

func loadParts(ctx context.Context, q store.Queryer, p *Process) error {
	var err error
	p.Phases, err = store.QueryAll(ctx, q, func(r store.Scanner) (Window, error) {
		var w Window
		return w, r.Scan(&w.Phase, store.Time(&w.Start), store.Time(&w.End))
	}, `SELECT phase, starts_at, ends_at FROM budget_phases
		WHERE process_id = $1 ORDER BY starts_at`, p.ID)
	if err != nil {
		return err
	}
	p.Headings, err = store.QueryAll(ctx, q, func(r store.Scanner) (Heading, error) {
		var h Heading
		return h, r.Scan(&h.ID, &h.ProcessID, &h.AreaID, &h.NameFa, &h.NameEn, &h.Budget)
	}, `SELECT id, process_id, coalesce(area_id, 0), name_fa, name_en, budget
		FROM budget_headings WHERE process_id = $1 ORDER BY position, id`, p.ID)
	return err
}
