package network

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"time"
	"unicode/utf8"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/upload"
)

// Service is the network module's use cases; each write runs one
// transaction.
type Service struct {
	db     *store.DB
	orgs   *org.Service // the associations and their members
	people audit.People // who took each step
	now    func() time.Time
}

// NewService returns the service over db with its collaborators and clock.
func NewService(db *store.DB, orgs *org.Service, people audit.People, now func() time.Time) *Service {
	return &Service{db: db, orgs: orgs, people: people, now: now}
}

var (
	errNoAssociation = apperr.New(apperr.NotFound, "انجمن پیدا نشد.", "No such association.")
	errNoMembership  = apperr.New(apperr.NotFound, "عضویت پیدا نشد.", "No such membership.")
	errNoInvoice     = apperr.New(apperr.NotFound, "صورت‌حساب پیدا نشد.", "No such invoice.")
	errNoFile        = apperr.New(apperr.NotFound, "پرونده پیدا نشد.", "No such file.")
	errOpen          = apperr.New(apperr.Conflict, "این سازمان در این انجمن عضویت یا درخواست باز دارد.",
		"This organization already has an open membership or application in this association.")
	errIneligible = apperr.New(apperr.Conflict,
		"جمعیت این شهر کمتر از حد نصاب انجمن است؛ دبیرخانه پیش از پذیرش باید با ذکر دلیل از این شرط چشم‌پوشی کند.",
		"The city's population is under the association's threshold: the secretariat must waive the criterion, with a reason, before accepting.")
	errNoProfile = apperr.New(apperr.Conflict, "این انجمن هنوز مشخصات و شرایط عضویت ندارد.",
		"This association has no profile and membership criteria yet.")
)

// findAssociation returns where the association at slug stands, read
// through q.
func (s *Service) findAssociation(ctx context.Context, q store.Queryer, slug string) (org.Place, error) {
	o, err := s.orgs.In(q).PlaceBySlug(ctx, slug)
	if apperr.CodeOf(err) == apperr.NotFound || (err == nil && o.Kind != org.Association) {
		return o, errNoAssociation
	}
	return o, err
}

// SaveProfile stores an association's profile, audited.
func (s *Service) SaveProfile(ctx context.Context, actorID int64, slug string, p Profile) (Profile, error) {
	if err := p.Validate(); err != nil {
		return p, err
	}
	now := s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		a, err := s.findAssociation(ctx, tx, slug)
		if err != nil {
			return err
		}
		before, _, err := profileOf(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		p.OrgID, p.UpdatedAt = a.ID, now
		if err := upsertProfile(ctx, tx, p, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: actorID, OrgID: a.ID, OrgPath: a.Path,
			Action: "network.profile.save", Entity: "assoc_profile", EntityID: a.ID, Before: before, After: p})
	})
	return p, err
}

// Profile returns an association's profile; ok is false when it has none.
func (s *Service) Profile(ctx context.Context, orgID int64) (Profile, bool, error) {
	return profileOf(ctx, s.db.Read, orgID)
}

// Apply drafts an organization's application to an association with its
// justification report and files, audited in the applicant's organization.
func (s *Service) Apply(ctx context.Context, actorID, memberID int64, assocSlug, justification string, files []upload.File) (Membership, error) {
	m := Membership{MemberID: memberID, Status: Draft, Justification: persian.Normalize(justification)}
	if m.Justification == "" || utf8.RuneCountInString(m.Justification) > 10000 {
		return m, invalid("justification", "گزارش توجیهی عضویت را (حداکثر ۱۰٬۰۰۰ نویسه) بنویسید.",
			"Write the justification report (at most 10,000 characters).")
	}
	types, err := upload.Check(files, "files")
	if err != nil {
		return m, err
	}
	now := s.now()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		a, err := s.findAssociation(ctx, tx, assocSlug)
		if err != nil {
			return invalid("association", "انجمن را انتخاب کنید.", "Choose the association.")
		}
		m.AssociationID = a.ID
		if err := checkNoneOpen(ctx, tx, a.ID, memberID); err != nil {
			return err
		}
		if err := insertMembership(ctx, tx, &m, now); err != nil {
			return err
		}
		if err := insertFiles(ctx, tx, m.ID, actorID, files, types, now); err != nil {
			return err
		}
		if err := insertStep(ctx, tx, m.ID, "", Draft, "apply", actorID, now, ""); err != nil {
			return err
		}
		full, err := s.membershipByID(ctx, tx, m.ID)
		m = full
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: actorID, OrgID: m.MemberID, OrgPath: m.MemberPath,
			Action: "network.membership.apply", Entity: "membership", EntityID: m.ID, After: m})
	})
	return m, err
}

