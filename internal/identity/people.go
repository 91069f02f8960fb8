package identity

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/shahr-city/shahr/internal/store"
)

// What the other modules ask about people. They never read the users,
// residences or grants tables themselves (internal/app's ownership test
// keeps it so): budgeting asks for eligibility facts, lists ask for the
// names of whoever acted, notifications for a mobile number.

// Names returns the names of the accounts ids, by id; an account without
// a name, or an id without an account, is absent.
func (s *Service) Names(ctx context.Context, ids []int64) (map[int64]string, error) {
	ids = slices.DeleteFunc(slices.Compact(slices.Sorted(slices.Values(ids))), func(id int64) bool { return id == 0 })
	out := make(map[int64]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	cond, arg := s.db.Dialect.InIDs("id", 1, ids)
	_, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (int64, error) {
		var id int64
		var name string
		err := r.Scan(&id, &name)
		out[id] = name
		return id, err
	}, `SELECT id, name FROM users WHERE name <> '' AND `+cond, arg)
	return out, err
}

// Phone returns a person's mobile number, "" when they have none.
func (s *Service) Phone(ctx context.Context, userID int64) (string, error) {
	var phone sql.NullString
	err := s.db.Read.QueryRowContext(ctx, `SELECT phone FROM users WHERE id = $1`, userID).Scan(&phone)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return phone.String, err
}

// BirthDate returns a person's date of birth as staff recorded it with
// their residence; the zero time when it is unknown.
func (s *Service) BirthDate(ctx context.Context, userID int64) (time.Time, error) {
	var text string
	err := s.db.Read.QueryRowContext(ctx, `SELECT coalesce(birth_date, '') FROM users WHERE id = $1`, userID).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && text == "") {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	return time.Parse(time.DateOnly, text)
}

// ResidenceArea returns the organization (a district, sub-district or
// neighbourhood) where a person's current verified residence lies; 0 when
// they have none.
func (s *Service) ResidenceArea(ctx context.Context, userID int64) (int64, error) {
	var area int64
	err := s.db.Read.QueryRowContext(ctx, `SELECT org_id FROM residences WHERE user_id = $1 AND revoked_at IS NULL`,
		userID).Scan(&area)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return area, err
}

// Standing says of an account whether it is blocked, and whether it is
// staff's: it holds a role somewhere, or runs the installation. An id
// without an account is a not-found error.
func (s *Service) Standing(ctx context.Context, userID int64) (blocked, staff bool, err error) {
	var at sql.NullInt64
	err = s.db.Read.QueryRowContext(ctx, `SELECT u.blocked_at, u.is_superuser OR EXISTS (SELECT 1 FROM grants g WHERE g.user_id = u.id)
		FROM users u WHERE u.id = $1`, userID).Scan(&at, &staff)
	return at.Valid, staff, store.NotFound(err, errUserNotFound)
}
