package network

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/web"
)

var (
	errYearBilled = apperr.New(apperr.Conflict, "برای این سال پیش‌تر صورت‌حساب صادر شده است.", "An invoice for this year was already issued.")
	errPaid       = apperr.New(apperr.Conflict, "این صورت‌حساب پیش‌تر پرداخت شده است.", "This invoice was already paid.")
)

// IssueInvoice bills an active member for a year's fee, due on a day;
// amount 0 takes the association's yearly fee. It sweeps lapses first,
// so that a member whose grace period has passed is billed no more.
func (s *Service) IssueInvoice(ctx context.Context, actorID, id int64, year int, due time.Time, amount int64) (Invoice, error) {
	if _, err := s.Sweep(ctx); err != nil {
		return Invoice{}, err
	}
	var v apperr.Validation
	if year < 1300 || year > 2200 {
		v.Add("year", "سال صورت‌حساب را بنویسید، مثلاً ۱۴۰۵.", "Enter the invoice's year, e.g. 1405.")
	}
	if due.IsZero() {
		v.Add("due", "سررسید را به شمسی بنویسید.", "Enter the Jalali due date.")
	}
	if amount < 0 {
		v.Add("amount", "مبلغ نمی‌تواند منفی باشد.", "The amount cannot be negative.")
	}
	if err := v.Err(); err != nil {
		return Invoice{}, err
	}
	inv := Invoice{MembershipID: id, Year: year, DueAt: due, IssuedAt: s.now()}
	_, err := s.step(ctx, actorID, id, change{action: "invoice", to: Active, note: strconv.Itoa(year),
		apply: func(tx *sql.Tx, m *Membership) error {
			if m.Status != Active {
				return errTransition(m.Status, Active)
			}
			return insertInvoice(ctx, tx, m.AssociationID, &inv, amount)
		}})
	return inv, err
}

func insertInvoice(ctx context.Context, tx *sql.Tx, assocID int64, inv *Invoice, amount int64) error {
	p, ok, err := profileOf(ctx, tx, assocID)
	if err != nil {
		return err
	}
	if !ok {
		return errNoProfile
	}
	inv.Amount, inv.Currency = amount, p.FeeCurrency
	if inv.Amount == 0 {
		inv.Amount = p.FeeAmount
	}
	if inv.Amount <= 0 {
		return invalid("amount", "مبلغ صورت‌حساب را بنویسید.", "Enter the invoice's amount.")
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO membership_invoices (membership_id, year, amount, currency, issued_at, due_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, inv.MembershipID, inv.Year, inv.Amount, inv.Currency,
		store.Millis(inv.IssuedAt), store.Millis(inv.DueAt)).Scan(&inv.ID)
	if store.IsUniqueViolation(err) {
		return errYearBilled
	}
	return err
}

// RecordPayment records the payment of an association's invoice (another
// association's is not found). Paying renews the membership for the
// invoice's year; a lapsed member whose fees are all paid becomes active
// again.
func (s *Service) RecordPayment(ctx context.Context, actorID, assocID, invoiceID int64, paidOn time.Time, ref string) (Invoice, error) {
	ref = strings.TrimSpace(ref) // a bank's reference, kept as typed
	now := s.now()
	var inv Invoice
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if inv, err = s.invoiceIn(ctx, tx, assocID, invoiceID); err != nil {
			return err // another association's invoice is not found, whatever the form says
		}
		switch {
		case paidOn.IsZero():
			return invalid("paid_on", "تاریخ پرداخت را به شمسی بنویسید.", "Enter the Jalali date of payment.")
		case inv.Paid():
			return errPaid
		}
		inv.PaidAt, inv.PaymentRef = paidOn, ref
		if _, err := tx.ExecContext(ctx, `UPDATE membership_invoices SET paid_at = $1, payment_ref = $2 WHERE id = $3`,
			store.Millis(paidOn), ref, invoiceID); err != nil {
			return err
		}
		m, err := s.membershipByID(ctx, tx, inv.MembershipID)
		if err != nil {
			return err
		}
		to, err := statusAfterPayment(ctx, tx, m)
		if err != nil {
			return err
		}
		return s.applyStep(ctx, tx, actorID, &m, change{action: "renew", to: to, note: strconv.Itoa(inv.Year) + " " + ref}, now)
	})
	return inv, err
}