func checkNoneOpen(ctx context.Context, tx *sql.Tx, assocID, memberID int64) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM memberships WHERE association_id = $1 AND member_id = $2
		AND status NOT IN ('refused', 'lapsed')`, assocID, memberID).Scan(&n)
	if err == nil && n > 0 {
		return errOpen
	}
	return err
}

func insertFiles(ctx context.Context, tx *sql.Tx, id, by int64, files []upload.File, types []string, now time.Time) error {
	for i, f := range files {
		sum := sha256.Sum256(f.Data)
		if _, err := tx.ExecContext(ctx, `INSERT INTO membership_files
			(membership_id, name, content_type, size, sha256, data, uploaded_by, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, upload.CleanName(f.Name), types[i], len(f.Data),
			hex.EncodeToString(sum[:]), f.Data, nullID(by), store.Millis(now)); err != nil {
			return err
		}
	}
	return nil
}

// change is one step of a membership's workflow: the action's name, the
// status it leads to (the same one for a step that keeps it), and what it
// changes in the membership, which may refuse.
type change struct {
	action string
	to     Status
	note   string
	apply  func(tx *sql.Tx, m *Membership) error
}

// applicantActions are the steps the applicant takes; the secretariat and
// the system take the others.
var applicantActions = map[string]bool{"council": true, "submit": true, "files": true}

// step runs a change in one transaction: it checks the workflow, saves
// the membership, and writes the history and the audit log. The
// applicant's steps are audited in the applicant's organization, the
// others in the association.
func (s *Service) step(ctx context.Context, actorID, id int64, c change) (Membership, error) {
	now := s.now()
	var m Membership
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if m, err = s.membershipByID(ctx, tx, id); err != nil {
			return err
		}
		return s.applyStep(ctx, tx, actorID, &m, c, now)
	})
	return m, err
}

func (s *Service) applyStep(ctx context.Context, tx *sql.Tx, actorID int64, m *Membership, c change, now time.Time) error {
	before := *m
	if c.to != m.Status {
		if err := checkStep(m.Status, c.to); err != nil {
			return err
		}
	}
	if c.apply != nil {
		if err := c.apply(tx, m); err != nil {
			return err
		}
	}
	m.Status, m.UpdatedAt = c.to, now
	if err := saveMembership(ctx, tx, *m, now); err != nil {
		return err
	}
	if err := insertStep(ctx, tx, m.ID, before.Status, c.to, c.action, actorID, now, c.note); err != nil {
		return err
	}
	orgID, path := m.AssociationID, m.AssocPath
	if applicantActions[c.action] {
		orgID, path = m.MemberID, m.MemberPath
	}
	return audit.Record(ctx, tx, now, audit.Change{ActorID: actorID, OrgID: orgID, OrgPath: path,
		Action: "network.membership." + c.action, Entity: "membership", EntityID: m.ID, Before: before, After: *m})
}

// RecordCouncil records the city council's approval of a draft.
func (s *Service) RecordCouncil(ctx context.Context, actorID, id int64, c Council) (Membership, error) {
	var v apperr.Validation
	c.ResolutionNo, c.Session = persian.Normalize(c.ResolutionNo), persian.Normalize(c.Session)
	d, err := jalali.Parse(c.Date)
	if c.ResolutionNo == "" {
		v.Add("resolution_no", "شماره مصوبه شورا را بنویسید.", "Enter the council's resolution number.")
	}
	if err != nil {
		v.Add("resolution_date", "تاریخ مصوبه را به شمسی بنویسید، مثلاً ۱۴۰۱/۰۵/۱۲.", "Enter the resolution's Jalali date, e.g. 1401/05/12.")
	}
	if c.Session == "" {
		v.Add("session", "جلسه شورا را بنویسید، مثلاً «نخستین جلسه علنی».", "Name the council session, e.g. \"first public session\".")
	}
	if c.Urgency != Ordinary && c.Urgency != Single && c.Urgency != Double {
		v.Add("urgency", "نوع رسیدگی (عادی، یک فوریت یا دو فوریت) را انتخاب کنید.", "Choose how the bill was taken up (ordinary, single or double urgency).")
	}
	if err := v.Err(); err != nil {
		return Membership{}, err
	}
	return s.step(ctx, actorID, id, change{action: "council", to: CouncilApproved, apply: func(_ *sql.Tx, m *Membership) error {
		m.ResolutionNo, m.ResolutionDate, m.Session, m.Urgency = c.ResolutionNo, d.Numeric(), c.Session, c.Urgency
		return nil
	}})
}

// Submit records the letter that sends an approved application to the
// association's secretariat.
func (s *Service) Submit(ctx context.Context, actorID, id int64, letterRef string) (Membership, error) {
	letterRef = persian.Normalize(letterRef)
	if letterRef == "" {
		return Membership{}, invalid("letter_ref", "شماره نامه ارسال به دبیرخانه را بنویسید.", "Enter the number of the letter to the secretariat.")
	}
	return s.step(ctx, actorID, id, change{action: "submit", to: Submitted, apply: func(_ *sql.Tx, m *Membership) error {
		m.LetterRef = letterRef
		return nil
	}})
}

