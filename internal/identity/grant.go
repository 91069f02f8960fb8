package identity

import (
	"context"
	"database/sql"
	"errors"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/store"
)

var (
	errNoSuchPerson = fieldError("contact", "کسی با این ایمیل یا شماره همراه ثبت‌نام نکرده است؛ ابتدا باید ثبت‌نام کند.",
		"Nobody has signed up with this email or mobile number; they must sign up first.")
	errRole        = fieldError("role", "یک نقش را انتخاب کنید.", "Choose a role.")
	errGrantExists = apperr.New(apperr.Conflict, "این شخص همین نقش را در این سازمان دارد.",
		"This person already holds this role in this organization.")
)

// Grant gives the person with the email or mobile number contact a role in
// the organization.
func (s *Service) Grant(ctx context.Context, actorID int64, org auth.OrgRef, contact, role string) (GrantRecord, error) {
	r, ok := auth.ParseRole(role)
	if !ok {
		return GrantRecord{}, errRole
	}
	u, err := s.FindByContact(ctx, contact)
	if errors.Is(err, errUserNotFound) {
		return GrantRecord{}, errNoSuchPerson
	}
	if err != nil {
		return GrantRecord{}, err
	}
	now := s.now()
	g := GrantRecord{UserID: u.ID, OrgID: org.ID, Role: r, GrantedBy: actorID, CreatedAt: now, User: u}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO grants (user_id, org_id, role, granted_by, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, u.ID, org.ID, r, nullID(actorID), store.Millis(now)).Scan(&g.ID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: actorID, OrgID: org.ID, OrgPath: org.Path,
			Action: "grant.create", Entity: "grant", EntityID: g.ID, After: auditGrant(g)})
	})
	if store.IsUniqueViolation(err) {
		return GrantRecord{}, errGrantExists
	}
	return g, err
}

func auditGrant(g GrantRecord) map[string]any {
	return map[string]any{"user_id": g.UserID, "user": g.User.Contact(), "org_id": g.OrgID, "role": g.Role}
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// RevokeGrant removes a grant of the organization. A grant id of another
// organization is not found: a path naming one organization never reaches
// another's records.
func (s *Service) RevokeGrant(ctx context.Context, actorID int64, org auth.OrgRef, grantID int64) error {
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		g, err := scanGrant(tx.QueryRowContext(ctx, selectGrant+` WHERE g.id = $1 AND g.org_id = $2`, grantID, org.ID))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM grants WHERE id = $1`, grantID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: actorID, OrgID: org.ID, OrgPath: org.Path,
			Action: "grant.revoke", Entity: "grant", EntityID: grantID, Before: auditGrant(g)})
	})
}

const selectGrant = `SELECT g.id, g.user_id, g.org_id, g.role, coalesce(g.granted_by, 0), g.created_at,
	u.name, coalesce(u.phone, ''), coalesce(u.email, '') FROM grants g JOIN users u ON u.id = g.user_id`

func scanGrant(r store.Scanner) (GrantRecord, error) {
	var g GrantRecord
	err := r.Scan(&g.ID, &g.UserID, &g.OrgID, &g.Role, &g.GrantedBy, store.Time(&g.CreatedAt),
		&g.User.Name, &g.User.Phone, &g.User.Email)
	g.User.ID = g.UserID
	return g, store.NotFound(err, apperr.ErrNotFound)
}

// GrantsIn lists the roles held in one organization.
func (s *Service) GrantsIn(ctx context.Context, orgID int64) ([]GrantRecord, error) {
	rows, err := s.db.Read.QueryContext(ctx, selectGrant+` WHERE g.org_id = $1 ORDER BY g.role, g.id`, orgID)
	return store.All(rows, err, scanGrant)
}
