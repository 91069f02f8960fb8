package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/store"
)

// tokenHash is what the sessions table keeps: a stolen copy of the table
// holds no usable cookie.
func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// startSession creates a session for u, revoking the browser's previous
// one, so a session id planted before sign-in is worthless after it.
func (s *Service) startSession(ctx context.Context, tx *sql.Tx, u User, method string, c Client, oldToken string) (SignIn, error) {
	token, err := newToken()
	if err != nil {
		return SignIn{}, err
	}
	now := s.now()
	ttl := CitizenSession
	if method == "password" {
		ttl = StaffSession
	}
	if oldToken != "" {
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL`,
			store.Millis(now), tokenHash(oldToken)); err != nil {
			return SignIn{}, err
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, method, ip, user_agent, created_at, last_seen_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6, $7)`,
		tokenHash(token), u.ID, method, c.IP, truncate(c.UserAgent, 300), store.Millis(now), store.Millis(now.Add(ttl)))
	if err != nil {
		return SignIn{}, fmt.Errorf("identity: create session: %w", err)
	}
	return SignIn{Token: token, TTL: ttl, User: u}, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Authenticate returns the person a live session token belongs to, with
// their grants. Unknown, expired and revoked tokens, and blocked accounts,
// are Unauthorized.
func (s *Service) Authenticate(ctx context.Context, token string) (*auth.Principal, error) {
	var p auth.Principal
	var expires, revoked, blocked, seen time.Time
	err := s.db.Read.QueryRowContext(ctx, `SELECT s.id, s.user_id, s.expires_at, s.revoked_at, s.last_seen_at,
		u.name, u.is_superuser, u.blocked_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, tokenHash(token)).
		Scan(&p.SessionID, &p.UserID, store.Time(&expires), store.Time(&revoked), store.Time(&seen),
			&p.Name, &p.Superuser, store.Time(&blocked))
	now := s.now()
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, apperr.ErrUnauthorized
	case err != nil:
		return nil, fmt.Errorf("identity: load session: %w", err)
	case !revoked.IsZero() || !now.Before(expires) || !blocked.IsZero():
		return nil, apperr.ErrUnauthorized
	}
	if p.Grants, err = s.grantsOf(ctx, s.db.Read, p.UserID); err != nil {
		return nil, err
	}
	if now.Sub(seen) > touchEvery {
		// Only the "last seen" shown on the account page: a failure is
		// logged, and the request goes on.
		if _, err := s.db.Write.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id = $2`, store.Millis(now), p.SessionID); err != nil {
			s.log.WarnContext(ctx, "touching a session failed", "error", err)
		}
	}
	return &p, nil
}

func (s *Service) grantsOf(ctx context.Context, q store.Queryer, userID int64) ([]auth.Grant, error) {
	rows, err := q.QueryContext(ctx, `SELECT org_id, role FROM grants WHERE user_id = $1 ORDER BY id`, userID)
	return store.All(rows, err, func(r store.Scanner) (auth.Grant, error) {
		var g auth.Grant
		err := r.Scan(&g.OrgID, &g.Role)
		return g, err
	})
}

// SignOut revokes the session the token belongs to.
func (s *Service) SignOut(ctx context.Context, token string) error {
	_, err := s.db.Write.ExecContext(ctx, `UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL`,
		store.Millis(s.now()), tokenHash(token))
	return err
}

// Sessions lists a person's sessions that are still live, newest first.
func (s *Service) Sessions(ctx context.Context, userID int64) ([]Session, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, user_id, method, ip, user_agent, created_at, last_seen_at,
		expires_at, revoked_at FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2
		ORDER BY id DESC`, userID, store.Millis(s.now()))
	return store.All(rows, err, func(r store.Scanner) (Session, error) {
		var x Session
		err := r.Scan(&x.ID, &x.UserID, &x.Method, &x.IP, &x.UserAgent, store.Time(&x.CreatedAt),
			store.Time(&x.LastSeenAt), store.Time(&x.ExpiresAt), store.Time(&x.RevokedAt))
		return x, err
	})
}

// RevokeSession ends one of the person's own sessions.
func (s *Service) RevokeSession(ctx context.Context, userID, sessionID int64) error {
	res, err := s.db.Write.ExecContext(ctx, `UPDATE sessions SET revoked_at = $1
		WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL`, store.Millis(s.now()), sessionID, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.ErrNotFound
	}
	return nil
}

// RevokeAllSessions signs a person out everywhere (an operator's action,
// audited).
func (s *Service) RevokeAllSessions(ctx context.Context, actorID, userID int64) error {
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`,
			store.Millis(now), userID)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		return audit.Record(ctx, tx, now, audit.Change{ActorID: actorID, Action: "user.revoke_sessions",
			Entity: "user", EntityID: userID, After: map[string]int64{"revoked": n}})
	})
}
