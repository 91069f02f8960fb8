package budgeting

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/notify"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

// changeProposal runs one staff action on a proposal in a transaction:
// change updates the row and returns what to tell the author ("" Fa: say
// nothing). The change is audited with the proposal before and after,
// and the author's notification is stored with it and sent by SMS once
// it commits.
func (s *Service) changeProposal(ctx context.Context, actorID, proposalID int64, action string,
	change func(tx *sql.Tx, pr *Proposal) (i18n.Text, error)) (Proposal, error) {
	var after Proposal
	var sent []notify.Pending
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := proposalByID(ctx, tx, proposalID)
		if err != nil {
			return err
		}
		after = before
		note, err := change(tx, &after)
		if err != nil {
			return err
		}
		var orgID int64
		var slug string
		if err := tx.QueryRowContext(ctx, `SELECT org_id, slug FROM budget_processes WHERE id = $1`, before.ProcessID).
			Scan(&orgID, &slug); err != nil {
			return err
		}
		place, err := s.orgs.In(tx).Place(ctx, orgID)
		if err != nil {
			return err
		}
		if note.Fa != "" {
			link := "/budgets/" + slug + "/proposals/" + strconv.FormatInt(proposalID, 10)
			p, err := s.notes.Add(ctx, tx, before.AuthorID, note, link)
			if err != nil {
				return err
			}
			sent = append(sent, p)
		}
		return audit.Record(ctx, tx, s.now(), audit.Change{ActorID: actorID, OrgID: orgID, OrgPath: place.Path, Action: action,
			Entity: "budget_proposal", EntityID: proposalID, Before: before, After: after})
	})
	if err == nil {
		s.notes.Send(ctx, sent...)
	}
	return after, err
}

var (
	errSelfMerge   = invalid("into", "طرح را نمی‌توان با خودش ادغام کرد.", "A proposal cannot be merged into itself.")
	errMergeTarget = invalid("into", "طرح مقصد باید در همین فرایند و همین سرفصل باشد و ادغام یا پنهان نشده باشد.",
		"The proposal merged into must be in the same process and heading, and not merged or hidden itself.")
	errNoReason = invalid("reason", "دلیل را بنویسید.", "Give a reason.")
)

// Merge marks a proposal as a duplicate of another in the same heading:
// it leaves the list and the vote, and its supports move to the other.
func (s *Service) Merge(ctx context.Context, actorID, proposalID, intoID int64) (Proposal, error) {
	if proposalID == intoID {
		return Proposal{}, errSelfMerge
	}
	return s.changeProposal(ctx, actorID, proposalID, "budgeting.proposal.merge", func(tx *sql.Tx, pr *Proposal) (i18n.Text, error) {
		into, err := proposalByID(ctx, tx, intoID)
		if err != nil || into.HeadingID != pr.HeadingID || !into.InReview() {
			return i18n.Text{}, errMergeTarget
		}
		pr.Status, pr.MergedInto = StatusMerged, intoID
		if _, err := tx.ExecContext(ctx, `UPDATE budget_proposals SET status = $1, merged_into = $2, updated_at = $3 WHERE id = $4`,
			pr.Status, intoID, store.Millis(s.now()), pr.ID); err != nil {
			return i18n.Text{}, err
		}
		if err := moveSupports(ctx, tx, pr.ID, intoID); err != nil {
			return i18n.Text{}, err
		}
		return i18n.Text{Fa: "طرح «" + pr.Title + "» با طرح مشابه «" + into.Title + "» ادغام شد.",
			En: "Your proposal \"" + pr.Title + "\" was merged with the similar proposal \"" + into.Title + "\"."}, nil
	})
}

