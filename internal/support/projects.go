package support

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
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
	return store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (org.Org, error) {
		o := org.Org{Kind: org.Company}
		return o, r.Scan(&o.ID, &o.Slug, &o.NameFa, &o.NameEn)
	}, `SELECT id, slug, name_fa, name_en FROM organizations WHERE parent_id = $1 AND kind = 'company' ORDER BY id`, coop.ID)
}

// CreateProject stores a joint project with its partners' shares.
func (s *Service) CreateProject(ctx context.Context, actor int64, coop org.Org, p Project) (Project, error) {
	p.Title, p.Description = strings.TrimSpace(p.Title), strings.TrimSpace(p.Description)
	if err := p.Validate(); err != nil {
		return p, err
	}
	p.CoopID, p.UpdatedAt = coop.ID, s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := checkTown(ctx, tx, coop.ID, p.TownID); err != nil {
			return err
		}
		if err := checkPartners(ctx, tx, coop.ID, p); err != nil {
			return err
		}
		if err := insertProject(ctx, tx, &p); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coop, "project.create", "support_project", p.ID, nil, p)
	})
	return p, err
}

// checkPartners fails unless every partner is coop, the project's town or
// one of coop's companies, each named once.
func checkPartners(ctx context.Context, tx *sql.Tx, coopID int64, p Project) error {
	seen := map[int64]bool{}
	for _, pt := range p.Partners {
		if seen[pt.OrgID] {
			return errBadPartner
		}
		seen[pt.OrgID] = true
		if pt.OrgID == coopID || pt.OrgID == p.TownID {
			continue
		}
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM organizations WHERE id = $1 AND parent_id = $2 AND kind = 'company'`,
			pt.OrgID, coopID).Scan(&n)
		if err != nil || n == 0 {
			return cmpErr(err, errBadPartner)
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
	for _, pt := range p.Partners {
		if _, err := tx.ExecContext(ctx, `INSERT INTO support_partners (project_id, org_id, share) VALUES ($1, $2, $3)`,
			p.ID, pt.OrgID, pt.Share); err != nil {
			return err
		}
	}
	return nil
}

const projectColumns = `p.id, p.coop_id, p.town_id, o.name_fa, o.name_en, o.slug, p.title, p.description, p.status, p.expected_revenue, p.updated_at`

const projectFrom = ` FROM support_projects p JOIN organizations o ON o.id = p.town_id`

func scanProject(r store.Scanner) (Project, error) {
	var p Project
	err := r.Scan(&p.ID, &p.CoopID, &p.TownID, &p.TownName, &p.TownNameEn, &p.TownSlug, &p.Title, &p.Description,
		&p.Status, &p.ExpectedRevenue, store.Time(&p.UpdatedAt))
	return p, err
}

// Projects lists coop's projects with their partners, newest first;
// townID 0 lists every town's (a town's portfolio otherwise).
func (s *Service) Projects(ctx context.Context, coop org.Org, townID int64) ([]Project, error) {
	ps, err := store.QueryAll(ctx, s.db.Read, scanProject, `SELECT `+projectColumns+projectFrom+`
		WHERE p.coop_id = $1 AND ($2 = 0 OR p.town_id = $2) ORDER BY p.id DESC`, coop.ID, townID)
	for i := range ps {
		if err != nil {
			break
		}
		ps[i].Partners, err = loadPartners(ctx, s.db.Read, ps[i].ID)
	}
	return ps, err
}

// Project returns one of coop's projects with partners, stages and
// documents.
func (s *Service) Project(ctx context.Context, coop org.Org, id int64) (Project, error) {
	p, err := loadProject(ctx, s.db.Read, coop.ID, id)
	if err != nil {
		return p, err
	}
	if p.Partners, err = loadPartners(ctx, s.db.Read, id); err != nil {
		return p, err
	}
	if p.Stages, err = store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (Stage, error) {
		var st Stage
		return st, r.Scan(&st.ID, &st.Name, store.Time(&st.PlannedOn), &st.Done)
	}, `SELECT id, name, planned_on, done FROM support_stages WHERE project_id = $1 ORDER BY planned_on, id`, id); err != nil {
		return p, err
	}
	p.Documents, err = store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (Document, error) {
		var d Document
		return d, r.Scan(&d.ID, &d.Name, &d.ContentType, &d.Size)
	}, `SELECT id, name, content_type, size FROM support_documents WHERE project_id = $1 ORDER BY id`, id)
	return p, err
}

func loadProject(ctx context.Context, q store.Queryer, coopID, id int64) (Project, error) {
	p, err := scanProject(q.QueryRowContext(ctx, `SELECT `+projectColumns+projectFrom+` WHERE p.id = $1 AND p.coop_id = $2`, id, coopID))
	return p, notFoundAs(err, errNoProject)
}

func loadPartners(ctx context.Context, q store.Queryer, projectID int64) ([]Partner, error) {
	return store.QueryAll(ctx, q, func(r store.Scanner) (Partner, error) {
		var pt Partner
		return pt, r.Scan(&pt.OrgID, &pt.NameFa, &pt.NameEn, &pt.Share)
	}, `SELECT o.id, o.name_fa, o.name_en, pt.share FROM support_partners pt JOIN organizations o ON o.id = pt.org_id
		WHERE pt.project_id = $1 ORDER BY pt.share DESC, o.id`, projectID)
}

// SetProjectStatus moves a project to status.
func (s *Service) SetProjectStatus(ctx context.Context, actor int64, coop org.Org, id int64, status string) error {
	if !slices.Contains(ProjectStatuses, status) {
		return invalid("status", "وضعیت را انتخاب کنید.", "Choose the status.")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := loadProject(ctx, tx, coop.ID, id)
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

// AddStage adds a stage to a project.
func (s *Service) AddStage(ctx context.Context, actor int64, coop org.Org, projectID int64, st Stage) (Stage, error) {
	var v apperr.Validation
	st.Name = strings.TrimSpace(st.Name)
	checkText(&v, "name", st.Name, maxTitle)
	if st.PlannedOn.IsZero() {
		v.Add("planned_on", "تاریخ برنامه را به شکل ۱۴۰۵/۰۹/۰۱ بنویسید.", "Enter the planned date as 1405/09/01.")
	}
	if err := v.Err(); err != nil {
		return st, err
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := loadProject(ctx, tx, coop.ID, projectID); err != nil {
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
		if _, err := loadProject(ctx, tx, coop.ID, projectID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE support_stages SET done = $1 WHERE id = $2 AND project_id = $3`, done, id, projectID)
		if err := affected(res, err, errNoStage); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coop, "stage.done", "support_stage", id, !done, done)
	})
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
		if _, err := loadProject(ctx, tx, coop.ID, projectID); err != nil {
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
	return d, data, notFoundAs(err, errNoDocument)
}

// Late reports whether a stage is past its planned day and not done.
func (st Stage) Late(now time.Time) bool { return !st.Done && now.After(st.PlannedOn.AddDate(0, 0, 1)) }
