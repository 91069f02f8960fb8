package identity

import (
	"context"
	"database/sql"
	"errors"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/ratelimit"
	"github.com/shahr-city/shahr/internal/store"
)

// StaffInput creates a staff account.
type StaffInput struct {
	Email     string
	Name      string
	Password  string
	Superuser bool
}

var (
	errEmail     = fieldError("email", "نشانی ایمیل معتبر نیست؛ مانند name@example.ir بنویسید.", "Enter an email address like name@example.org.")
	errEmailUsed = apperr.New(apperr.Conflict, "حساب دیگری با این ایمیل وجود دارد.", "Another account already uses this email address.")
	errPassword  = fieldError("password", "رمز عبور باید دست‌کم ۱۰ و حداکثر ۲۵۶ نویسه باشد.",
		"The password must be 10 to 256 characters long.")
	errSignIn = fieldError("email", "ایمیل یا رمز عبور درست نیست.", "The email or password is not correct.")
)

// normalizeEmail returns the lower-cased bare address, or an error.
func normalizeEmail(s string) (string, error) {
	a, err := mail.ParseAddress(strings.TrimSpace(s))
	if err != nil || a.Name != "" || len(a.Address) > 254 {
		return "", errEmail
	}
	return strings.ToLower(a.Address), nil
}

func checkPasswordPolicy(pw string) error {
	if n := utf8.RuneCountInString(pw); n < MinPasswordLen || n > MaxPasswordLen {
		return errPassword
	}
	return nil
}

// CreateStaff creates an account that signs in with email and password.
// actorID 0 means the command line.
func (s *Service) CreateStaff(ctx context.Context, actorID int64, in StaffInput) (User, error) {
	email, err := normalizeEmail(in.Email)
	if err != nil {
		return User{}, err
	}
	if err := checkPasswordPolicy(in.Password); err != nil {
		return User{}, err
	}
	hash, err := HashPassword(in.Password, s.cost)
	if err != nil {
		return User{}, err
	}
	now := s.now()
	u := User{Email: email, Name: persian.Normalize(in.Name), Superuser: in.Superuser, HasPassword: true, CreatedAt: now, UpdatedAt: now}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, is_superuser, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, email, u.Name, hash, in.Superuser, store.Millis(now)).Scan(&u.ID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: actorID, Action: "user.create_staff", Entity: "user",
			EntityID: u.ID, After: auditUser(u)})
	})
	if store.IsUniqueViolation(err) {
		return User{}, errEmailUsed
	}
	return u, err
}

// SetPassword replaces a staff account's password and ends its other
// sessions.
func (s *Service) SetPassword(ctx context.Context, actorID, userID int64, password string) error {
	if err := checkPasswordPolicy(password); err != nil {
		return err
	}
	hash, err := HashPassword(password, s.cost)
	if err != nil {
		return err
	}
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3`,
			hash, store.Millis(now), userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errUserNotFound
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`,
			store.Millis(now), userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: actorID, Action: "user.set_password", Entity: "user", EntityID: userID})
	})
}

// PasswordSignIn signs a staff member in with email and password. A wrong
// email and a wrong password take the same time and give the same answer,
// and wait alike: wrong passwords slow down the address that sends them,
// for that account (passwordBackoff), and nobody else.
func (s *Service) PasswordSignIn(ctx context.Context, emailInput, password string, c Client, oldToken string) (SignIn, error) {
	email, err := normalizeEmail(emailInput)
	if err != nil {
		return SignIn{}, err
	}
	addr := ratelimit.AddressKey(c.IP)
	if err := s.allow(ctx, limitCheck{rulePasswordPerIP, addr}); err != nil {
		return SignIn{}, err
	}
	key := email + "|" + addr
	wait, err := s.limits.Attempt(ctx, passwordBackoff, key)
	switch {
	case err != nil:
		return SignIn{}, err
	case wait > 0:
		return SignIn{}, errPasswordWait(wait)
	}
	u, ok, err := s.matchPassword(ctx, email, password)
	switch {
	case err != nil:
		return SignIn{}, err
	case !ok:
		return SignIn{}, errSignIn
	}
	if err := s.limits.Reset(ctx, passwordBackoff, key); err != nil {
		s.log.WarnContext(ctx, "forgetting wrong passwords failed", "error", err)
	}
	if u.Blocked() {
		return SignIn{}, errBlocked
	}
	var out SignIn
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		out, err = s.startSession(ctx, tx, u, "password", c, oldToken)
		return err
	})
	return out, err
}

// matchPassword finds the staff account with email and checks its
// password; an unknown email costs the same hash and is simply not ok.
func (s *Service) matchPassword(ctx context.Context, email, password string) (User, bool, error) {
	var hash sql.NullString
	u, err := findUser(ctx, s.db.Read, "email = $1", email)
	if err == nil {
		err = s.db.Read.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, u.ID).Scan(&hash)
	}
	if err != nil && !errors.Is(err, errUserNotFound) {
		return User{}, false, err
	}
	ok, _ := CheckPassword(s.cmpHash(hash), password)
	return u, ok && hash.Valid, nil
}

func (s *Service) cmpHash(h sql.NullString) string {
	if h.Valid {
		return h.String
	}
	return s.dummyHash()
}