// moveSupports gives a merged proposal's supporters to the proposal it
// was merged into, once each, and recounts both.
func moveSupports(ctx context.Context, tx *sql.Tx, from, to int64) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO budget_supports (proposal_id, user_id, at)
		SELECT $2, user_id, at FROM budget_supports WHERE proposal_id = $1
		ON CONFLICT (proposal_id, user_id) DO NOTHING`, from, to); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM budget_supports WHERE proposal_id = $1`, from); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE budget_proposals SET support_count = (SELECT count(*) FROM budget_supports s
		WHERE s.proposal_id = budget_proposals.id) WHERE id IN ($1, $2)`, from, to)
	return err
}

// Hide takes a proposal off the public pages (moderation), with a reason
// the author is told; Unhide puts it back as submitted for review. Open
// flags on it are resolved either way.
func (s *Service) Hide(ctx context.Context, actorID, proposalID int64, reason string) (Proposal, error) {
	reason = persian.Normalize(reason)
	if reason == "" {
		return Proposal{}, errNoReason
	}
	return s.changeProposal(ctx, actorID, proposalID, "budgeting.proposal.hide", func(tx *sql.Tx, pr *Proposal) (i18n.Text, error) {
		pr.Status, pr.HiddenReason = StatusHidden, reason
		err := s.setStatus(ctx, tx, pr)
		return i18n.Text{Fa: "طرح «" + pr.Title + "» به دلیل زیر از دید عموم پنهان شد: " + reason,
			En: "Your proposal \"" + pr.Title + "\" was hidden from public view: " + reason}, err
	})
}

// Unhide returns a hidden proposal to review.
func (s *Service) Unhide(ctx context.Context, actorID, proposalID int64) (Proposal, error) {
	return s.changeProposal(ctx, actorID, proposalID, "budgeting.proposal.unhide", func(tx *sql.Tx, pr *Proposal) (i18n.Text, error) {
		if pr.Status != StatusHidden {
			return i18n.Text{}, apperr.New(apperr.Conflict, "این طرح پنهان نیست.", "This proposal is not hidden.")
		}
		pr.Status, pr.HiddenReason = StatusSubmitted, ""
		return i18n.Text{Fa: "طرح «" + pr.Title + "» دوباره نمایش داده می‌شود.",
			En: "Your proposal \"" + pr.Title + "\" is shown again."}, s.setStatus(ctx, tx, pr)
	})
}

func (s *Service) setStatus(ctx context.Context, tx *sql.Tx, pr *Proposal) error {
	now := store.Millis(s.now())
	if _, err := tx.ExecContext(ctx, `UPDATE budget_proposals SET status = $1, hidden_reason = $2, updated_at = $3 WHERE id = $4`,
		pr.Status, pr.HiddenReason, now, pr.ID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE budget_flags SET resolved_at = $1 WHERE proposal_id = $2 AND resolved_at IS NULL`, now, pr.ID)
	return err
}

// Comment is a note between reviewers on a proposal.
type Comment struct {
	ID         int64
	AuthorID   int64
	AuthorName string
	Body       string
	At         time.Time
}

// AddComment stores a reviewers' comment; citizens never see these.
func (s *Service) AddComment(ctx context.Context, actorID, proposalID int64, body string) error {
	body = persian.Normalize(body)
	if body == "" || len([]rune(body)) > 4000 {
		return invalid("body", "متن یادداشت را (حداکثر ۴۰۰۰ نویسه) بنویسید.", "Write the comment (at most 4,000 characters).")
	}
	_, err := s.changeProposal(ctx, actorID, proposalID, "budgeting.proposal.comment", func(tx *sql.Tx, pr *Proposal) (i18n.Text, error) {
		if err := s.db.CheckDaily(ctx, tx, dailyComments, actorID, s.now()); err != nil {
			return i18n.Text{}, err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO budget_review_comments (proposal_id, author_id, body, at) VALUES ($1, $2, $3, $4)`,
			proposalID, actorID, body, store.Millis(s.now()))
		return i18n.Text{}, err
	})
	return err
}

// Comments lists the reviewers' comments on a proposal, oldest first.
func (s *Service) Comments(ctx context.Context, proposalID int64) ([]Comment, error) {
	cs, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (Comment, error) {
		var c Comment
		return c, r.Scan(&c.ID, &c.AuthorID, &c.Body, store.Time(&c.At))
	}, `SELECT id, author_id, body, at FROM budget_review_comments WHERE proposal_id = $1 ORDER BY id`, proposalID)
	if err != nil {
		return nil, err
	}
	return cs, store.Attach(ctx, cs, func(c *Comment) int64 { return c.AuthorID }, s.people.Names,
		func(c *Comment, name string) { c.AuthorName = name })
}

// FlagReport is a citizen's open report on a proposal.
type FlagReport struct {
	ProposalID int64
	Title      string
	Reason     string
	At         time.Time
}

// OpenFlags lists a process's unresolved reports, newest first.
func (s *Service) OpenFlags(ctx context.Context, processID int64) ([]FlagReport, error) {
	return store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (FlagReport, error) {
		var f FlagReport
		return f, r.Scan(&f.ProposalID, &f.Title, &f.Reason, store.Time(&f.At))
	}, `SELECT f.proposal_id, p.title, f.reason, f.at FROM budget_flags f JOIN budget_proposals p ON p.id = f.proposal_id
		WHERE p.process_id = $1 AND f.resolved_at IS NULL ORDER BY f.id DESC`, processID)
}

// DismissFlags resolves a proposal's open reports without hiding it.
func (s *Service) DismissFlags(ctx context.Context, actorID, proposalID int64) error {
	_, err := s.changeProposal(ctx, actorID, proposalID, "budgeting.proposal.dismiss_flags", func(tx *sql.Tx, pr *Proposal) (i18n.Text, error) {
		_, err := tx.ExecContext(ctx, `UPDATE budget_flags SET resolved_at = $1 WHERE proposal_id = $2 AND resolved_at IS NULL`,
			store.Millis(s.now()), proposalID)
		return i18n.Text{}, err
	})
	return err
}

// withinHeading refuses a final cost above the budget of the heading the
// proposal is in.
func withinHeading(ctx context.Context, tx *sql.Tx, headingID, cost int64) error {
	var budget int64
	if err := tx.QueryRowContext(ctx, `SELECT budget FROM budget_headings WHERE id = $1`, headingID).Scan(&budget); err != nil {
		return err
	}
	if cost > budget {
		return errOverHeading(budget)
	}
	return nil
}
