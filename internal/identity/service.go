package identity

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/shahr-city/shahr/internal/ratelimit"
	"github.com/shahr-city/shahr/internal/sms"
	"github.com/shahr-city/shahr/internal/store"
)

// Service holds the identity use cases; each runs one transaction.
type Service struct {
	db        *store.DB
	now       func() time.Time
	sms       sms.Sender
	limits    *ratelimit.Limiter
	log       *slog.Logger
	codeKey   []byte // HMAC key for one-time codes, shared by every server process
	cost      PasswordCost
	dummyHash func() string
}

// Option changes how New builds the service.
type Option func(*Service)

// WithPasswordCost hashes new passwords at cost p instead of
// DefaultPasswordCost; tests use it to make accounts cheaply.
func WithPasswordCost(p PasswordCost) Option { return func(s *Service) { s.cost = p } }

// Lifetimes and limits of sign-in.
const (
	CodeTTL         = 5 * time.Minute
	CodeMaxAttempts = 5
	CodeDigits      = 6
	// CodeResendAfter is how long a live code stands against a new request:
	// within it the request is told that a code was already sent, and the
	// code the citizen is typing is not replaced under their fingers.
	CodeResendAfter = time.Minute
	CitizenSession  = 30 * 24 * time.Hour
	StaffSession    = 12 * time.Hour
	touchEvery      = 5 * time.Minute // how stale last_seen_at may get before a write
)

// The rate-limit rules. Those on an address count every request from it,
// refused ones too; those on a number count only the codes actually sent
// to it (ratelimit.Take), per number and asking address, so that asking in
// vain, or from elsewhere, uses up nobody's codes. The ceiling per number
// bounds what the gateway texts one person whoever asks; reaching it takes
// three addresses (or /64 networks) at their own daily limit.
var (
	ruleCodePerIP           = ratelimit.Rule{Name: "otp.send.ip", Limit: 20, Window: 10 * time.Minute}
	ruleCodeSentPerAsker    = ratelimit.Rule{Name: "otp.sent.phone.ip", Limit: 3, Window: 10 * time.Minute}
	ruleCodeSentPerAskerDay = ratelimit.Rule{Name: "otp.sent.phone.ip.day", Limit: 10, Window: 24 * time.Hour}
	ruleCodeSentPerPhoneDay = ratelimit.Rule{Name: "otp.sent.phone.day", Limit: 30, Window: 24 * time.Hour}
	ruleVerifyPerIP         = ratelimit.Rule{Name: "otp.verify.ip", Limit: 30, Window: 10 * time.Minute}
	rulePasswordPerIP       = ratelimit.Rule{Name: "password.ip", Limit: 20, Window: 15 * time.Minute}
)

// passwordBackoff spaces out wrong passwords for one account from one
// address: five in a row are free, then the next waits a minute, two,
// four... up to an hour. Nobody else is slowed: not the account's owner
// at another address, nor another account at this one.
var passwordBackoff = ratelimit.Backoff{Name: "password.fail", Free: 5, Base: time.Minute, Max: time.Hour, Forget: 24 * time.Hour}

// New returns the service. It loads the one-time-code key from the
// database, creating it on first start.
func New(ctx context.Context, db *store.DB, now func() time.Time, sender sms.Sender, log *slog.Logger, opts ...Option) (*Service, error) {
	key, err := loadKey(ctx, db, "otp_hmac_key")
	if err != nil {
		return nil, err
	}
	s := &Service{db: db, now: now, sms: sender, limits: ratelimit.New(db, now), log: log, codeKey: key, cost: DefaultPasswordCost()}
	for _, o := range opts {
		o(s)
	}
	s.dummyHash = newDummyHash(s.cost)
	return s, nil
}

// loadKey returns a random secret kept in the settings table. Two processes
// starting at once both try to insert; the first wins and both read it.
func loadKey(ctx context.Context, db *store.DB, name string) ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	_, err := db.Write.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
		name, hex.EncodeToString(b))
	if err != nil {
		return nil, fmt.Errorf("identity: store key: %w", err)
	}
	var v string
	if err := db.Write.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, name).Scan(&v); err != nil {
		return nil, fmt.Errorf("identity: read key: %w", err)
	}
	return hex.DecodeString(v)
}

// allow applies rate-limit rules that count every attempt, each to its
// key, failing on the first refusal.
func (s *Service) allow(ctx context.Context, checks ...limitCheck) error {
	for _, c := range checks {
		ok, err := s.limits.Allow(ctx, c.rule, c.key)
		if err != nil {
			return err
		}
		if !ok {
			return errTooMany
		}
	}
	return nil
}

type limitCheck struct {
	rule ratelimit.Rule
	key  string
}

// Prune deletes expired codes, sessions long past expiry and old rate
// counters. The server runs it hourly.
func (s *Service) Prune(ctx context.Context) error {
	now := s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM otp_codes WHERE expires_at < $1`, store.Millis(now.Add(-24*time.Hour))); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1`, store.Millis(now.Add(-30*24*time.Hour)))
		return err
	})
	return errors.Join(err, s.limits.Prune(ctx, now.Add(-48*time.Hour)))
}
