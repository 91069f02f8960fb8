package budgeting

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/web"
)

// ballotAPIRoutes are the JSON ballot endpoints.
func (h *handlers) ballotAPIRoutes() []web.Route {
	return []web.Route{
		{Method: "POST", Pattern: "/api/v1/processes/{id}/headings/{hid}/ballot", Access: web.SignedInTx, Handle: h.apiCast},
		{Method: "GET", Pattern: "/api/v1/processes/{id}/headings/{hid}/chain", Access: web.Public, Handle: h.apiChain},
	}
}

// maxBallotBytes bounds a ballot's body: a few thousand choices, far more
// than any heading has projects.
const maxBallotBytes = 64 << 10

var (
	errBallotBody = apperr.New(apperr.Invalid, "برگه رأی به درستی فرستاده نشد؛ بدنه درخواست باید JSON به شکل {\"choices\":[{\"id\":…}]} باشد.",
		`The ballot could not be read; the body must be JSON like {"choices":[{"id":…}]}.`)
	errBallotTooLarge = apperr.New(apperr.Invalid, "برگه رأی بیش از حد بزرگ است.", "The ballot is too large.")
	errVotingNotOpen  = apperr.New(apperr.Forbidden, "رأی‌گیری این فرایند اکنون باز نیست.", "Voting is not open in this process now.")
)

type choiceJSON struct {
	ID     int64 `json:"id"`
	Points int64 `json:"points"`
}

type ballotJSON struct {
	Choices []choiceJSON `json:"choices"`
}

// apiCast answers POST /api/v1/processes/{id}/headings/{hid}/ballot: the
// signed-in person's ballot, replacing any earlier one of theirs in the
// heading. 201 with the receipt once the ballot is committed. The route
// does not load the session (web.SignedInTx): the ballot's batch reads it
// with the others' in the transaction that stores them, and what the
// heading's ballots are checked against is kept in memory
// (ballot_context.go), so the request itself reads nothing.
func (h *handlers) apiCast(w http.ResponseWriter, r *http.Request) error {
	hid, err := h.ballotHeading(r)
	if err != nil {
		return err
	}
	var body ballotJSON
	if err := decodeBallot(w, r, &body); err != nil {
		return err
	}
	b := Ballot{HeadingID: hid, Choices: make([]Choice, len(body.Choices))}
	for i, c := range body.Choices {
		b.Choices[i] = Choice{ProposalID: c.ID, Points: c.Points}
	}
	c, err := h.svc.castBy(r.Context(), voterKey{token: web.SessionToken(r)}, hid, b)
	if c.VoterID != 0 {
		web.Identify(r, &auth.Principal{UserID: c.VoterID})
	}
	if errors.Is(err, errNotPhase) { // voting is not open, or closed while the ballot waited
		err = errVotingNotOpen
	}
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, map[string]any{"receipt": c.Receipt, "total_cost": c.TotalCost})
}

// ballotHeading is the {hid} heading of the {id} process, found in the
// heading's ballot context; a heading of another process is not found.
func (h *handlers) ballotHeading(r *http.Request) (int64, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return 0, err
	}
	hid, err := web.PathID(r, "hid")
	if err != nil {
		return 0, err
	}
	bc, err := h.svc.ballotContext(r.Context(), hid)
	if err == nil && bc.process.ID != id {
		err = errNoProcess
	}
	return hid, err
}

// processHeading reads the {id} process and its {hid} heading; a heading
// of another process is not found.
func (h *handlers) processHeading(r *http.Request) (Process, Heading, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Process{}, Heading{}, err
	}
	hid, err := web.PathID(r, "hid")
	if err != nil {
		return Process{}, Heading{}, err
	}
	p, err := h.svc.Process(r.Context(), id)
	if err != nil {
		return p, Heading{}, err
	}
	hd, ok := p.Heading(hid)
	if !ok {
		return p, hd, errNoProcess
	}
	return p, hd, nil
}

// decodeBallot reads one JSON object of bounded size, refusing unknown
// fields (a misspelt "choices" must not become an empty ballot).
func decodeBallot(w http.ResponseWriter, r *http.Request, v *ballotJSON) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBallotBytes))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.Decode(&struct{}{}) != io.EOF {
		err = errors.New("more than one JSON value")
	}
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return errBallotTooLarge
	case err != nil:
		e := *errBallotBody
		e.Err = err
		return &e
	}
	return nil
}

// apiChain answers GET /api/v1/processes/{id}/headings/{hid}/chain once
// voting has closed: the heading's ballot log, every accepted ballot
// (replaced ones too) in order, so that anyone can recompute the chain
// with ChainHash and find their receipt's hash in it.
func (h *handlers) apiChain(w http.ResponseWriter, r *http.Request) error {
	_, hd, err := h.processHeading(r)
	if err != nil {
		return err
	}
	c, err := h.svc.PublishedChain(r.Context(), hd.ID)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, c)
}

