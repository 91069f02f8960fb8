package budgeting

import (
	"context"
	"database/sql"
	"math/big"
	"slices"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

// Project statuses of a winning proposal's implementation.
const (
	ProjectPlanned    = "planned"
	ProjectInProgress = "in_progress"
	ProjectDone       = "done"
	ProjectCancelled  = "cancelled"
)

// ProjectStatuses lists the statuses in their natural order.
var ProjectStatuses = []string{ProjectPlanned, ProjectInProgress, ProjectDone, ProjectCancelled}

// Project is a winning proposal being carried out.
type Project struct {
	Proposal   Proposal
	Status     string
	Progress   int   // percent
	Spent      int64 // rials
	UpdatedAt  time.Time
	Milestones []Milestone
}

// Milestone is a dated step of a project, with photos.
type Milestone struct {
	ID         int64
	ProposalID int64
	TitleFa    string
	TitleEn    string
	On         time.Time
	Done       bool
	Photos     []Attachment
}

// Title is the milestone's title in l.
func (m Milestone) Title(l i18n.Lang) string {
	if l == i18n.En && m.TitleEn != "" {
		return m.TitleEn
	}
	return m.TitleFa
}

var (
	errNoProject   = apperr.New(apperr.NotFound, "اجرای این طرح هنوز آغاز نشده است.", "This project's implementation has not started.")
	errProgress    = invalid("progress", "پیشرفت درصدی از ۰ تا ۱۰۰ است.", "Progress is a percentage from 0 to 100.")
	errStatus      = invalid("status", "وضعیت اجرا درست نیست.", "Not a valid implementation status.")
	errMilestoneTx = invalid("title_fa", "عنوان فارسی گام را بنویسید.", "Give the milestone a Persian title.")
)

// StartImplementation opens tracking for every winning project of a
// process whose results are final; projects already tracked are kept.
func (s *Service) StartImplementation(ctx context.Context, actorID, processID int64) (int, error) {
	p, err := s.Process(ctx, processID)
	if err != nil {
		return 0, err
	}
	var winners []int64
	for _, h := range p.Headings {
		res, err := s.Results(ctx, h.ID)
		if err != nil {
			return 0, err
		}
		winners = append(winners, res.Selected...)
	}
	added := 0
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, id := range winners {
			res, err := tx.ExecContext(ctx, `INSERT INTO budget_projects (proposal_id, status, progress, spent, updated_at)
				VALUES ($1, $2, 0, 0, $3) ON CONFLICT (proposal_id) DO NOTHING`, id, ProjectPlanned, store.Millis(s.now()))
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			added += int(n)
		}
		return nil
	})
	return added, err
}

// ProjectUpdate is a staff report on a project.
type ProjectUpdate struct {
	Status   string
	Progress int
	Spent    int64
}

// UpdateProject records a project's status, progress and spending,
// audited.
func (s *Service) UpdateProject(ctx context.Context, actorID, proposalID int64, u ProjectUpdate) error {
	switch {
	case !slices.Contains(ProjectStatuses, u.Status):
		return errStatus
	case u.Progress < 0 || u.Progress > 100:
		return errProgress
	}
	if err := spentAmount.check(u.Spent); err != nil {
		return err
	}
	if u.Status == ProjectDone {
		u.Progress = 100
	}
	_, err := s.changeProposal(ctx, actorID, proposalID, "budgeting.project.update", func(tx *sql.Tx, pr *Proposal) (i18n.Text, error) {
		res, err := tx.ExecContext(ctx, `UPDATE budget_projects SET status = $1, progress = $2, spent = $3, updated_at = $4
			WHERE proposal_id = $5`, u.Status, u.Progress, u.Spent, store.Millis(s.now()), proposalID)
		if err == nil {
			err = mustAffect(res, errNoProject)
		}
		return i18n.Text{}, err
	})
	return err
}

