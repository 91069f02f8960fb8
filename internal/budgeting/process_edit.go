package budgeting

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/store"
)

var (
	errRulesFrozen = apperr.New(apperr.Conflict,
		"رأی‌گیری آغاز شده است؛ قاعده انتخاب، برگه رأی، شرایط شرکت و بودجه و فهرست سرفصل‌ها دیگر تغییر نمی‌کند.",
		"Voting has started: the selection rule, the ballot, who may take part, and the headings and their budgets can no longer change.")
	errPastPhase = invalid("phases",
		"رأی‌گیری آغاز شده است؛ تاریخ‌هایی که گذشته‌اند تغییر نمی‌کنند و تاریخ تازه باید در آینده باشد.",
		"Voting has started: dates already past cannot change, and a new date must lie in the future.")
	errHeadingInUse = invalid("headings", "سرفصلی که طرح یا رأی دارد حذف نمی‌شود.",
		"A heading that has proposals or ballots cannot be removed.")
	errNoHeading   = invalid("headings", "این سرفصل از این فرایند نیست.", "This heading is not one of the process's.")
	errHeadingName = invalid("headings", "دو سرفصل هم‌نام‌اند؛ هر سرفصل نامی جدا می‌خواهد.", "Two headings have the same name; each needs its own.")
	errHeadingArea = invalid("headings", "محدوده هر سرفصل باید منطقه، ناحیه یا محله‌ای زیرمجموعه سازمان برگزارکننده باشد.",
		"Each heading's area must be a district, sub-district or neighbourhood under the organization running the process.")
)

// UpdateProcess changes a process's texts, rules, phases and headings;
// its organization and short address stay. A heading without an id is
// added; one left out is removed, unless it has proposals or ballots.
//
// Until voting starts anything else may change. Once it has, ballots may
// already count: the rule, the ballot, who may take part and the
// headings' areas and budgets stay as they are, and so does every phase
// date already past, so no result can be changed after the fact. Texts,
// and dates still ahead (extending the vote, say), may change.
func (s *Service) UpdateProcess(ctx context.Context, actorID int64, p Process) (Process, error) {
	p.Headings, p.Phases = slices.Clone(p.Headings), slices.Clone(p.Phases)
	if err := p.Validate(); err != nil {
		return Process{}, err
	}
	now := s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		old, err := loadProcess(ctx, tx, "id = $1", p.ID)
		if err != nil {
			return err
		}
		orgs := s.orgs.In(tx)
		place, err := orgs.Place(ctx, old.OrgID)
		if err != nil {
			return err
		}
		old.OrgPath = place.Path
		p.OrgID, p.OrgPath, p.Slug, p.CreatedAt = old.OrgID, old.OrgPath, old.Slug, old.CreatedAt
		if err := checkAreas(ctx, orgs, place, p.Headings); err != nil {
			return err
		}
		if w, ok := old.Window(Voting); ok && !now.Before(w.Start) {
			if err := checkFrozen(old, p, now); err != nil {
				return err
			}
		}
		if err := writeProcess(ctx, tx, old, &p, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: actorID, OrgID: p.OrgID, OrgPath: p.OrgPath,
			Action: "budgeting.process.update", Entity: "budget_process", EntityID: p.ID, Before: old, After: p})
	})
	if err != nil {
		return Process{}, err
	}
	return p, nil
}

// checkAreas makes sure every heading's area is a district,
// sub-district or neighbourhood at or under at, the process's
// organization.
func checkAreas(ctx context.Context, orgs org.Reader, at org.Place, hs []Heading) error {
	var ids []int64
	for _, h := range hs {
		ids = append(ids, h.AreaID)
	}
	areas, err := orgs.Places(ctx, ids)
	if err != nil {
		return err
	}
	for _, h := range hs {
		if a, ok := areas[h.AreaID]; h.AreaID != 0 && (!ok || !a.Kind.IsArea() || !a.Within(at.Path)) {
			return errHeadingArea
		}
	}
	return nil
}

// checkFrozen refuses, once voting has started, a change to what decides
// the count or to a date already past.
func checkFrozen(old, p Process, now time.Time) error {
	if old.Rule != p.Rule || old.Ballot != p.Ballot || old.MinChoices != p.MinChoices || old.MaxChoices != p.MaxChoices ||
		old.MaxPoints != p.MaxPoints || old.Eligibility != p.Eligibility || old.Proposers != p.Proposers ||
		old.Scope != p.Scope || old.MinAge != p.MinAge || len(old.Headings) != len(p.Headings) {
		return errRulesFrozen
	}
	for _, h := range p.Headings {
		was, ok := old.Heading(h.ID)
		if !ok || was.AreaID != h.AreaID || was.Budget != h.Budget {
			return errRulesFrozen
		}
	}
	for _, ph := range PhaseOrder {
		ow, oldHas := old.Window(ph)
		nw, newHas := p.Window(ph)
		if !movesOnlyFuture(ow.Start, nw.Start, oldHas, newHas, now) || !movesOnlyFuture(ow.End, nw.End, oldHas, newHas, now) {
			return errPastPhase
		}
	}
	return nil
}