// ChainEntry is one link of a heading's ballot log.
type ChainEntry struct {
	Seq         int64  `json:"seq"` // 1 for the first ballot
	ReceiptHash string `json:"receipt_hash"`
	Choices     string `json:"choices"` // as stored and hashed: "12,15", or "12:3,15:2" with points
	PrevHash    string `json:"prev_hash"`
	Hash        string `json:"hash"`
}

// Chain is a heading's ballot log and the head the heading records.
type Chain struct {
	Heading  int64        `json:"heading"`
	Entries  []ChainEntry `json:"entries"`
	LastHash string       `json:"last_hash"`
}

// Verify recomputes the chain: links numbered from 1, each naming the
// hash of the one before ("" for the first) and hashing, with ChainHash,
// to what it says; the last one is the recorded head.
func (c Chain) Verify() error {
	prev := ""
	for i, e := range c.Entries {
		switch {
		case e.Seq != int64(i+1):
			return fmt.Errorf("budgeting: heading %d: link %d is numbered %d", c.Heading, i+1, e.Seq)
		case e.PrevHash != prev:
			return fmt.Errorf("budgeting: heading %d: link %d does not follow link %d", c.Heading, i+1, i)
		case ChainHash(e.PrevHash, e.ReceiptHash, e.Choices) != e.Hash:
			return fmt.Errorf("budgeting: heading %d: link %d does not hash to its hash", c.Heading, i+1)
		}
		prev = e.Hash
	}
	if prev != c.LastHash {
		return fmt.Errorf("budgeting: heading %d: the chain ends at %.12s…, the heading records %.12s…", c.Heading, prev, c.LastHash)
	}
	return nil
}

// PublishedChain returns a heading's ballot log once voting has closed.
func (s *Service) PublishedChain(ctx context.Context, headingID int64) (Chain, error) {
	if _, _, err := s.closedHeading(ctx, headingID); err != nil {
		return Chain{}, err
	}
	var c Chain
	err := s.readSnapshot(ctx, func(tx *sql.Tx) error {
		var err error
		c, _, err = readChain(ctx, tx, headingID)
		return err
	})
	return c, err
}

// VerifyChain checks a heading's ballot log at any time, from one
// snapshot of the database: the chain recomputes (Chain.Verify), the
// heading's ballot counter counts its links, and every counted ballot is
// in the log with the same choices. It returns the number of links.
func (s *Service) VerifyChain(ctx context.Context, headingID int64) (int, error) {
	var n int
	err := s.readSnapshot(ctx, func(tx *sql.Tx) error {
		c, seq, err := readChain(ctx, tx, headingID)
		if err != nil {
			return err
		}
		if err := c.Verify(); err != nil {
			return err
		}
		if n = len(c.Entries); seq != int64(n) {
			return fmt.Errorf("budgeting: heading %d counts %d ballots logged, the log has %d", headingID, seq, n)
		}
		logged := make(map[string]string, n)
		for _, e := range c.Entries {
			logged[e.ReceiptHash] = e.Choices
		}
		rows, err := tx.QueryContext(ctx, `SELECT receipt, choices FROM budget_ballots WHERE heading_id = $1`, headingID)
		bs, err := store.All(rows, err, func(r store.Scanner) ([2]string, error) {
			var b [2]string
			return b, r.Scan(&b[0], &b[1])
		})
		if err != nil {
			return err
		}
		for _, b := range bs {
			if choices, ok := logged[ReceiptHash(headingID, b[0])]; !ok || choices != b[1] {
				return fmt.Errorf("budgeting: heading %d: a counted ballot (receipt hash %s) is not in the log as counted",
					headingID, ReceiptHash(headingID, b[0]))
			}
		}
		return nil
	})
	return n, err
}

// readSnapshot runs fn in a read-only transaction that sees one state of
// the database while ballots keep arriving.
func (s *Service) readSnapshot(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.Read.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// readChain reads a heading's log, its recorded head and its ballot counter.
func readChain(ctx context.Context, tx *sql.Tx, headingID int64) (Chain, int64, error) {
	c := Chain{Heading: headingID, Entries: []ChainEntry{}}
	var seq int64
	err := tx.QueryRowContext(ctx, `SELECT last_hash, ballot_seq FROM budget_headings WHERE id = $1`, headingID).Scan(&c.LastHash, &seq)
	err = store.NotFound(err, errNoProcess)
	if err != nil {
		return c, 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT receipt_hash, choices, prev_hash, hash FROM budget_ballot_log
		WHERE heading_id = $1 ORDER BY id`, headingID)
	entries, err := store.All(rows, err, func(r store.Scanner) (ChainEntry, error) {
		var e ChainEntry
		return e, r.Scan(&e.ReceiptHash, &e.Choices, &e.PrevHash, &e.Hash)
	})
	if err != nil {
		return c, 0, err
	}
	for i := range entries {
		entries[i].Seq = int64(i + 1)
	}
	if entries != nil {
		c.Entries = entries
	}
	return c, seq, nil
}
