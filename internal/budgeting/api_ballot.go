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
	"github.com/shahr-city/shahr/internal/ballotchain"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/web"
)

// ballotAPIRoutes are the JSON ballot endpoints.
func (h *handlers) ballotAPIRoutes() []web.Route {
	return []web.Route{
		{Method: "POST", Pattern: "/api/v1/processes/{id}/headings/{hid}/ballot", Access: web.SignedIn, Handle: h.apiCast},
		{Method: "GET", Pattern: "/api/v1/processes/{id}/headings/{hid}/chain", Access: web.Public, Handle: h.apiChain},
	}
}

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
// heading. 201 with the receipt once the ballot is committed, and the
// address of the page that shows it to its voter.
func (h *handlers) apiCast(w http.ResponseWriter, r *http.Request) error {
	p, hd, err := h.processHeading(r)
	if err != nil {
		return err
	}
	if w, ok := p.PhaseAt(h.svc.now()); !ok || w.Phase != Voting {
		return errVotingNotOpen
	}
	var body ballotJSON
	if err := ballotBody.decode(w, r, &body); err != nil {
		return err
	}
	b := Ballot{HeadingID: hd.ID, Choices: make([]Choice, len(body.Choices))}
	for i, c := range body.Choices {
		b.Choices[i] = Choice{ProposalID: c.ID, Points: c.Points}
	}
	c, err := h.svc.cast(r.Context(), p, hd, web.Who(r).UserID, b)
	if errors.Is(err, errNotPhase) { // voting closed while the ballot waited
		err = errVotingNotOpen
	}
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, map[string]any{"receipt": c.Receipt, "total_cost": c.TotalCost,
		"receipt_url": receiptURL(p.Slug, hd.ID)})
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

// jsonBody reads a request's body: one JSON object of at most limit
// bytes, refusing unknown fields (a misspelt "choices" must not become an
// empty ballot); bad and tooLarge are what the client is told.
type jsonBody struct {
	limit         int64
	bad, tooLarge *apperr.Error
}

// ballotBody is a ballot's: a few thousand choices, far more than any
// heading has projects.
var ballotBody = jsonBody{limit: 64 << 10, bad: errBallotBody, tooLarge: errBallotTooLarge}

func (b jsonBody) decode(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, b.limit))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.Decode(&struct{}{}) != io.EOF {
		err = errors.New("more than one JSON value")
	}
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return b.tooLarge
	case err != nil:
		e := *b.bad
		e.Err = err
		return &e
	}
	return nil
}

// apiChain answers GET /api/v1/processes/{id}/headings/{hid}/chain once
// voting has closed: the heading's ballot log, every accepted ballot
// (replaced ones too) in order, so that anyone can recompute the chain
// (ballotchain.LinkHash), find their receipt's hash in it, and check the
// published ballots file against it (shahr verify).
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

// PublishedChain returns a heading's ballot log once voting has closed,
// each link marked counted (its voter's current ballot) or not (replaced).
func (s *Service) PublishedChain(ctx context.Context, headingID int64) (ballotchain.Chain, error) {
	if _, _, err := s.closedHeading(ctx, headingID); err != nil {
		return ballotchain.Chain{}, err
	}
	var c ballotchain.Chain
	err := s.readSnapshot(ctx, func(tx *sql.Tx) error {
		var err error
		if c, _, err = readChain(ctx, tx, headingID); err != nil {
			return err
		}
		counted, err := countedChoices(ctx, tx, headingID)
		for i, e := range c.Entries {
			_, c.Entries[i].Counted = counted[e.ReceiptHash]
		}
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
		counted, err := countedChoices(ctx, tx, headingID)
		if err != nil {
			return err
		}
		for rh, choices := range counted {
			if got, ok := logged[rh]; !ok || got != choices {
				return fmt.Errorf("budgeting: heading %d: a counted ballot (receipt hash %s) is not in the log as counted", headingID, rh)
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
func readChain(ctx context.Context, tx *sql.Tx, headingID int64) (ballotchain.Chain, int64, error) {
	c := ballotchain.Chain{Heading: headingID, Entries: []ballotchain.Link{}}
	var seq int64
	err := tx.QueryRowContext(ctx, `SELECT last_hash, ballot_seq FROM budget_headings WHERE id = $1`, headingID).Scan(&c.LastHash, &seq)
	err = store.NotFound(err, errNoProcess)
	if err != nil {
		return c, 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT receipt_hash, choices, prev_hash, hash FROM budget_ballot_log
		WHERE heading_id = $1 ORDER BY id`, headingID)
	entries, err := store.All(rows, err, func(r store.Scanner) (ballotchain.Link, error) {
		var e ballotchain.Link
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
