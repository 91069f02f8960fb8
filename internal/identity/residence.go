package identity

import (
	"context"
	"database/sql"
	"errors"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
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
)

// SetResidence records that the person with the mobile number lives in
// the organization's area (a district, sub-district or neighbourhood),
// replacing any residence recorded before.
func (s *Service) SetResidence(ctx context.Context, actorID int64, area org.Org, phoneInput, source string) (Residence, error) {
	if !area.Kind.IsArea() {
		return Residence{}, errNotArea
	}
	if source != ByStaff && source != ByCensus {
		return Residence{}, errSource
	}
	phone, err := NormalizePhone(phoneInput)
	if err != nil {
		return Residence{}, err
	}
	now := s.now()
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
		if _, err := tx.ExecContext(ctx, `UPDATE residences SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`,
			store.Millis(now), u.ID); err != nil {
			return err
		}
		res = Residence{UserID: u.ID, OrgID: area.ID, Source: source, GrantedBy: actorID, CreatedAt: now, User: u}
		if err := tx.QueryRowContext(ctx, `INSERT INTO residences (user_id, org_id, source, granted_by, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, u.ID, area.ID, source, nullID(actorID), store.Millis(now)).Scan(&res.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: actorID, OrgID: area.ID, OrgPath: area.Path,
			Action: "residence.set", Entity: "residence", EntityID: res.ID, Before: auditResidence(before), After: auditResidence(res)})
	})
	return res, err
}

func auditResidence(r Residence) any {
	if r.ID == 0 {
		return nil
	}
	return map[string]any{"user_id": r.UserID, "org_id": r.OrgID, "source": r.Source}
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
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.ErrNotFound
	}
	return r, err
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
