package support

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/upload"
)

var (
	errNoProject  = apperr.New(apperr.NotFound, "طرح سرمایه‌گذاری مشترک پیدا نشد.", "No such joint investment project.")
	errNoStage    = apperr.New(apperr.NotFound, "مرحله پیدا نشد.", "No such stage.")
	errNoDocument = apperr.New(apperr.NotFound, "سند پیدا نشد.", "No such document.")
	errBadPartner = invalid("shares", "شریکان فقط خود سازمان همیاری، همان شهر و شرکت‌های گروه سازمان می‌توانند باشند.",
		"Partners can only be the cooperation organization, the town itself and the organization's group companies.")
)

// Companies lists coop's group companies, which may be project partners.
func (s *Service) Companies(ctx context.Context, coop org.Org) ([]org.Org, error) {
	cs, err := s.orgs.Find(ctx, org.Select{Parent: coop.ID, Kinds: []org.Kind{org.Company}})
	slices.SortFunc(cs, func(a, b org.Org) int { return cmp.Compare(a.ID, b.ID) })
	return cs, err
}

// CreateProject stores a joint project with its partners' shares.
func (s *Service) CreateProject(ctx context.Context, actor int64, coop org.Org, p Project) (Project, error) {
	if err := p.prepare(coop, s.now()); err != nil {
		return p, err
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkParties(ctx, tx, coop.ID, p); err != nil {
			return err
		}
		if err := insertProject(ctx, tx, &p); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coop, "project.create", "support_project", p.ID, nil, p)
	})
	return p, err
}

// EditProject changes a project after its creation: its town, title,
// description, status, expected revenue and partners, whose shares must
// add up to 100% as when it was created.
func (s *Service) EditProject(ctx context.Context, actor int64, coop org.Org, id int64, p Project) error {
	if err := p.prepare(coop, s.now()); err != nil {
		return err
	}
	p.ID = id
	return s.apply(ctx, actor, coop, change{action: "project.edit", entity: "support_project", id: id, after: p,
		load: func(tx *sql.Tx) (any, error) {
			before, err := s.loadProject(ctx, tx, coop.ID, id)
			if err == nil {
				before.Partners, err = s.loadPartners(ctx, tx, id)
			}
			if err == nil {
				err = s.checkParties(ctx, tx, coop.ID, p)
			}
			return before, err
		},
		writes: []func(*sql.Tx) error{
			exec(ctx, `UPDATE support_projects SET town_id = $1, title = $2, description = $3, status = $4, expected_revenue = $5,
				updated_at = $6 WHERE id = $7`, p.TownID, p.Title, p.Description, p.Status, p.ExpectedRevenue, store.Millis(p.UpdatedAt), id),
			exec(ctx, `DELETE FROM support_partners WHERE project_id = $1`, id),
			func(tx *sql.Tx) error { return insertPartners(ctx, tx, p) },
		}})
}

// prepare trims a project's texts and checks it before it is stored as
// coop's at now.
func (p *Project) prepare(coop org.Org, now time.Time) error {
	p.Title, p.Description = strings.TrimSpace(p.Title), strings.TrimSpace(p.Description)
	p.CoopID, p.UpdatedAt = coop.ID, now
	return p.Validate()
}

// checkParties fails unless the project's town is a member of coop and
// its partners may be partners.
func (s *Service) checkParties(ctx context.Context, tx *sql.Tx, coopID int64, p Project) error {
	if err := s.checkTown(ctx, tx, coopID, p.TownID); err != nil {
		return err
	}
	return s.checkPartners(ctx, tx, coopID, p)
}

// checkPartners fails unless every partner is coop, the project's town or
// one of coop's companies, each named once.
func (s *Service) checkPartners(ctx context.Context, tx *sql.Tx, coopID int64, p Project) error {
	seen := map[int64]bool{}
	for _, pt := range p.Partners {
		if seen[pt.OrgID] {
			return errBadPartner
		}
		seen[pt.OrgID] = true
		if pt.OrgID == coopID || pt.OrgID == p.TownID {
			continue
		}
		if err := s.checkChild(ctx, tx, coopID, pt.OrgID, org.Company, errBadPartner); err != nil {
			return err
		}
	}
	return nil
}