// movesOnlyFuture says whether a phase boundary changed, if at all, only
// in the future: neither where it was nor where it goes is past.
func movesOnlyFuture(was, is time.Time, wasSet, isSet bool, now time.Time) bool {
	if wasSet == isSet && (!wasSet || was.Equal(is)) {
		return true
	}
	return (!wasSet || now.Before(was)) && (!isSet || now.Before(is))
}

// writeProcess stores p over old: the process row, its phases anew, and
// its headings updated, added or removed.
func writeProcess(ctx context.Context, tx *sql.Tx, old Process, p *Process, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE budget_processes SET title_fa = $1, title_en = $2, description_fa = $3,
		description_en = $4, rule = $5, ballot_kind = $6, min_choices = $7, max_choices = $8, max_points = $9,
		eligibility = $10, heading_scope = $11, propose_eligibility = $12, min_age = $13, updated_at = $14 WHERE id = $15`,
		p.TitleFa, p.TitleEn, p.DescriptionFa, p.DescriptionEn, p.Rule, p.Ballot, p.MinChoices, p.MaxChoices, p.MaxPoints,
		p.Eligibility, p.Scope, p.Proposers, p.MinAge, store.Millis(now), p.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM budget_phases WHERE process_id = $1`, p.ID); err != nil {
		return err
	}
	if err := insertPhases(ctx, tx, p.ID, p.Phases); err != nil {
		return err
	}
	if err := ownHeadings(old, p.Headings); err != nil {
		return err
	}
	if err := removeHeadings(ctx, tx, old, p.Headings); err != nil {
		return err
	}
	return writeHeadings(ctx, tx, p)
}

// ownHeadings refuses a heading id that is none of old's, before any is
// removed: a heading of another process is not this one's to change.
func ownHeadings(old Process, hs []Heading) error {
	for _, h := range hs {
		if _, ok := old.Heading(h.ID); h.ID != 0 && !ok {
			return errNoHeading
		}
	}
	return nil
}

// removeHeadings deletes old's headings that keep is without, refusing
// any that proposals or ballots point at.
func removeHeadings(ctx context.Context, tx *sql.Tx, old Process, keep []Heading) error {
	for _, h := range old.Headings {
		if slices.ContainsFunc(keep, func(k Heading) bool { return k.ID == h.ID }) {
			continue
		}
		var used int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM budget_proposals WHERE heading_id = $1)
			+ (SELECT count(*) FROM budget_ballot_log WHERE heading_id = $1)
			+ (SELECT count(*) FROM budget_paper_entries WHERE heading_id = $1)`, h.ID).Scan(&used); err != nil {
			return err
		}
		if used > 0 {
			return errHeadingInUse
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM budget_headings WHERE id = $1`, h.ID); err != nil {
			return err
		}
	}
	return nil
}

// writeHeadings updates p's existing headings and adds its new ones, in
// p's order.
func writeHeadings(ctx context.Context, tx *sql.Tx, p *Process) error {
	for i := range p.Headings {
		h := &p.Headings[i]
		if h.ID == 0 {
			if err := insertHeading(ctx, tx, p.ID, i, h); err != nil {
				return err
			}
			continue
		}
		h.ProcessID = p.ID
		if err := coversFeasible(ctx, tx, *h); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE budget_headings SET area_id = $1, name_fa = $2, name_en = $3, budget = $4,
			position = $5 WHERE id = $6`, nullID(h.AreaID), h.NameFa, h.NameEn, h.Budget, i, h.ID); err != nil {
			return err
		}
	}
	return nil
}

// coversFeasible refuses a heading's budget below the final cost of a
// project already sent to the vote in it (see withinHeading: a reviewer
// may not send one above the budget, and lowering the budget must not
// make one so afterwards).
func coversFeasible(ctx context.Context, tx *sql.Tx, h Heading) error {
	var most int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(final_cost), 0) FROM budget_proposals
		WHERE heading_id = $1 AND status = $2`, h.ID, StatusFeasible).Scan(&most); err != nil {
		return err
	}
	if h.Budget < most {
		return errBelowFeasible(h, most)
	}
	return nil
}
