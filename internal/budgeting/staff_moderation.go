package budgeting

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/store"
)

// Blocker blocks a person's account: the identity module, which budgeting
// does not import.
type Blocker interface {
	SetBlocked(ctx context.Context, actorID, userID int64, blocked bool) error
}

// SetBlocker gives the service the way moderators block a proposal's
// author; without one, the staff pages cannot block anyone.
func (s *Service) SetBlocker(b Blocker) { s.blocker = b }

// staffAuthor is what moderators see of a proposal's author.
type staffAuthor struct {
	ID      int64
	Name    string
	Blocked bool
	Staff   bool // holds a role somewhere, or runs the installation
}

// staffAuthorOf describes a proposal's author for the staff pages.
func (s *Service) staffAuthorOf(ctx context.Context, userID int64) (staffAuthor, error) {
	a := staffAuthor{ID: userID}
	var blocked sql.NullInt64
	var superuser, staff bool
	err := s.db.Read.QueryRowContext(ctx, `SELECT u.name, u.blocked_at, u.is_superuser,
		EXISTS (SELECT 1 FROM grants g WHERE g.user_id = u.id) FROM users u WHERE u.id = $1`, userID).
		Scan(&a.Name, &blocked, &superuser, &staff)
	a.Blocked, a.Staff = blocked.Valid, superuser || staff
	return a, store.NotFound(err, apperr.ErrNotFound)
}

var (
	errStaffNoBlocker = apperr.New(apperr.Unavailable, "مسدود کردن حساب‌ها در این نصب در دسترس نیست.",
		"Blocking accounts is not available on this installation.")
	errStaffBlockStaff = apperr.New(apperr.Conflict, "حساب کارکنان و مدیر سامانه از این صفحه مسدود نمی‌شود.",
		"Staff accounts and the operator's cannot be blocked from this page.")
)

func (h *handlers) staffHide(w http.ResponseWriter, r *http.Request) error {
	return h.staffAct(w, r, "budgeting.staff.flash.hidden", func(ctx context.Context, who *auth.Principal, _ Process, pr Proposal) error {
		_, err := h.svc.Hide(ctx, who.UserID, pr.ID, r.PostForm.Get("hide_reason"))
		return staffRenameField(err, "reason", "hide_reason")
	})
}

func (h *handlers) staffUnhide(w http.ResponseWriter, r *http.Request) error {
	return h.staffAct(w, r, "budgeting.staff.flash.unhidden", func(ctx context.Context, who *auth.Principal, _ Process, pr Proposal) error {
		_, err := h.svc.Unhide(ctx, who.UserID, pr.ID)
		return err
	})
}

func (h *handlers) staffDismissFlags(w http.ResponseWriter, r *http.Request) error {
	return h.staffAct(w, r, "budgeting.staff.flash.dismissed", func(ctx context.Context, who *auth.Principal, _ Process, pr Proposal) error {
		return h.svc.DismissFlags(ctx, who.UserID, pr.ID)
	})
}

// staffBlockAuthor blocks the account of a proposal's author (which ends
// their sessions) and records the step in the organization's audit log
// beside the account's own entry. Staff accounts are left to the
// operator's user pages.
func (h *handlers) staffBlockAuthor(w http.ResponseWriter, r *http.Request) error {
	return h.staffAct(w, r, "budgeting.staff.flash.blocked", func(ctx context.Context, who *auth.Principal, _ Process, pr Proposal) error {
		if h.svc.blocker == nil {
			return errStaffNoBlocker
		}
		a, err := h.svc.staffAuthorOf(ctx, pr.AuthorID)
		switch {
		case err != nil:
			return err
		case a.Staff || a.ID == who.UserID:
			return errStaffBlockStaff
		case a.Blocked:
			return nil
		}
		if err := h.svc.blocker.SetBlocked(ctx, who.UserID, pr.AuthorID, true); err != nil {
			return err
		}
		_, err = h.svc.changeProposal(ctx, who.UserID, pr.ID, "budgeting.proposal.block_author",
			func(*sql.Tx, *Proposal) (i18n.Text, error) { return i18n.Text{}, nil })
		return err
	})
}