func insertProject(ctx context.Context, tx *sql.Tx, p *Project) error {
	at := store.Millis(p.UpdatedAt)
	err := tx.QueryRowContext(ctx, `INSERT INTO support_projects (coop_id, town_id, title, description, status, expected_revenue, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, p.CoopID, p.TownID, p.Title, p.Description, p.Status,
		p.ExpectedRevenue, at).Scan(&p.ID)
	if err != nil {
		return err
	}
	return insertPartners(ctx, tx, *p)
}

func insertPartners(ctx context.Context, tx *sql.Tx, p Project) error {
	for _, pt := range p.Partners {
		if _, err := tx.ExecContext(ctx, `INSERT INTO support_partners (project_id, org_id, share) VALUES ($1, $2, $3)`,
			p.ID, pt.OrgID, pt.Share); err != nil {
			return err
		}
	}
	return nil
}

const projectColumns = `p.id, p.coop_id, p.town_id, p.title, p.description, p.status, p.expected_revenue, p.updated_at`

const projectFrom = ` FROM support_projects p`

func scanProject(r store.Scanner) (Project, error) {
	var p Project
	err := r.Scan(&p.ID, &p.CoopID, &p.TownID, &p.Title, &p.Description,
		&p.Status, &p.ExpectedRevenue, store.Time(&p.UpdatedAt))
	return p, err
}

// projects reads the projects of a query on projectColumns with their
// towns' names and addresses, through q.
func (s *Service) projects(ctx context.Context, q store.Queryer, query string, args ...any) ([]Project, error) {
	return store.QueryAttach(ctx, q, scanProject, `SELECT `+projectColumns+projectFrom+query, args,
		func(p *Project) int64 { return p.TownID }, s.orgs.In(q).Briefs,
		func(p *Project, o org.Org) { p.TownName, p.TownNameEn, p.TownSlug = o.NameFa, o.NameEn, o.Slug })
}

// Projects lists coop's projects with their partners, newest first;
// townID 0 lists every town's (a town's portfolio otherwise).
func (s *Service) Projects(ctx context.Context, coop org.Org, townID int64) ([]Project, error) {
	const which = `p.coop_id = $1 AND ($2 = 0 OR p.town_id = $2)`
	ps, err := s.projects(ctx, s.db.Read, ` WHERE `+which+` ORDER BY p.id DESC`, coop.ID, townID)
	if err != nil {
		return nil, err
	}
	partners, err := s.partnersOf(ctx, s.db.Read, which, coop.ID, townID)
	for i := range ps {
		ps[i].Partners = partners[ps[i].ID]
	}
	return ps, err
}

// Project returns one of coop's projects with partners, stages and
// documents.
func (s *Service) Project(ctx context.Context, coop org.Org, id int64) (Project, error) {
	p, err := s.loadProject(ctx, s.db.Read, coop.ID, id)
	if err != nil {
		return p, err
	}
	if p.Partners, err = s.loadPartners(ctx, s.db.Read, id); err != nil {
		return p, err
	}
	if p.Stages, err = store.QueryAll(ctx, s.db.Read, scanStage, `SELECT `+stageColumns+` FROM support_stages
		WHERE project_id = $1 ORDER BY planned_on, id`, id); err != nil {
		return p, err
	}
	p.Documents, err = store.QueryAll(ctx, s.db.Read, scanDocument, `SELECT `+documentColumns+` FROM support_documents
		WHERE project_id = $1 ORDER BY id`, id)
	return p, err
}

const stageColumns = `id, name, planned_on, done`

func scanStage(r store.Scanner) (Stage, error) {
	var st Stage
	return st, r.Scan(&st.ID, &st.Name, store.Time(&st.PlannedOn), &st.Done)
}

const documentColumns = `id, name, content_type, size`

func scanDocument(r store.Scanner) (Document, error) {
	var d Document
	return d, r.Scan(&d.ID, &d.Name, &d.ContentType, &d.Size)
}

func (s *Service) loadProject(ctx context.Context, q store.Queryer, coopID, id int64) (Project, error) {
	ps, err := s.projects(ctx, q, ` WHERE p.id = $1 AND p.coop_id = $2`, id, coopID)
	return store.Single(ps, err, errNoProject)
}

func (s *Service) loadPartners(ctx context.Context, q store.Queryer, projectID int64) ([]Partner, error) {
	partners, err := s.partnersOf(ctx, q, `p.id = $1`, projectID)
	return partners[projectID], err
}

// partnersOf reads the partners of the projects p matching where (one
// query for a whole list), each project's biggest share first.
func (s *Service) partnersOf(ctx context.Context, q store.Queryer, where string, args ...any) (map[int64][]Partner, error) {
	type row struct {
		project int64
		Partner
	}
	rows, err := store.QueryAll(ctx, q, func(r store.Scanner) (row, error) {
		var x row
		return x, r.Scan(&x.project, &x.OrgID, &x.Share)
	}, `SELECT p.id, pt.org_id, pt.share FROM support_partners pt
		JOIN support_projects p ON p.id = pt.project_id
		WHERE `+where+` ORDER BY pt.share DESC, pt.org_id`, args...)
	if err == nil {
		err = store.Attach(ctx, rows, func(x *row) int64 { return x.OrgID }, s.orgs.In(q).Names,
			func(x *row, name i18n.Text) { x.NameFa, x.NameEn = name.Fa, name.En })
	}
	out := map[int64][]Partner{}
	for _, x := range rows {
		out[x.project] = append(out[x.project], x.Partner)
	}
	return out, err
}

// SetProjectStatus moves a project to status.
func (s *Service) SetProjectStatus(ctx context.Context, actor int64, coop org.Org, id int64, status string) error {
	if !slices.Contains(ProjectStatuses, status) {
		return invalid("status", "وضعیت را انتخاب کنید.", "Choose the status.")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.loadProject(ctx, tx, coop.ID, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE support_projects SET status = $1, updated_at = $2 WHERE id = $3`,
			status, store.Millis(s.now()), id); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coop, "project.status", "support_project", id, before.Status, status)
	})
}

