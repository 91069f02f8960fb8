package support

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/store"
)

var (
	errNoVisit   = apperr.New(apperr.NotFound, "بازدید پیدا نشد.", "No such visit.")
	errNoFinding = apperr.New(apperr.NotFound, "یافته پیدا نشد.", "No such finding.")
	errNoAction  = apperr.New(apperr.NotFound, "اقدام پیگیری پیدا نشد.", "No such follow-up action.")

	errNotPlanned = apperr.New(apperr.Conflict, "فقط برنامه بازدیدی را که هنوز انجام نشده و لغو نشده است می‌توان ویرایش کرد.",
		"Only the plan of a visit not yet made nor cancelled can be edited.")
	errVisitMove = apperr.New(apperr.Conflict, "فقط بازدید برنامه‌ریزی‌شده لغو می‌شود و فقط بازدید لغوشده دوباره در برنامه قرار می‌گیرد؛ بازدید انجام‌شده با گزارشش می‌ماند.",
		"Only a planned visit can be cancelled, and only a cancelled one planned again; a visit made stays done with its report.")
	errCancelledReport = apperr.New(apperr.Conflict, "بازدید لغوشده گزارش ندارد؛ اگر انجام شده است، نخست آن را دوباره در برنامه قرار دهید.",
		"A cancelled visit has no report; if it was made, plan it again first.")
)

const visitColumns = `v.id, v.coop_id, v.town_id, v.planned_on, v.purpose, v.status, v.visited_on, v.summary`

const visitFrom = ` FROM support_visits v`

func scanVisit(r store.Scanner) (Visit, error) {
	var v Visit
	err := r.Scan(&v.ID, &v.CoopID, &v.TownID, store.Time(&v.PlannedOn),
		&v.Purpose, &v.Status, store.Time(&v.VisitedOn), &v.Summary)
	return v, err
}

// visits reads the visits of a query on visitColumns with their towns'
// names and addresses, through q.
func (s *Service) visits(ctx context.Context, q store.Queryer, query string, args ...any) ([]Visit, error) {
	return store.QueryAttach(ctx, q, scanVisit, `SELECT `+visitColumns+visitFrom+query, args,
		func(v *Visit) int64 { return v.TownID }, s.orgs.In(q).Briefs,
		func(v *Visit, o org.Org) { v.TownName, v.TownNameEn, v.TownSlug = o.NameFa, o.NameEn, o.Slug })
}

// validatePlan checks what a visit's plan records: its day and purpose
// (the town is checked against the tree by the service).
func (v Visit) validatePlan() error {
	var e apperr.Validation
	if v.PlannedOn.IsZero() {
		e.Add("planned_on", "تاریخ بازدید را به شکل ۱۴۰۵/۰۹/۰۱ بنویسید.", "Enter the visit's date as 1405/09/01.")
	}
	checkText(&e, "purpose", v.Purpose, maxText)
	return e.Err()
}

// PlanVisit adds a planned visit to one of coop's towns.
func (s *Service) PlanVisit(ctx context.Context, actor int64, coop org.Org, v Visit) (Visit, error) {
	if err := v.validatePlan(); err != nil {
		return v, err
	}
	v.CoopID, v.Status = coop.ID, Planned
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkTown(ctx, tx, coop.ID, v.TownID); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO support_visits (coop_id, town_id, planned_on, purpose, status, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, coop.ID, v.TownID, store.Millis(v.PlannedOn),
			strings.TrimSpace(v.Purpose), v.Status, store.Millis(s.now())).Scan(&v.ID)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coop, "visit.plan", "support_visit", v.ID, nil, v)
	})
	return v, err
}

// EditPlan changes a planned visit's town, day and purpose; findings
// already noted for it move with it to the new town. The plan of a visit
// made or cancelled is the record of what was planned, and stays.
func (s *Service) EditPlan(ctx context.Context, actor int64, coop org.Org, id int64, v Visit) error {
	v.Purpose = strings.TrimSpace(v.Purpose)
	if err := v.validatePlan(); err != nil {
		return err
	}
	v.ID, v.CoopID, v.Status = id, coop.ID, Planned
	return s.apply(ctx, actor, coop, change{action: "visit.edit", entity: "support_visit", id: id, after: v,
		load: func(tx *sql.Tx) (any, error) {
			before, err := s.loadVisit(ctx, tx, coop.ID, id)
			if err == nil && !before.Status.Editable() {
				err = errNotPlanned
			}
			if err == nil {
				err = s.checkTown(ctx, tx, coop.ID, v.TownID)
			}
			return before, err
		},
		writes: []func(*sql.Tx) error{
			exec(ctx, `UPDATE support_visits SET town_id = $1, planned_on = $2, purpose = $3 WHERE id = $4`,
				v.TownID, store.Millis(v.PlannedOn), v.Purpose, id),
			exec(ctx, `UPDATE support_findings SET town_id = $1 WHERE visit_id = $2`, v.TownID, id),
		}})
}

