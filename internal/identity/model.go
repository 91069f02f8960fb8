// Package identity is the people who use Shahr and how they prove who they
// are: citizens sign in with their mobile number and a one-time code,
// staff with an email and a password; sessions, roles granted per
// organization, and the verified residence later modules restrict votes by.
package identity

import (
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
)

// User is a person with an account.
type User struct {
	ID          int64
	Name        string
	Phone       string    // canonical 09xxxxxxxxx, "" for staff without one
	Email       string    // lower-case, "" for citizens without one
	NationalID  string    // 10 digits, "" until the person adds it
	BirthDate   time.Time // the day of birth as UTC midnight, recorded by staff with the residence; zero when unknown
	Superuser   bool
	HasPassword bool
	BlockedAt   time.Time // zero unless blocked
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Blocked reports whether the account may not sign in.
func (u User) Blocked() bool { return !u.BlockedAt.IsZero() }

// Contact is how staff pages name the person: the name, else a number or email.
func (u User) Contact() string {
	switch {
	case u.Email != "":
		return u.Email
	case u.Phone != "":
		return u.Phone
	}
	return ""
}

// Session is one signed-in browser.
type Session struct {
	ID         int64
	UserID     int64
	Method     string // "otp" or "password"
	IP         string
	UserAgent  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	RevokedAt  time.Time
}

// Active reports whether the session may still be used at now.
func (s Session) Active(now time.Time) bool { return s.RevokedAt.IsZero() && now.Before(s.ExpiresAt) }

// GrantRecord is a role held by a person in an organization.
type GrantRecord struct {
	ID        int64
	UserID    int64
	OrgID     int64
	Role      auth.Role
	GrantedBy int64
	CreatedAt time.Time
	User      User // the holder, filled when listing an organization's staff
}

// Residence is a person's verified place of residence: a district,
// sub-district or neighbourhood, recorded by staff or from a census list.
type Residence struct {
	ID        int64
	UserID    int64
	OrgID     int64
	Source    string // "staff" or "census"
	GrantedBy int64
	CreatedAt time.Time
	User      User // the resident, filled when listing an organization's residents
}

// Client is where a sign-in comes from, recorded on the session.
type Client struct {
	IP        string
	UserAgent string
}

// SignIn is the outcome of a successful sign-in: the token for the cookie.
type SignIn struct {
	Token   string
	TTL     time.Duration // how long the session lasts
	User    User
	NewUser bool
}

var (
	errUserNotFound = apperr.New(apperr.NotFound, "کاربری با این مشخصات پیدا نشد.", "No user matches these details.")
	errBlocked      = apperr.New(apperr.Forbidden, "حساب کاربری شما مسدود شده است. با پشتیبانی تماس بگیرید.",
		"Your account is blocked. Please contact support.")
	errTooMany = apperr.New(apperr.RateLimited, "تعداد تلاش‌ها بیش از حد مجاز است؛ چند دقیقه دیگر دوباره تلاش کنید.",
		"Too many attempts. Please wait a few minutes and try again.")
)
