package budgeting

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/ballotchain"
	"github.com/shahr-city/shahr/internal/store"
)

// Paper entry outcomes.
const (
	PaperPending   = "pending"   // entered once; a second person must enter the sheet too
	PaperConfirmed = "confirmed" // entered twice alike; counted as a paper ballot
	PaperMismatch  = "mismatch"  // two entries differ; the latest waits for another check
)

// PaperEntry is what became of one entry of a paper ballot sheet.
type PaperEntry struct {
	HeadingID int64
	Serial    string
	Status    string
	Receipt   string // when confirmed
}

var (
	errSerial = invalid("serial", "شماره برگه رأی را بنویسید (حداکثر ۴۰ نویسه).",
		"Enter the ballot sheet's number (at most 40 characters).")
	errSameClerk = apperr.New(apperr.Conflict, "این برگه را خودتان وارد کرده‌اید؛ همکار دیگری باید آن را دوباره وارد کند.",
		"You entered this sheet yourself; another staff member must enter it again.")
	errCounted = apperr.New(apperr.Conflict, "این برگه رأی پیش‌تر تأیید و شمرده شده است.",
		"This ballot sheet has already been confirmed and counted.")
)

// EnterPaper records one staff member's reading of a numbered paper
// ballot sheet while voting is open. The first reading waits; a second
// reading by someone else that agrees counts the sheet as a paper ballot
// in the same transaction; one that disagrees replaces the waiting
// reading and marks the sheet for a further check. Every step is audited.
func (s *Service) EnterPaper(ctx context.Context, clerkID, headingID int64, serial string, choices []Choice) (PaperEntry, error) {
	serial = strings.TrimSpace(serial)
	if serial == "" || len([]rune(serial)) > 40 {
		return PaperEntry{}, errSerial
	}
	p, h, err := s.openHeading(ctx, headingID)
	if err != nil {
		return PaperEntry{}, err
	}
	// A sheet names no account: the booth checked its voter, and the
	// one eligibility rule says so for every paper ballot.
	if _, err := s.mayVote(ctx, p, h, paperVoter); err != nil {
		return PaperEntry{}, err
	}
	props, err := s.Feasible(ctx, h.ID)
	if err != nil {
		return PaperEntry{}, err
	}
	total, err := checkChoices(p, h, props, choices)
	if err != nil {
		return PaperEntry{}, err
	}
	text := ballotchain.EncodeChoices(choices)
	out := PaperEntry{HeadingID: h.ID, Serial: serial}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var id, by int64
		var stored, status string
		err := tx.QueryRowContext(ctx, `SELECT id, choices, entered_by, status FROM budget_paper_entries
			WHERE heading_id = $1 AND serial = $2`, h.ID, serial).Scan(&id, &stored, &by, &status)
		now := store.Millis(s.now())
		switch {
		case errors.Is(err, sql.ErrNoRows):
			out.Status = PaperPending
			_, err = tx.ExecContext(ctx, `INSERT INTO budget_paper_entries (heading_id, serial, choices, entered_by, status, at)
				VALUES ($1, $2, $3, $4, $5, $6)`, h.ID, serial, text, clerkID, out.Status, now)
		case err != nil:
		case status == PaperConfirmed:
			err = errCounted
		case by == clerkID:
			err = errSameClerk
		case stored != text:
			out.Status = PaperMismatch
			_, err = tx.ExecContext(ctx, `UPDATE budget_paper_entries SET choices = $1, entered_by = $2, status = $3, at = $4
				WHERE id = $5`, text, clerkID, out.Status, now, id)
		default:
			out.Status, out.Receipt = PaperConfirmed, newReceipt()
			req := &castRequest{now: s.now, headingID: h.ID, choices: text, total: total, paper: true, receipt: out.Receipt}
			if err = writeBallots(ctx, tx, []*castRequest{req}); err == nil {
				_, err = tx.ExecContext(ctx, `UPDATE budget_paper_entries SET confirmed_by = $1, status = $2, receipt = $3, at = $4
					WHERE id = $5`, clerkID, out.Status, out.Receipt, now, id)
			}
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), audit.Change{ActorID: clerkID, OrgID: p.OrgID, OrgPath: p.OrgPath,
			Action: "budgeting.paper." + out.Status, Entity: "budget_heading", EntityID: h.ID,
			After: map[string]string{"serial": serial, "choices": text}})
	})
	return out, err
}

// PaperCounts says how many sheets of a heading wait for a second entry
// and how many are counted.
func (s *Service) PaperCounts(ctx context.Context, headingID int64) (waiting, counted int, err error) {
	err = s.db.Read.QueryRowContext(ctx, `SELECT
		coalesce(sum(CASE WHEN status <> 'confirmed' THEN 1 ELSE 0 END), 0),
		coalesce(sum(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END), 0)
		FROM budget_paper_entries WHERE heading_id = $1`, headingID).Scan(&waiting, &counted)
	return waiting, counted, err
}