// Override records the secretariat's waiver of the membership criteria
// for a submitted application, with its reason.
func (s *Service) Override(ctx context.Context, actorID, id int64, reason string) (Membership, error) {
	reason = persian.Normalize(reason)
	if reason == "" {
		return Membership{}, invalid("override_reason", "دلیل چشم‌پوشی از شرایط عضویت را بنویسید.", "Give the reason for waiving the membership criteria.")
	}
	return s.step(ctx, actorID, id, change{action: "override", to: Submitted, note: reason, apply: func(_ *sql.Tx, m *Membership) error {
		if m.Status != Submitted {
			return errTransition(m.Status, Accepted)
		}
		m.OverrideReason = reason
		return nil
	}})
}

// Accept records the secretariat's acceptance; an application that does
// not meet the criteria needs an override first.
func (s *Service) Accept(ctx context.Context, actorID, id int64) (Membership, error) {
	return s.step(ctx, actorID, id, change{action: "accept", to: Accepted, apply: func(tx *sql.Tx, m *Membership) error {
		p, ok, err := profileOf(ctx, tx, m.AssociationID)
		switch {
		case err != nil:
			return err
		case !ok:
			return errNoProfile
		case !p.Eligible(m.Population) && m.OverrideReason == "":
			return errIneligible
		}
		return nil
	}})
}

// Refuse records the secretariat's refusal, with its reason.
func (s *Service) Refuse(ctx context.Context, actorID, id int64, reason string) (Membership, error) {
	reason = persian.Normalize(reason)
	if reason == "" {
		return Membership{}, invalid("refusal_reason", "دلیل رد درخواست را بنویسید.", "Give the reason for the refusal.")
	}
	return s.step(ctx, actorID, id, change{action: "refuse", to: Refused, note: reason, apply: func(_ *sql.Tx, m *Membership) error {
		m.RefusalReason = reason
		return nil
	}})
}

// Activate makes an accepted organization a member from a day.
func (s *Service) Activate(ctx context.Context, actorID, id int64, since time.Time) (Membership, error) {
	if since.IsZero() {
		return Membership{}, invalid("since", "تاریخ آغاز عضویت را به شمسی بنویسید.", "Enter the Jalali date the membership starts.")
	}
	return s.step(ctx, actorID, id, change{action: "activate", to: Active, apply: func(_ *sql.Tx, m *Membership) error {
		m.Since = since
		return nil
	}})
}

// Membership returns a membership by id.
func (s *Service) Membership(ctx context.Context, id int64) (Membership, error) {
	return s.membershipByID(ctx, s.db.Read, id)
}

// MembershipsBy lists an organization's memberships and applications.
func (s *Service) MembershipsBy(ctx context.Context, memberID int64) ([]Membership, error) {
	return s.memberships(ctx, s.db.Read, ` WHERE m.member_id = $1 ORDER BY m.id DESC`, memberID)
}

// History lists a membership's steps, oldest first.
func (s *Service) History(ctx context.Context, id int64) ([]Step, error) {
	steps, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (Step, error) {
		var st Step
		return st, r.Scan(&st.From, &st.To, &st.Action, &st.ActorID, store.Time(&st.At), &st.Note)
	}, `SELECT from_status, to_status, action, coalesce(actor_id, 0), at, note
		FROM membership_history WHERE membership_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	return steps, store.Attach(ctx, steps, func(st *Step) int64 { return st.ActorID }, s.people.Names,
		func(st *Step, name string) { st.ActorName = name })
}

// File is an application's attached file.
type File struct {
	ID           int64
	MembershipID int64
	Name         string
	ContentType  string
	Size         int64
	At           time.Time // when it was attached
}

// Files lists a membership's files.
func (s *Service) Files(ctx context.Context, id int64) ([]File, error) {
	return store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (File, error) {
		var f File
		return f, r.Scan(&f.ID, &f.MembershipID, &f.Name, &f.ContentType, &f.Size, store.Time(&f.At))
	}, `SELECT id, membership_id, name, content_type, size, at FROM membership_files WHERE membership_id = $1 ORDER BY id`, id)
}

// FileData returns a stored file with its bytes.
func (s *Service) FileData(ctx context.Context, fid int64) (File, []byte, error) {
	var f File
	var data []byte
	err := s.db.Read.QueryRowContext(ctx, `SELECT id, membership_id, name, content_type, size, data FROM membership_files
		WHERE id = $1`, fid).Scan(&f.ID, &f.MembershipID, &f.Name, &f.ContentType, &f.Size, &data)
	return f, data, store.NotFound(err, errNoFile)
}
