// Package notify keeps the messages the platform sends a person: each is
// stored for the person's notifications page, in the same transaction as
// the change it reports, and also sent by SMS once that change commits.
package notify

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/sms"
	"github.com/shahr-city/shahr/internal/store"
)

// Notification is one message to a person.
type Notification struct {
	ID        int64
	Text      i18n.Text
	Link      string // a local path, or ""
	CreatedAt time.Time
	Read      bool
}

// Service stores notifications and sends their SMS copies.
type Service struct {
	db     *store.DB
	sms    sms.Sender
	phones Phones
	now    func() time.Time
	log    *slog.Logger
}

// Phones finds the mobile number a notification's SMS goes to: the
// identity module, whose tables notify does not read. *identity.Service
// implements it.
type Phones interface {
	Phone(ctx context.Context, userID int64) (string, error) // "" when the person has none
}

// New returns the service.
func New(db *store.DB, sender sms.Sender, phones Phones, now func() time.Time, log *slog.Logger) *Service {
	return &Service{db: db, sms: sender, phones: phones, now: now, log: log}
}

// Pending is a notification stored inside a transaction whose SMS copy
// waits until the transaction commits: a message must never announce a
// change that was rolled back.
type Pending struct {
	userID int64
	text   string
}

// Add stores a notification inside tx and returns its SMS to send after
// the commit.
func (s *Service) Add(ctx context.Context, tx *sql.Tx, userID int64, text i18n.Text, link string) (Pending, error) {
	_, err := tx.ExecContext(ctx, `INSERT INTO notifications (user_id, text_fa, text_en, link, created_at)
		VALUES ($1, $2, $3, $4, $5)`, userID, text.Fa, text.En, link, store.Millis(s.now()))
	return Pending{userID: userID, text: text.Fa}, err
}

// Send delivers the SMS copies of committed notifications to the people
// who have a mobile number. A gateway failure is logged, not returned: the
// notification is already on the person's page.
func (s *Service) Send(ctx context.Context, ps ...Pending) {
	for _, p := range ps {
		phone, err := s.phones.Phone(ctx, p.userID)
		if err == nil && phone != "" {
			err = s.sms.Send(ctx, sms.Message{To: phone, Text: p.text})
		}
		if err != nil {
			s.log.WarnContext(ctx, "notification sms not sent", "user_id", p.userID, "error", err)
		}
	}
}

// List returns a person's newest notifications.
func (s *Service) List(ctx context.Context, userID int64, limit int) ([]Notification, error) {
	return store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (Notification, error) {
		var n Notification
		var read sql.NullInt64
		err := r.Scan(&n.ID, &n.Text.Fa, &n.Text.En, &n.Link, store.Time(&n.CreatedAt), &read)
		n.Read = read.Valid
		return n, err
	}, `SELECT id, text_fa, text_en, link, created_at, read_at FROM notifications
		WHERE user_id = $1 ORDER BY id DESC LIMIT $2`, userID, limit)
}

// Unread counts a person's unread notifications.
func (s *Service) Unread(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.db.Read.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`,
		userID).Scan(&n)
	return n, err
}

// MarkRead marks every notification of a person read.
func (s *Service) MarkRead(ctx context.Context, userID int64) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`,
			store.Millis(s.now()), userID)
		return err
	})
}