// Visits lists coop's visits by planned date, newest first; townID 0
// lists every town's.
func (s *Service) Visits(ctx context.Context, coop org.Org, townID int64) ([]Visit, error) {
	return s.visits(ctx, s.db.Read, ` WHERE v.coop_id = $1 AND ($2 = 0 OR v.town_id = $2) ORDER BY v.planned_on DESC, v.id DESC`,
		coop.ID, townID)
}

// Visit returns one of coop's visits with its participants, findings and
// actions.
func (s *Service) Visit(ctx context.Context, coop org.Org, id int64) (Visit, error) {
	v, err := s.loadVisit(ctx, s.db.Read, coop.ID, id)
	if err != nil {
		return v, err
	}
	if v.Participants, err = store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (Participant, error) {
		var p Participant
		return p, r.Scan(&p.Name, &p.Role)
	}, `SELECT name, role FROM support_participants WHERE visit_id = $1 ORDER BY id`, id); err != nil {
		return v, err
	}
	if v.Findings, err = store.QueryAll(ctx, s.db.Read, scanFinding, `SELECT `+findingColumns+`
		FROM support_findings WHERE visit_id = $1 ORDER BY id`, id); err != nil {
		return v, err
	}
	v.Actions, err = store.QueryAll(ctx, s.db.Read, scanAction, `SELECT `+actionColumns+`
		FROM support_actions WHERE visit_id = $1 ORDER BY due_on, id`, id)
	return v, err
}

func (s *Service) loadVisit(ctx context.Context, q store.Queryer, coopID, id int64) (Visit, error) {
	vs, err := s.visits(ctx, q, ` WHERE v.id = $1 AND v.coop_id = $2`, id, coopID)
	return store.Single(vs, err, errNoVisit)
}

// Report is what a visit report records.
type Report struct {
	VisitedOn    time.Time
	Summary      string
	Participants []Participant
}

// Validate checks a report before it is stored.
func (r Report) Validate() error {
	var v apperr.Validation
	if r.VisitedOn.IsZero() {
		v.Add("visited_on", "تاریخ بازدید را به شکل ۱۴۰۵/۰۹/۰۱ بنویسید.", "Enter the visit's date as 1405/09/01.")
	}
	if utf8.RuneCountInString(r.Summary) > maxText {
		v.Add("summary", "خلاصه حداکثر ۲۰۰۰ حرف است.", "The summary is at most 2,000 characters.")
	}
	if len(r.Participants) == 0 {
		v.Add("participants", "دست‌کم یک شرکت‌کننده را بنویسید.", "List at least one participant.")
	}
	for _, p := range r.Participants {
		if n := utf8.RuneCountInString(p.Name); n == 0 || n > 200 || !slices.Contains(ParticipantRoles, p.Role) {
			v.Add("participants", "برای هر شرکت‌کننده نام (حداکثر ۲۰۰ حرف) و سمت را بنویسید.", "Give each participant a name (at most 200 characters) and a role.")
			break
		}
	}
	return v.Err()
}

// RecordReport records what a visit found: its date, summary and
// participants (replacing any recorded before); the visit is then done.
// A done visit's report can be recorded again, to correct it; a cancelled
// visit takes none.
func (s *Service) RecordReport(ctx context.Context, actor int64, coop org.Org, id int64, rep Report) error {
	if err := rep.Validate(); err != nil {
		return err
	}
	return s.apply(ctx, actor, coop, change{action: "visit.report", entity: "support_visit", id: id, after: rep,
		load: func(tx *sql.Tx) (any, error) {
			before, err := s.loadVisit(ctx, tx, coop.ID, id)
			if err == nil && !before.Status.Reportable() {
				err = errCancelledReport
			}
			return before, err
		},
		writes: []func(*sql.Tx) error{
			exec(ctx, `UPDATE support_visits SET status = 'done', visited_on = $1, summary = $2 WHERE id = $3`,
				store.Millis(rep.VisitedOn), strings.TrimSpace(rep.Summary), id),
			func(tx *sql.Tx) error { return replaceParticipants(ctx, tx, id, rep.Participants) },
		}})
}

