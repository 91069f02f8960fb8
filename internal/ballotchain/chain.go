// Package ballotchain is the public side of a heading's ballots: the
// receipt hash that stands for a voter in published files, the hash chain
// that logs every accepted ballot in order, and the check that a
// published ballots file (pabulib) holds exactly the chain's counted
// ballots. It needs no database and no server, so the server, `shahr
// verify` and anyone with the two published files compute the same thing.
package ballotchain

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
)

// ReceiptHash is what published files show for a ballot: a hash of its
// receipt keyed by the heading, which only the receipt's holder can match
// to their ballot.
func ReceiptHash(headingID int64, receipt string) string {
	sum := sha256.Sum256([]byte("shahr-ballot:" + strconv.FormatInt(headingID, 10) + ":" + receipt))
	return hex.EncodeToString(sum[:12])
}

// LinkHash is one link of the ballot log: SHA-256 over the previous
// link's hash, the receipt hash and the choices.
func LinkHash(prev, receiptHash, choices string) string {
	sum := sha256.Sum256([]byte(prev + "\n" + receiptHash + "\n" + choices))
	return hex.EncodeToString(sum[:])
}

// Link is one accepted ballot in a heading's log, as the chain endpoint
// publishes it.
type Link struct {
	Seq         int64  `json:"seq"` // 1 for the first ballot
	ReceiptHash string `json:"receipt_hash"`
	Choices     string `json:"choices"` // as stored and hashed: "12,15", or "12:3,15:2" with points
	PrevHash    string `json:"prev_hash"`
	Hash        string `json:"hash"`
	// Counted says the ballot is its voter's current one, which the
	// published file holds; false for a ballot its voter replaced later
	// (its receipt is void). It is not hashed: the link was made before
	// anyone knew, and a voter who finds their receipt void without
	// having voted again has found the server cheating.
	Counted bool `json:"counted"`
}

// Chain is a heading's ballot log and the head the heading records.
type Chain struct {
	Heading  int64  `json:"heading"`
	Entries  []Link `json:"entries"`
	LastHash string `json:"last_hash"`
}

// Verify recomputes the whole chain: links numbered from 1, the first
// following nothing, each naming the hash of the one before and hashing,
// with LinkHash, to what it says; the last one is the recorded head.
func (c Chain) Verify() error {
	w := Walk{Heading: c.Heading}
	for _, l := range c.Entries {
		if err := w.Next(l); err != nil {
			return err
		}
	}
	return w.End(c.LastHash)
}

// Walk recomputes a chain link by link, from its first link or from any
// link on (then trusting that link's prev_hash), without holding it: a
// server checks one receipt's link to the head of a large log with it.
// Its zero value (with Heading set, for the messages) starts anywhere.
type Walk struct {
	Heading int64
	last    Link // the previous link; Seq 0 before the first
}

// Next checks the next link: numbered one after the previous (a walk that
// starts at link 1 also checks that it follows nothing), following the
// previous link's hash, and hashing to its hash.
func (w *Walk) Next(l Link) error {
	switch {
	case w.last.Seq > 0 && l.Seq != w.last.Seq+1:
		return fmt.Errorf("heading %d: link %d comes after link %d", w.Heading, l.Seq, w.last.Seq)
	case w.last.Seq == 0 && l.Seq < 1:
		return fmt.Errorf("heading %d: a link is numbered %d; links are numbered from 1", w.Heading, l.Seq)
	case w.last.Seq > 0 && l.PrevHash != w.last.Hash, l.Seq == 1 && l.PrevHash != "":
		return fmt.Errorf("heading %d: link %d does not follow link %d (its prev_hash is %s)", w.Heading, l.Seq, l.Seq-1, short(l.PrevHash))
	case LinkHash(l.PrevHash, l.ReceiptHash, l.Choices) != l.Hash:
		return fmt.Errorf("heading %d: link %d does not hash to its hash %s (receipt hash %s, choices %q)",
			w.Heading, l.Seq, short(l.Hash), l.ReceiptHash, l.Choices)
	}
	w.last = l
	return nil
}

// End checks that the last link walked is the head: "" for a chain with no
// link.
func (w *Walk) End(head string) error {
	if w.last.Hash != head {
		return fmt.Errorf("heading %d: the chain ends at link %d with hash %s, but its head (last_hash) is %s",
			w.Heading, w.last.Seq, short(w.last.Hash), short(head))
	}
	return nil
}

// short is a hash cut to what a person compares by eye.
func short(h string) string {
	if h == "" {
		return `""`
	}
	if len(h) > 16 {
		return h[:16] + "…"
	}
	return h
}