// AddMilestone adds a dated step to a project, with optional photos.
func (s *Service) AddMilestone(ctx context.Context, actorID int64, m Milestone, photos []Upload) (Milestone, error) {
	m.TitleFa, m.TitleEn = persian.Normalize(m.TitleFa), persian.Normalize(m.TitleEn)
	if m.TitleFa == "" || len([]rune(m.TitleFa)) > maxTitleLen || m.On.IsZero() {
		return m, errMilestoneTx
	}
	types, err := checkUploads(photos)
	if err != nil {
		return m, err
	}
	for _, t := range types {
		if t == "application/pdf" {
			return m, invalid("files", "برای گام‌های اجرا فقط عکس بفرستید.", "Send only photos for milestones.")
		}
	}
	_, err = s.changeProposal(ctx, actorID, m.ProposalID, "budgeting.project.milestone", func(tx *sql.Tx, pr *Proposal) (i18n.Text, error) {
		now := store.Millis(s.now())
		err := tx.QueryRowContext(ctx, `INSERT INTO budget_milestones (proposal_id, title_fa, title_en, on_date, done, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, m.ProposalID, m.TitleFa, m.TitleEn, store.Millis(m.On), m.Done,
			actorID, now).Scan(&m.ID)
		if store.IsForeignKeyViolation(err) {
			return i18n.Text{}, errNoProject
		}
		if err != nil {
			return i18n.Text{}, err
		}
		return i18n.Text{}, insertUploads(ctx, tx, m.ProposalID, m.ID, actorID, photos, types, now)
	})
	return m, err
}

// Projects lists a process's tracked projects with their milestones and
// photos, by heading and then by proposal.
func (s *Service) Projects(ctx context.Context, processID int64) ([]Project, error) {
	projects, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (Project, error) {
		var pj Project
		var lat, lon sql.NullFloat64
		pr := &pj.Proposal
		err := r.Scan(&pr.ID, &pr.ProcessID, &pr.HeadingID, &pr.AuthorID, &pr.OnBehalfOf, &pr.CategoryID, &pr.Title,
			&pr.Description, &pr.EstimatedCost, &pr.FinalCost, &pr.Status, &pr.ReviewReason, &pr.MergedInto, &pr.HiddenReason,
			&pr.Supports, &lat, &lon, store.Time(&pr.CreatedAt), &pj.Status, &pj.Progress, &pj.Spent, store.Time(&pj.UpdatedAt))
		pr.Lat, pr.Lon, pr.HasPoint = lat.Float64, lon.Float64, lat.Valid && lon.Valid
		return pj, err
	}, `SELECT p.id, p.process_id, p.heading_id, p.author_id, p.on_behalf_of, p.category_id, p.title, p.description,
		p.estimated_cost, coalesce(p.final_cost, 0), p.status, p.review_reason, coalesce(p.merged_into, 0), p.hidden_reason,
		p.support_count, p.lat, p.lon, p.created_at, j.status, j.progress, j.spent, j.updated_at
		FROM budget_projects j JOIN budget_proposals p ON p.id = j.proposal_id
		WHERE p.process_id = $1 ORDER BY p.heading_id, p.id`, processID)
	if err != nil {
		return nil, err
	}
	ms, err := s.milestones(ctx, processID)
	if err != nil {
		return nil, err
	}
	for i := range projects {
		projects[i].Milestones = ms[projects[i].Proposal.ID]
	}
	return projects, nil
}

// milestones returns a process's milestones by proposal, in date order,
// each with its photos.
func (s *Service) milestones(ctx context.Context, processID int64) (map[int64][]Milestone, error) {
	list, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (Milestone, error) {
		var m Milestone
		return m, r.Scan(&m.ID, &m.ProposalID, &m.TitleFa, &m.TitleEn, store.Time(&m.On), &m.Done)
	}, `SELECT m.id, m.proposal_id, m.title_fa, m.title_en, m.on_date, m.done FROM budget_milestones m
		JOIN budget_proposals p ON p.id = m.proposal_id WHERE p.process_id = $1 ORDER BY m.on_date, m.id`, processID)
	if err != nil {
		return nil, err
	}
	photos, err := store.QueryAll(ctx, s.db.Read, scanAttachment, `SELECT a.id, a.proposal_id, coalesce(a.milestone_id, 0),
		a.name, a.content_type, a.size FROM budget_attachments a JOIN budget_proposals p ON p.id = a.proposal_id
		WHERE p.process_id = $1 AND a.milestone_id IS NOT NULL ORDER BY a.id`, processID)
	if err != nil {
		return nil, err
	}
	byMilestone := map[int64][]Attachment{}
	for _, a := range photos {
		byMilestone[a.MilestoneID] = append(byMilestone[a.MilestoneID], a)
	}
	out := map[int64][]Milestone{}
	for _, m := range list {
		m.Photos = byMilestone[m.ID]
		out[m.ProposalID] = append(out[m.ProposalID], m)
	}
	return out, nil
}

// Rollup is the progress of a group of projects: a heading's, or the
// whole process's.
type Rollup struct {
	HeadingID int64 // 0 for the whole process
	Projects  int
	Done      int
	Cost      int64 // what the projects cost in the vote
	Spent     int64
	Progress  int // percent, weighted by cost
}

// RollUp sums projects by heading (in the process's heading order) and
// for the whole process, which comes last. Cancelled projects count in
// neither. Costs times percentages are summed exactly in big integers:
// costs of up to 10^15 rials would overflow int64 once summed over a
// hundred headings.
func RollUp(p Process, projects []Project) []Rollup {
	out := make([]Rollup, 0, len(p.Headings)+1)
	weighted := make([]big.Int, len(p.Headings)+1)
	for i, h := range p.Headings {
		out = append(out, Rollup{HeadingID: h.ID})
		for _, pj := range projects {
			if pj.Proposal.HeadingID == h.ID && pj.Status != ProjectCancelled {
				out[i].add(pj)
				weighted[i].Add(&weighted[i], new(big.Int).Mul(big.NewInt(pj.Proposal.Cost()), big.NewInt(int64(pj.Progress))))
			}
		}
	}
	total := Rollup{}
	for i, r := range out {
		total.Projects, total.Done = total.Projects+r.Projects, total.Done+r.Done
		total.Cost, total.Spent = total.Cost+r.Cost, total.Spent+r.Spent
		weighted[len(out)].Add(&weighted[len(out)], &weighted[i])
	}
	out = append(out, total)
	for i := range out {
		if out[i].Cost > 0 {
			out[i].Progress = int(new(big.Int).Quo(&weighted[i], big.NewInt(out[i].Cost)).Int64())
		}
	}
	return out
}

func (r *Rollup) add(pj Project) {
	r.Projects++
	r.Cost += pj.Proposal.Cost()
	r.Spent += pj.Spent
	if pj.Status == ProjectDone {
		r.Done++
	}
}
