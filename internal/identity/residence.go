package identity

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/age"
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/store"
)

// Residence sources.
const (
	ByStaff  = "staff"  // checked by staff against documents
	ByCensus = "census" // imported from a census or registry list
)

var (
	errNoCitizen = fieldError("phone", "کسی با این شماره همراه ثبت‌نام نکرده است؛ ابتدا باید ثبت‌نام کند.",
		"Nobody has signed up with this mobile number; they must sign up first.")
	errSource  = fieldError("source", "منبع تأیید را انتخاب کنید.", "Choose how the residence was verified.")
	errNotArea = apperr.New(apperr.Invalid, "محل سکونت فقط در منطقه، ناحیه یا محله ثبت می‌شود.",
		"Residence can only be recorded in a district, sub-district or neighbourhood.")
	errBirthFormat = fieldError("birth_date", "تاریخ تولد را به تقویم شمسی بنویسید، مانند ۱۳۸۰/۰۵/۳۰.",
		"Write the date of birth in the Jalali calendar, like 1380/05/30.")
	errBirthFuture = fieldError("birth_date", "تاریخ تولد نمی‌تواند در آینده باشد.", "The date of birth cannot be in the future.")
	errBirthOld    = fieldError("birth_date", "سن کسی بیش از ۱۳۰ سال نیست؛ تاریخ تولد را دوباره بررسی کنید.",
		"Nobody is older than 130; please check the date of birth.")
)

// maxAge bounds the age a recorded date of birth may give, in years.
const maxAge = 130

// ResidenceInput is what staff record when they verify where a person lives.
type ResidenceInput struct {
	Phone  string // the person's mobile number, in any digits
	Source string // ByStaff or ByCensus
	// Birth is the date of birth on the documents, in the Jalali calendar
	// as typed ("1380/5/30", Persian digits too); "" keeps any recorded one.
	Birth string
}

// SetResidence records that the person with the mobile number lives in
// the organization's area (a district, sub-district or neighbourhood),
// replacing any residence recorded before, and their date of birth when
// one is given.
func (s *Service) SetResidence(ctx context.Context, actorID int64, area org.Org, in ResidenceInput) (Residence, error) {
	if !area.Kind.IsArea() {
		return Residence{}, errNotArea
	}
	if in.Source != ByStaff && in.Source != ByCensus {
		return Residence{}, errSource
	}
	phone, err := NormalizePhone(in.Phone)
	if err != nil {
		return Residence{}, err
	}
	now := s.now()
	birth, err := parseBirth(in.Birth, now)
	if err != nil {
		return Residence{}, err
	}
	var res Residence
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		u, err := findUser(ctx, tx, "phone = $1", phone)
		if errors.Is(err, errUserNotFound) {
			return errNoCitizen
		}
		if err != nil {
			return err
		}
		before, err := currentResidence(ctx, tx, u.ID)
		if err != nil && !errors.Is(err, apperr.ErrNotFound) {
			return err
		}
		before.User = u
		next := Residence{UserID: u.ID, OrgID: area.ID, Source: in.Source, GrantedBy: actorID, CreatedAt: now, User: u}
		if res, err = replaceResidence(ctx, tx, next, birth); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: actorID, OrgID: area.ID, OrgPath: area.Path,
			Action: "residence.set", Entity: "residence", EntityID: res.ID, Before: auditResidence(before), After: auditResidence(res)})
	})
	return res, err
}

// parseBirth reads a date of birth typed in the Jalali calendar; the zero
// time when none was typed.
func parseBirth(input string, now time.Time) (time.Time, error) {
	if strings.TrimSpace(input) == "" {
		return time.Time{}, nil
	}
	d, err := jalali.Parse(input)
	switch {
	case err != nil:
		return time.Time{}, errBirthFormat
	case d.After(jalali.Today(now)):
		return time.Time{}, errBirthFuture
	}
	birth := d.In(time.UTC)
	if age.At(birth, now) > maxAge {
		return time.Time{}, errBirthOld
	}
	return birth, nil
}

// replaceResidence ends the person's current residence and stores r in its
// place, with the date of birth when one is given; it returns r with its id
// and the person's birth date as now recorded.
func replaceResidence(ctx context.Context, tx *sql.Tx, r Residence, birth time.Time) (Residence, error) {
	at := store.Millis(r.CreatedAt)
	if _, err := tx.ExecContext(ctx, `UPDATE residences SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`,
		at, r.UserID); err != nil {
		return r, err
	}
	if !birth.IsZero() {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET birth_date = $1, updated_at = $2 WHERE id = $3`,
			birth.Format(time.DateOnly), at, r.UserID); err != nil {
			return r, err
		}
		r.User.BirthDate = birth
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO residences (user_id, org_id, source, granted_by, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, r.UserID, r.OrgID, r.Source, nullID(r.GrantedBy), at).Scan(&r.ID)
	return r, err
}

// auditResidence is what the audit log keeps of a residence and of the
// date of birth recorded with it (r.User's); nil when there is neither.
func auditResidence(r Residence) any {
	m := map[string]any{}
	if r.ID != 0 {
		m["user_id"], m["org_id"], m["source"] = r.UserID, r.OrgID, r.Source
	}
	if !r.User.BirthDate.IsZero() {
		m["birth_date"] = r.User.BirthDate.Format(time.DateOnly)
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// RevokeResidence ends a residence recorded in the organization.
func (s *Service) RevokeResidence(ctx context.Context, actorID int64, org auth.OrgRef, residenceID int64) error {
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		r, err := scanResidence(tx.QueryRowContext(ctx, selectResidence+` WHERE r.id = $1 AND r.org_id = $2 AND r.revoked_at IS NULL`,
			residenceID, org.ID))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE residences SET revoked_at = $1 WHERE id = $2`, store.Millis(now), residenceID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: actorID, OrgID: org.ID, OrgPath: org.Path,
			Action: "residence.revoke", Entity: "residence", EntityID: residenceID, Before: auditResidence(r)})
	})
}

const selectResidence = `SELECT r.id, r.user_id, r.org_id, r.source, coalesce(r.granted_by, 0), r.created_at,
	u.name, coalesce(u.phone, '') FROM residences r JOIN users u ON u.id = r.user_id`

func scanResidence(row store.Scanner) (Residence, error) {
	var r Residence
	err := row.Scan(&r.ID, &r.UserID, &r.OrgID, &r.Source, &r.GrantedBy, store.Time(&r.CreatedAt), &r.User.Name, &r.User.Phone)
	r.User.ID = r.UserID
	return r, store.NotFound(err, apperr.ErrNotFound)
}

func currentResidence(ctx context.Context, q store.Queryer, userID int64) (Residence, error) {
	return scanResidence(q.QueryRowContext(ctx, selectResidence+` WHERE r.user_id = $1 AND r.revoked_at IS NULL`, userID))
}

// ResidenceOf returns a person's current verified residence, or NotFound.
func (s *Service) ResidenceOf(ctx context.Context, userID int64) (Residence, error) {
	return currentResidence(ctx, s.db.Read, userID)
}

// ResidentsIn lists the current verified residents of one organization.
func (s *Service) ResidentsIn(ctx context.Context, orgID int64) ([]Residence, error) {
	rows, err := s.db.Read.QueryContext(ctx, selectResidence+` WHERE r.org_id = $1 AND r.revoked_at IS NULL ORDER BY r.id DESC`, orgID)
	return store.All(rows, err, scanResidence)
}