// statusAfterPayment is Active for a lapsed member with no unpaid
// invoice left, else the status it has.
func statusAfterPayment(ctx context.Context, tx *sql.Tx, m Membership) (Status, error) {
	if m.Status != Lapsed {
		return m.Status, nil
	}
	var unpaid int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM membership_invoices WHERE membership_id = $1 AND paid_at IS NULL`,
		m.ID).Scan(&unpaid)
	if unpaid > 0 {
		return Lapsed, err
	}
	return Active, err
}

// invoiceIn reads one of an association's invoices.
func (s *Service) invoiceIn(ctx context.Context, q store.Queryer, assocID, id int64) (Invoice, error) {
	is, err := s.invoices(ctx, q, invoiceSelect+` WHERE i.id = $1 AND m.association_id = $2`, id, assocID)
	return store.Single(is, err, errNoInvoice)
}

// Invoices lists an association's invoices, newest year first.
func (s *Service) Invoices(ctx context.Context, assocID int64) ([]Invoice, error) {
	is, err := s.invoices(ctx, s.db.Read, invoiceSelect+` WHERE m.association_id = $1 ORDER BY i.year DESC`, assocID)
	slices.SortStableFunc(is, func(a, b Invoice) int {
		return cmp.Or(cmp.Compare(b.Year, a.Year), strings.Compare(a.MemberName.Fa, b.MemberName.Fa))
	})
	return is, err
}

// InvoicePage is a page of an association's unpaid invoices.
type InvoicePage struct {
	Invoices   []Invoice
	web.Window // the page shown; its Total is the unpaid invoices in all
}

// UnpaidInvoices returns a page of an association's unpaid invoices, the
// earliest due first: what its secretariat records payments against. The
// paid ones are on each membership's page and in the fees export.
//
// Both queries start from the unpaid invoices (the partial index
// membership_invoices_unpaid, in due-date order), which SQLite does when
// told by a CROSS JOIN: left to choose, it starts from the association's
// memberships and reads each of their invoices, paid or not, then sorts.
func (s *Service) UnpaidInvoices(ctx context.Context, assocID int64, page int) (InvoicePage, error) {
	const unpaid = ` FROM membership_invoices i CROSS JOIN memberships m
		WHERE m.id = i.membership_id AND m.association_id = $1 AND i.paid_at IS NULL`
	var p InvoicePage
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT count(*)`+unpaid, assocID).Scan(&total); err != nil {
		return p, err
	}
	p.Window = web.PageWindow(total, PageSize, page)
	var err error
	p.Invoices, err = s.invoices(ctx, s.db.Read, invoiceColumns+unpaid+`
		ORDER BY i.due_at, i.membership_id, i.id LIMIT `+strconv.Itoa(PageSize)+` OFFSET $2`, assocID, p.Offset())
	return p, err
}

// InvoicesOf lists a membership's invoices, newest year first.
func (s *Service) InvoicesOf(ctx context.Context, id int64) ([]Invoice, error) {
	return s.invoices(ctx, s.db.Read, invoiceSelect+` WHERE i.membership_id = $1 ORDER BY i.year DESC`, id)
}

// overdue selects the active memberships with an invoice unpaid past its
// due date plus the association's grace period, as of $1. It is driven by
// the partial index membership_invoices_unpaid (migration 0014): only the
// unpaid invoices already past due are read. The grace is multiplied as a
// BIGINT: on PostgreSQL an INTEGER product passes 2^31 at 25 days.
const overdue = `SELECT DISTINCT m.id FROM membership_invoices i
	JOIN memberships m ON m.id = i.membership_id JOIN assoc_profiles p ON p.org_id = m.association_id
	WHERE i.paid_at IS NULL AND i.due_at <= $1 AND m.status = 'active'
	AND i.due_at + p.grace_days * CAST(86400000 AS BIGINT) <= $1`

// errNotOverdue stops a lapse whose invoice was paid since the sweep read it.
var errNotOverdue = apperr.New(apperr.Conflict, "این عضویت دیگر بدهی معوق ندارد.", "This membership no longer has an overdue fee.")

// Sweep lapses every active membership with an invoice unpaid past its due
// date plus the association's grace period, as of the clock's now, and
// returns how many it lapsed. The app's janitor runs it every hour; the
// pages that show memberships run it too, so that what they show follows
// from the clock alone even between two runs. When nothing is due to lapse
// — nearly always — it is one read of a few index entries and writes
// nothing.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	now := s.now()
	ids, err := store.QueryAll(ctx, s.db.Read, scanID, overdue+` ORDER BY m.id`, store.Millis(now))
	if err != nil {
		return 0, err
	}
	lapsed := 0
	for _, id := range ids {
		_, err := s.step(ctx, 0, id, change{action: "lapse", to: Lapsed, apply: func(tx *sql.Tx, m *Membership) error {
			var still int64
			err := tx.QueryRowContext(ctx, overdue+` AND m.id = $2`, store.Millis(now), m.ID).Scan(&still)
			return store.NotFound(err, errNotOverdue)
		}})
		switch {
		case err == nil:
			lapsed++
		case !apperr.Is(err, apperr.Conflict): // a conflict: another sweep lapsed it, or it was paid meanwhile
			return lapsed, err
		}
	}
	return lapsed, nil
}

func scanID(r store.Scanner) (int64, error) {
	var id int64
	return id, r.Scan(&id)
}