func replaceParticipants(ctx context.Context, tx *sql.Tx, visitID int64, ps []Participant) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM support_participants WHERE visit_id = $1`, visitID); err != nil {
		return err
	}
	for _, p := range ps {
		if _, err := tx.ExecContext(ctx, `INSERT INTO support_participants (visit_id, name, role) VALUES ($1, $2, $3)`,
			visitID, strings.TrimSpace(p.Name), p.Role); err != nil {
			return err
		}
	}
	return nil
}

// Editable reports whether a visit's plan may still change: only while
// it is planned.
func (v VisitStatus) Editable() bool { return v == Planned }

// Reportable reports whether a visit takes a report: any but a cancelled
// one (a visit that happened after all is planned again first).
func (v VisitStatus) Reportable() bool { return v != Cancelled }

// visitMoves are the status changes staff make by hand: a planned visit
// is cancelled, a cancelled one planned again. A visit is done only by
// its report, and stays done.
var visitMoves = map[VisitStatus]VisitStatus{Planned: Cancelled, Cancelled: Planned}

// moveTexts name each move by the status it leads to.
var moveTexts = map[VisitStatus]string{Cancelled: "support.visit.cancel", Planned: "support.visit.replan"}

// SetVisitStatus changes a visit's status (cancel a planned visit, or
// plan it again).
func (s *Service) SetVisitStatus(ctx context.Context, actor int64, coop org.Org, id int64, status VisitStatus) error {
	if !slices.Contains(VisitStatuses, status) {
		return invalid("status", "وضعیت را انتخاب کنید.", "Choose the status.")
	}
	return s.apply(ctx, actor, coop, change{action: "visit.status", entity: "support_visit", id: id, after: status,
		load: func(tx *sql.Tx) (any, error) {
			before, err := s.loadVisit(ctx, tx, coop.ID, id)
			if err == nil && visitMoves[before.Status] != status {
				err = errVisitMove
			}
			return before.Status, err
		},
		writes: []func(*sql.Tx) error{exec(ctx, `UPDATE support_visits SET status = $1 WHERE id = $2`, status, id)}})
}

const findingColumns = `id, visit_id, kind, category, priority, body, addressed`

func scanFinding(r store.Scanner) (Finding, error) {
	var f Finding
	err := r.Scan(&f.ID, &f.VisitID, &f.Kind, &f.Category, &f.Priority, &f.Body, &f.Addressed)
	return f, err
}

// AddFinding records a structured finding of a visit.
func (s *Service) AddFinding(ctx context.Context, actor int64, coop org.Org, visitID int64, f Finding) (Finding, error) {
	f.Body = strings.TrimSpace(f.Body)
	if err := f.Validate(); err != nil {
		return f, err
	}
	f.VisitID = visitID
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		v, err := s.loadVisit(ctx, tx, coop.ID, visitID)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO support_findings (visit_id, town_id, kind, category, priority, body)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, visitID, v.TownID, f.Kind, f.Category, f.Priority, f.Body).Scan(&f.ID)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coop, "finding.add", "support_finding", f.ID, nil, f)
	})
	return f, err
}

// SetFindingAddressed marks a finding addressed, or open again; open needs
// count towards the town's priority.
func (s *Service) SetFindingAddressed(ctx context.Context, actor int64, coop org.Org, visitID, id int64, addressed bool) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.loadVisit(ctx, tx, coop.ID, visitID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE support_findings SET addressed = $1 WHERE id = $2 AND visit_id = $3`, addressed, id, visitID)
		if err := affected(res, err, errNoFinding); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coop, "finding.addressed", "support_finding", id, !addressed, addressed)
	})
}

// Finding returns one finding of one of coop's visits.
func (s *Service) Finding(ctx context.Context, coop org.Org, visitID, id int64) (Finding, error) {
	return findings.load(ctx, s.db.Read, coop.ID, visitID, id)
}