// Validate checks a stage before it is stored.
func (st Stage) Validate() error {
	var v apperr.Validation
	checkText(&v, "name", st.Name, maxTitle)
	if st.PlannedOn.IsZero() {
		v.Add("planned_on", "تاریخ برنامه را به شکل ۱۴۰۵/۰۹/۰۱ بنویسید.", "Enter the planned date as 1405/09/01.")
	}
	return v.Err()
}

// AddStage adds a stage to a project.
func (s *Service) AddStage(ctx context.Context, actor int64, coop org.Org, projectID int64, st Stage) (Stage, error) {
	st.Name = strings.TrimSpace(st.Name)
	if err := st.Validate(); err != nil {
		return st, err
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.loadProject(ctx, tx, coop.ID, projectID); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO support_stages (project_id, name, planned_on, done) VALUES ($1, $2, $3, $4) RETURNING id`,
			projectID, st.Name, store.Millis(st.PlannedOn), st.Done).Scan(&st.ID)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coop, "stage.add", "support_stage", st.ID, nil, st)
	})
	return st, err
}

// SetStageDone marks a stage done, or not done.
func (s *Service) SetStageDone(ctx context.Context, actor int64, coop org.Org, projectID, id int64, done bool) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.loadProject(ctx, tx, coop.ID, projectID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE support_stages SET done = $1 WHERE id = $2 AND project_id = $3`, done, id, projectID)
		if err := affected(res, err, errNoStage); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coop, "stage.done", "support_stage", id, !done, done)
	})
}

// Stage returns one stage of one of coop's projects.
func (s *Service) Stage(ctx context.Context, coop org.Org, projectID, id int64) (Stage, error) {
	return stages.load(ctx, s.db.Read, coop.ID, projectID, id)
}

// EditStage changes a stage's name, planned day and whether it is done.
func (s *Service) EditStage(ctx context.Context, actor int64, coop org.Org, projectID, id int64, st Stage) error {
	st.ID, st.Name = id, strings.TrimSpace(st.Name)
	if err := st.Validate(); err != nil {
		return err
	}
	return stages.update(ctx, s, actor, coop, projectID, id, st, `name = $1, planned_on = $2, done = $3`,
		st.Name, store.Millis(st.PlannedOn), st.Done)
}

// DeleteStage removes a stage from a project.
func (s *Service) DeleteStage(ctx context.Context, actor int64, coop org.Org, projectID, id int64) error {
	return stages.remove(ctx, s, actor, coop, projectID, id)
}

// AddDocuments attaches checked files to a project, all or none.
func (s *Service) AddDocuments(ctx context.Context, actor int64, coop org.Org, projectID int64, files []upload.File) error {
	if len(files) == 0 {
		return invalid("files", "پرونده‌ای انتخاب نشده است.", "No file was chosen.")
	}
	types, err := upload.Check(files, "files")
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.loadProject(ctx, tx, coop.ID, projectID); err != nil {
			return err
		}
		for i, f := range files {
			if err := s.insertDocument(ctx, tx, actor, coop, projectID, f, types[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Service) insertDocument(ctx context.Context, tx *sql.Tx, actor int64, coop org.Org, projectID int64, f upload.File, ctype string) error {
	sum := sha256.Sum256(f.Data)
	d := Document{Name: upload.CleanName(f.Name), ContentType: ctype, Size: int64(len(f.Data))}
	err := tx.QueryRowContext(ctx, `INSERT INTO support_documents (project_id, name, content_type, size, sha256, data, uploaded_by, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, projectID, d.Name, d.ContentType, d.Size,
		hex.EncodeToString(sum[:]), f.Data, nullID(actor), store.Millis(s.now())).Scan(&d.ID)
	if err != nil {
		return err
	}
	return s.record(ctx, tx, actor, coop, "document.add", "support_document", d.ID, nil, d)
}

// DocumentData returns a project's document with its bytes.
func (s *Service) DocumentData(ctx context.Context, coop org.Org, projectID, id int64) (Document, []byte, error) {
	var d Document
	var data []byte
	err := s.db.Read.QueryRowContext(ctx, `SELECT d.id, d.name, d.content_type, d.size, d.data FROM support_documents d
		JOIN support_projects p ON p.id = d.project_id WHERE d.id = $1 AND d.project_id = $2 AND p.coop_id = $3`,
		id, projectID, coop.ID).Scan(&d.ID, &d.Name, &d.ContentType, &d.Size, &data)
	return d, data, store.NotFound(err, errNoDocument)
}

// DeleteDocument removes a document from a project; the audit log keeps
// its name, type and size.
func (s *Service) DeleteDocument(ctx context.Context, actor int64, coop org.Org, projectID, id int64) error {
	return documents.remove(ctx, s, actor, coop, projectID, id)
}

// Late reports whether a stage is past its planned day and not done.
func (st Stage) Late(now time.Time) bool { return !st.Done && now.After(st.PlannedOn.AddDate(0, 0, 1)) }
