package identity

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/iranid"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

const selectUser = `SELECT id, name, coalesce(phone, ''), coalesce(email, ''), coalesce(national_id, ''),
	coalesce(birth_date, ''), is_superuser, password_hash IS NOT NULL, blocked_at, created_at, updated_at FROM users`

func scanUser(r store.Scanner) (User, error) {
	var u User
	var birth string
	err := r.Scan(&u.ID, &u.Name, &u.Phone, &u.Email, &u.NationalID, &birth, &u.Superuser, &u.HasPassword,
		store.Time(&u.BlockedAt), store.Time(&u.CreatedAt), store.Time(&u.UpdatedAt))
	if err = store.NotFound(err, errUserNotFound); err == nil && birth != "" {
		u.BirthDate, err = time.Parse(time.DateOnly, birth)
	}
	if err != nil {
		return u, fmt.Errorf("identity: scan user: %w", err)
	}
	return u, nil
}

func findUser(ctx context.Context, q store.Queryer, where string, arg any) (User, error) {
	return scanUser(q.QueryRowContext(ctx, selectUser+" WHERE "+where, arg))
}

// findOrCreateCitizen returns the account of a mobile number, creating it
// on the first sign-in.
func findOrCreateCitizen(ctx context.Context, tx *sql.Tx, phone string, now time.Time) (User, bool, error) {
	u, err := findUser(ctx, tx, "phone = $1", phone)
	if !errors.Is(err, errUserNotFound) {
		return u, false, err
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO users (phone, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id`,
		phone, store.Millis(now)).Scan(&u.ID)
	if err != nil {
		return u, false, fmt.Errorf("identity: create user: %w", err)
	}
	u.Phone, u.CreatedAt, u.UpdatedAt = phone, now, now
	return u, true, nil
}

// UserByID returns a user.
func (s *Service) UserByID(ctx context.Context, id int64) (User, error) {
	return findUser(ctx, s.db.Read, "id = $1", id)
}

// FindByContact finds a user by an email address or a mobile number.
func (s *Service) FindByContact(ctx context.Context, contact string) (User, error) {
	contact = strings.TrimSpace(contact)
	if strings.Contains(contact, "@") {
		return findUser(ctx, s.db.Read, "email = $1", strings.ToLower(contact))
	}
	phone, err := NormalizePhone(contact)
	if err != nil {
		return User{}, errUserNotFound
	}
	return findUser(ctx, s.db.Read, "phone = $1", phone)
}

// MaxNameLen bounds a person's display name, in runes.
const MaxNameLen = 100

// SetName changes a person's display name (normalized Persian).
func (s *Service) SetName(ctx context.Context, userID int64, name string) error {
	name = persian.Normalize(name)
	if utf8.RuneCountInString(name) > MaxNameLen {
		return fieldError("name", "نام حداکثر ۱۰۰ حرف است.", "The name is at most 100 characters.")
	}
	_, err := s.db.Write.ExecContext(ctx, `UPDATE users SET name = $1, updated_at = $2 WHERE id = $3`,
		name, store.Millis(s.now()), userID)
	return err
}

var (
	errNationalIDFormat = fieldError("national_id", "کد ملی باید ۱۰ رقم باشد.", "The national ID must have 10 digits.")
	errNationalIDCheck  = fieldError("national_id", "کد ملی معتبر نیست؛ رقم‌ها را دوباره بررسی کنید.",
		"This national ID is not valid; please check the digits.")
	errNationalIDTaken = apperr.New(apperr.Conflict, "این کد ملی برای حساب دیگری ثبت شده است. اگر متعلق به شماست با پشتیبانی تماس بگیرید.",
		"This national ID is registered to another account. If it is yours, please contact support.")
)

// SetNationalID records a person's national ID after checking its digits.
// An ID belongs to one account only.
func (s *Service) SetNationalID(ctx context.Context, userID int64, input string) error {
	id, err := iranid.NormalizeNationalID(input)
	switch {
	case errors.Is(err, iranid.ErrNationalIDFormat):
		return errNationalIDFormat
	case err != nil:
		return errNationalIDCheck
	}
	_, err = s.db.Write.ExecContext(ctx, `UPDATE users SET national_id = $1, updated_at = $2 WHERE id = $3`,
		id, store.Millis(s.now()), userID)
	if store.IsUniqueViolation(err) {
		return errNationalIDTaken
	}
	return err
}

// ListUsers returns users matching a search of name, phone or email.
func (s *Service) ListUsers(ctx context.Context, search string, limit int) ([]User, error) {
	like := "%" + strings.NewReplacer("%", "", "_", "").Replace(strings.ToLower(persian.ToASCIIDigits(strings.TrimSpace(search)))) + "%"
	rows, err := s.db.Read.QueryContext(ctx, selectUser+` WHERE lower(name) LIKE $1 OR phone LIKE $1 OR email LIKE $1
		ORDER BY id DESC LIMIT $2`, like, limit)
	return store.All(rows, err, scanUser)
}

// SetBlocked blocks or unblocks an account. Blocking also ends every
// session, so it takes effect at once.
func (s *Service) SetBlocked(ctx context.Context, actorID, userID int64, blocked bool) error {
	now := s.now()
	var at any
	action := "user.unblock"
	if blocked {
		at, action = store.Millis(now), "user.block"
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := findUser(ctx, tx, "id = $1", userID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET blocked_at = $1, updated_at = $2 WHERE id = $3`,
			at, store.Millis(now), userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`,
			store.Millis(now), userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: actorID, Action: action, Entity: "user",
			EntityID: userID, Before: auditUser(before), After: map[string]bool{"blocked": blocked}})
	})
}

// auditUser is what the audit log keeps of a user: no password hash.
func auditUser(u User) map[string]any {
	return map[string]any{"id": u.ID, "name": u.Name, "phone": u.Phone, "email": u.Email,
		"superuser": u.Superuser, "blocked": u.Blocked()}
}