// EditFinding changes a finding: its kind, category, priority, text and
// whether it is addressed.
func (s *Service) EditFinding(ctx context.Context, actor int64, coop org.Org, visitID, id int64, f Finding) error {
	f.ID, f.VisitID, f.Body = id, visitID, strings.TrimSpace(f.Body)
	if err := f.Validate(); err != nil {
		return err
	}
	return findings.update(ctx, s, actor, coop, visitID, id, f, `kind = $1, category = $2, priority = $3, body = $4, addressed = $5`,
		f.Kind, f.Category, f.Priority, f.Body, f.Addressed)
}

// DeleteFinding removes a finding noted by mistake; an open need it was
// stops counting towards the town's priority.
func (s *Service) DeleteFinding(ctx context.Context, actor int64, coop org.Org, visitID, id int64) error {
	return findings.remove(ctx, s, actor, coop, visitID, id)
}

// affected turns an update that matched no row into missing.
func affected(res sql.Result, err error, missing error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return cmpErr(err, missing)
	}
	return nil
}

func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

const actionColumns = `id, visit_id, title, owner, due_on, status`

func scanAction(r store.Scanner) (Action, error) {
	var a Action
	err := r.Scan(&a.ID, &a.VisitID, &a.Title, &a.Owner, store.Time(&a.DueOn), &a.Status)
	return a, err
}

// AddAction adds a follow-up action to a visit.
func (s *Service) AddAction(ctx context.Context, actor int64, coop org.Org, visitID int64, a Action) (Action, error) {
	a.Title, a.Owner, a.VisitID = strings.TrimSpace(a.Title), strings.TrimSpace(a.Owner), visitID
	if a.Status == "" {
		a.Status = "open"
	}
	if err := a.Validate(); err != nil {
		return a, err
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.loadVisit(ctx, tx, coop.ID, visitID); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO support_actions (visit_id, title, owner, due_on, status, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, visitID, a.Title, a.Owner, store.Millis(a.DueOn), a.Status,
			store.Millis(s.now())).Scan(&a.ID)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coop, "action.add", "support_action", a.ID, nil, a)
	})
	return a, err
}

// SetActionStatus moves a follow-up action to status.
func (s *Service) SetActionStatus(ctx context.Context, actor int64, coop org.Org, visitID, id int64, status string) error {
	if !slices.Contains(ActionStatuses, status) {
		return invalid("status", "وضعیت را انتخاب کنید.", "Choose the status.")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.loadVisit(ctx, tx, coop.ID, visitID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE support_actions SET status = $1, updated_at = $2 WHERE id = $3 AND visit_id = $4`,
			status, store.Millis(s.now()), id, visitID)
		if err := affected(res, err, errNoAction); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coop, "action.status", "support_action", id, nil, status)
	})
}

// Action returns one follow-up action of one of coop's visits.
func (s *Service) Action(ctx context.Context, coop org.Org, visitID, id int64) (Action, error) {
	return actions.load(ctx, s.db.Read, coop.ID, visitID, id)
}

// EditAction changes a follow-up action: its title, owner, due day and
// status.
func (s *Service) EditAction(ctx context.Context, actor int64, coop org.Org, visitID, id int64, a Action) error {
	a.ID, a.VisitID, a.Title, a.Owner = id, visitID, strings.TrimSpace(a.Title), strings.TrimSpace(a.Owner)
	if err := a.Validate(); err != nil {
		return err
	}
	return actions.update(ctx, s, actor, coop, visitID, id, a, `title = $1, owner = $2, due_on = $3, status = $4, updated_at = $5`,
		a.Title, a.Owner, store.Millis(a.DueOn), a.Status, store.Millis(s.now()))
}

// PublicFinding is a finding of a town's visit, for its public page.
type PublicFinding struct {
	Finding
	VisitedOn time.Time
}

// TownFindings lists the findings of a town's reported visits, newest
// visit first.
func (s *Service) TownFindings(ctx context.Context, coop org.Org, townID int64) ([]PublicFinding, error) {
	return store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (PublicFinding, error) {
		var f PublicFinding
		err := r.Scan(&f.ID, &f.VisitID, &f.Kind, &f.Category, &f.Priority, &f.Body, &f.Addressed, store.Time(&f.VisitedOn))
		return f, err
	}, `SELECT f.id, f.visit_id, f.kind, f.category, f.priority, f.body, f.addressed, v.visited_on
		FROM support_findings f JOIN support_visits v ON v.id = f.visit_id
		WHERE v.coop_id = $1 AND f.town_id = $2 AND v.status = 'done' ORDER BY v.visited_on DESC, f.id`, coop.ID, townID)
}
