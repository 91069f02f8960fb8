package budgeting

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/ballotchain"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/ratelimit"
	"github.com/shahr-city/shahr/internal/store"
)

// Receipt is a voter's current ballot in a heading, with its receipt: the
// one code the voter keeps. It is the secret that proves the ballot; the
// published files show only its hash (ballotchain.ReceiptHash).
type Receipt struct {
	HeadingID int64
	Receipt   string
	Choices   []Choice
	TotalCost int64
	CastAt    time.Time
}

// receiptURL is the page that shows the signed-in voter their own current
// receipt in a heading. The receipt is not in it: addresses end up in
// logs, histories and Referer headers.
func receiptURL(slug string, headingID int64) string {
	return "/budgets/" + slug + "/vote/" + strconv.FormatInt(headingID, 10) + "/receipt"
}

// MyReceipt returns a voter's current ballot in a heading and its
// receipt: theirs only, so a page that shows it to the signed-in person
// shows nobody else's.
func (s *Service) MyReceipt(ctx context.Context, voterID, headingID int64) (Receipt, error) {
	r := Receipt{HeadingID: headingID}
	var text string
	err := s.db.Read.QueryRowContext(ctx, `SELECT choices, receipt, total_cost, cast_at FROM budget_ballots
		WHERE heading_id = $1 AND voter_id = $2`, headingID, voterID).Scan(&text, &r.Receipt, &r.TotalCost, store.Time(&r.CastAt))
	if err = store.NotFound(err, errNoReceipt); err != nil {
		return r, err
	}
	r.Choices, err = parseStored(text)
	return r, err
}

// ReceiptCheck is what the public check finds for a receipt once voting
// has closed.
type ReceiptCheck struct {
	Heading     Heading
	ReceiptHash string           // the voter_id of the ballot's line in the published file
	Link        ballotchain.Link // the ballot's link in the heading's chain
	Links       int64            // how many links the chain has
	Head        string           // the chain's head, as the heading records it
	Counted     bool             // the voter's current ballot; false when a later one replaced it (its receipt is void)
	Line        ballotchain.Line // the ballot's line in the published ballots file; Number 0 when not counted
	// Problem says why the chain from the ballot's link to the head does
	// not recompute, or why a counted ballot is not in the file; nil when
	// both check.
	Problem error
}

// CheckReceipt finds a receipt's ballot in a process whose voting has
// closed: its heading, its link in the chain, checked forward to the
// recorded head (ballotchain.Walk), and its line in the published ballots
// file. A receipt of a replaced ballot is found too, and said to be void.
//
// Anyone may ask, and a check walks the heading's chain from the link on,
// so each address (its /64 for IPv6) has ruleReceiptChecks' allowance.
func (s *Service) CheckReceipt(ctx context.Context, processID int64, typed, asker string) (ReceiptCheck, error) {
	var c ReceiptCheck
	allowed, err := s.limits.Allow(ctx, ruleReceiptChecks, ratelimit.AddressKey(asker))
	if err != nil {
		return c, err
	}
	if !allowed {
		return c, errTooManyChecks
	}
	p, err := s.Process(ctx, processID)
	if err != nil {
		return c, err
	}
	if !p.VotingClosed(s.now()) {
		return c, errNotClosed
	}
	receipt, err := readReceipt(typed)
	if err != nil {
		return c, err
	}
	err = s.readSnapshot(ctx, func(tx *sql.Tx) error {
		for _, h := range p.Headings {
			if found, err := checkLink(ctx, tx, h, receipt, &c); err != nil || found {
				return err
			}
		}
		return errUnknownReceipt
	})
	if err != nil || !c.Counted || c.Problem != nil {
		return c, err
	}
	// The file as the ballots.pb endpoint publishes it, built once per
	// closed heading (published_cache.go).
	file, err := s.publishedText(ctx, c.Heading.ID)
	if err != nil {
		return c, err
	}
	var ok bool
	if c.Line, ok = ballotchain.VoterLine(file, c.ReceiptHash); !ok {
		c.Problem = fmt.Errorf("the ballot of voter %s is counted, but the published ballots file has no line for it", c.ReceiptHash)
	}
	return c, nil
}

// checkLink looks for the receipt's link in heading h's chain and, when it
// is there, fills c: its position, whether it is counted, and the walk
// from it to the head.
func checkLink(ctx context.Context, tx *sql.Tx, h Heading, receipt string, c *ReceiptCheck) (bool, error) {
	rh := ballotchain.ReceiptHash(h.ID, receipt)
	var id, before int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM budget_ballot_log WHERE heading_id = $1 AND receipt_hash = $2`, h.ID, rh).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err == nil {
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM budget_ballot_log WHERE heading_id = $1 AND id < $2`, h.ID, id).Scan(&before)
	}
	if err == nil {
		err = tx.QueryRowContext(ctx, `SELECT last_hash FROM budget_headings WHERE id = $1`, h.ID).Scan(&c.Head)
	}
	var counted int
	if err == nil {
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM budget_ballots WHERE heading_id = $1 AND receipt = $2`, h.ID, receipt).Scan(&counted)
	}
	if err != nil {
		return true, err
	}
	c.Heading, c.ReceiptHash, c.Counted = h, rh, counted == 1
	return true, walkFrom(ctx, tx, h.ID, id, before+1, c)
}

// walkFrom recomputes heading's chain from the link with the given id
// (its seq-th) to the head, one row at a time: a large heading's log is
// not held in memory for one check.
func walkFrom(ctx context.Context, tx *sql.Tx, headingID, id, seq int64, c *ReceiptCheck) error {
	rows, err := tx.QueryContext(ctx, `SELECT receipt_hash, choices, prev_hash, hash FROM budget_ballot_log
		WHERE heading_id = $1 AND id >= $2 ORDER BY id`, headingID, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	w := ballotchain.Walk{Heading: headingID}
	for ; rows.Next(); seq++ {
		l := ballotchain.Link{Seq: seq}
		if err := rows.Scan(&l.ReceiptHash, &l.Choices, &l.PrevHash, &l.Hash); err != nil {
			return err
		}
		if l.ReceiptHash == c.ReceiptHash {
			l.Counted = c.Counted
			c.Link = l
		}
		if c.Problem == nil {
			c.Problem = w.Next(l)
		}
	}
	c.Links = seq - 1
	if c.Problem == nil {
		c.Problem = w.End(c.Head)
	}
	return rows.Err()
}

// receiptLen is the length of a receipt: 128 random bits in hex (see
// newReceipt).
const receiptLen = 32

// readReceipt takes a receipt as a person types or pastes it: in any
// digits and either case, with spaces, dashes or half-spaces between
// groups.
func readReceipt(typed string) (string, error) {
	r := strings.Map(func(c rune) rune {
		if unicode.IsSpace(c) || c == '-' || c == '\u200c' {
			return -1
		}
		return unicode.ToLower(c)
	}, persian.ToASCIIDigits(typed))
	if len(r) != receiptLen || strings.Trim(r, "0123456789abcdef") != "" {
		return "", errBadReceipt
	}
	return r, nil
}

// notFoundIn is a not-found error about a form field, shown beside it.
func notFoundIn(field, fa, en string) *apperr.Error {
	e := apperr.New(apperr.NotFound, fa, en)
	e.Fields = append(e.Fields, apperr.Field{Name: field, Msg: e.Msg})
	return e
}

// ruleReceiptChecks is how many receipts one address may check: a voter
// checks one or two; whoever checks a whole file does it offline with
// shahr verify.
var ruleReceiptChecks = ratelimit.Rule{Name: "budget.receipt.check", Limit: 30, Window: 10 * time.Minute}
