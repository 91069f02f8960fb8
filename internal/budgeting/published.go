package budgeting

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shahr-city/shahr/internal/ballotchain"
	"github.com/shahr-city/shahr/internal/store"
)

// storedBallot is a counted ballot: its receipt's hash and choices.
type storedBallot struct {
	receiptHash string
	choices     []Choice
	paper       bool
}

// ballots are a heading's counted ballots in the order of their links in
// the chain, as the published file lists them, so that anyone can check
// the file against the chain line by line (ballotchain.CheckFile). A
// voter's row keeps the id of their first ballot when they vote again,
// while their new link goes to the end of the chain: the rows' order is
// not the chain's. Ballots without a link (none, but tests write some
// directly) come last, in their rows' order.
func (s *Service) ballots(ctx context.Context, headingID int64) ([]storedBallot, error) {
	var bs []storedBallot
	err := s.readSnapshot(ctx, func(tx *sql.Tx) error {
		var err error
		bs, err = store.QueryAll(ctx, tx, func(r store.Scanner) (storedBallot, error) {
			var receipt, text string
			var b storedBallot
			if err := r.Scan(&receipt, &text, &b.paper); err != nil {
				return b, err
			}
			b.receiptHash = ballotchain.ReceiptHash(headingID, receipt)
			b.choices, err = parseStored(text)
			return b, err
		}, `SELECT receipt, choices, paper FROM budget_ballots WHERE heading_id = $1 ORDER BY id`, headingID)
		if err != nil {
			return err
		}
		links, err := linkHashes(ctx, tx, headingID)
		bs = inChainOrder(bs, links)
		return err
	})
	return bs, err
}

// linkHashes are the receipt hashes of a heading's links, in chain order.
func linkHashes(ctx context.Context, tx *sql.Tx, headingID int64) ([]string, error) {
	return store.QueryAll(ctx, tx, func(r store.Scanner) (string, error) {
		var h string
		return h, r.Scan(&h)
	}, `SELECT receipt_hash FROM budget_ballot_log WHERE heading_id = $1 ORDER BY id`, headingID)
}

// inChainOrder puts ballots in the order of their links, walking the
// chain once (a sort would look a position up at every comparison); the
// ballots without a link follow in their order.
func inChainOrder(bs []storedBallot, links []string) []storedBallot {
	if len(links) == 0 {
		return bs
	}
	at := make(map[string]int, len(bs))
	for i, b := range bs {
		at[b.receiptHash] = i
	}
	out, placed := make([]storedBallot, 0, len(bs)), make([]bool, len(bs))
	for _, h := range links {
		if i, ok := at[h]; ok && !placed[i] {
			out, placed[i] = append(out, bs[i]), true
		}
	}
	for i, b := range bs {
		if !placed[i] {
			out = append(out, b)
		}
	}
	return out
}

// countedChoices maps the receipt hash of each of a heading's counted
// ballots to its choices as stored.
func countedChoices(ctx context.Context, tx *sql.Tx, headingID int64) (map[string]string, error) {
	rows, err := store.QueryAll(ctx, tx, func(r store.Scanner) ([2]string, error) {
		var b [2]string
		return b, r.Scan(&b[0], &b[1])
	}, `SELECT receipt, choices FROM budget_ballots WHERE heading_id = $1`, headingID)
	counted := make(map[string]string, len(rows))
	for _, b := range rows {
		counted[ballotchain.ReceiptHash(headingID, b[0])] = b[1]
	}
	return counted, err
}

// parseStored reads a ballot's choices as the database holds them.
func parseStored(text string) ([]Choice, error) {
	cs, err := ballotchain.ParseChoices(text)
	if err != nil {
		return nil, fmt.Errorf("budgeting: stored ballot: %w", err)
	}
	return cs, nil
}
