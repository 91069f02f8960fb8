package network

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/store"
)

const profileColumns = `org_id, mission_fa, mission_en, founded_year, secretariat_fa, secretariat_en, city_fa, city_en,
	min_population, criteria_fa, criteria_en, fee_amount, fee_currency, grace_days, benefits_fa, benefits_en, updated_at`

func scanProfile(r store.Scanner) (Profile, error) {
	var p Profile
	var bfa, ben string
	err := r.Scan(&p.OrgID, &p.MissionFa, &p.MissionEn, &p.FoundedYear, &p.SecretariatFa, &p.SecretariatEn, &p.CityFa, &p.CityEn,
		&p.MinPopulation, &p.CriteriaFa, &p.CriteriaEn, &p.FeeAmount, &p.FeeCurrency, &p.GraceDays, &bfa, &ben, store.Time(&p.UpdatedAt))
	p.BenefitsFa, p.BenefitsEn = splitLines(bfa), splitLines(ben)
	return p, err
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// profileOf reads an association's profile; ok is false when it has none.
func profileOf(ctx context.Context, q store.Queryer, orgID int64) (Profile, bool, error) {
	p, err := scanProfile(q.QueryRowContext(ctx, `SELECT `+profileColumns+` FROM assoc_profiles WHERE org_id = $1`, orgID))
	if errors.Is(err, sql.ErrNoRows) {
		return Profile{OrgID: orgID, FeeCurrency: "IRR"}, false, nil
	}
	return p, err == nil, err
}

func upsertProfile(ctx context.Context, tx *sql.Tx, p Profile, now time.Time) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM assoc_profiles WHERE org_id = $1`, p.OrgID)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO assoc_profiles (`+profileColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
		p.OrgID, p.MissionFa, p.MissionEn, p.FoundedYear, p.SecretariatFa, p.SecretariatEn, p.CityFa, p.CityEn,
		p.MinPopulation, p.CriteriaFa, p.CriteriaEn, p.FeeAmount, p.FeeCurrency, p.GraceDays,
		strings.Join(p.BenefitsFa, "\n"), strings.Join(p.BenefitsEn, "\n"), store.Millis(now))
	return err
}

// membershipSelect reads memberships; memberships adds both
// organizations' addresses and names.
const membershipSelect = `SELECT m.id, m.association_id, m.member_id, m.status, m.justification, m.resolution_no,
	m.resolution_date, m.council_session, m.urgency, m.letter_ref, m.override_reason, m.refusal_reason, m.since,
	m.created_at, m.updated_at FROM memberships m`

func scanMembership(r store.Scanner) (Membership, error) {
	var m Membership
	err := r.Scan(&m.ID, &m.AssociationID, &m.MemberID, &m.Status, &m.Justification,
		&m.ResolutionNo, &m.ResolutionDate, &m.Session, &m.Urgency, &m.LetterRef, &m.OverrideReason, &m.RefusalReason,
		store.Time(&m.Since), store.Time(&m.CreatedAt), store.Time(&m.UpdatedAt))
	return m, err
}

// memberships reads the memberships a query on membershipSelect lists,
// with both organizations' addresses, paths and names and the member's
// population, all through q.
func (s *Service) memberships(ctx context.Context, q store.Queryer, query string, args ...any) ([]Membership, error) {
	ms, err := store.QueryAll(ctx, q, scanMembership, membershipSelect+query, args...)
	if err != nil || len(ms) == 0 {
		return ms, err
	}
	ids := make([]int64, 0, 2*len(ms))
	for _, m := range ms {
		ids = append(ids, m.AssociationID, m.MemberID)
	}
	orgs, err := s.orgs.In(q).Briefs(ctx, ids)
	for i := range ms {
		a, o := orgs[ms[i].AssociationID], orgs[ms[i].MemberID]
		ms[i].AssocSlug, ms[i].AssocPath, ms[i].AssocName = a.Slug, a.Path, nameOf(a)
		ms[i].MemberSlug, ms[i].MemberPath, ms[i].MemberName, ms[i].Population = o.Slug, o.Path, nameOf(o), o.Population
	}
	return ms, err
}

// nameOf is an organization's names.
func nameOf(o org.Org) i18n.Text { return i18n.Text{Fa: o.NameFa, En: o.NameEn} }

func (s *Service) membershipByID(ctx context.Context, q store.Queryer, id int64) (Membership, error) {
	ms, err := s.memberships(ctx, q, ` WHERE m.id = $1`, id)
	return store.Single(ms, err, errNoMembership)
}

func insertMembership(ctx context.Context, tx *sql.Tx, m *Membership, now time.Time) error {
	return tx.QueryRowContext(ctx, `INSERT INTO memberships (association_id, member_id, status, justification, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, m.AssociationID, m.MemberID, m.Status, m.Justification,
		store.Millis(now)).Scan(&m.ID)
}

// saveMembership writes every field a step may change.
func saveMembership(ctx context.Context, tx *sql.Tx, m Membership, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE memberships SET status = $1, resolution_no = $2, resolution_date = $3,
		council_session = $4, urgency = $5, letter_ref = $6, override_reason = $7, refusal_reason = $8, since = $9,
		updated_at = $10 WHERE id = $11`, m.Status, m.ResolutionNo, m.ResolutionDate, m.Session, m.Urgency, m.LetterRef,
		m.OverrideReason, m.RefusalReason, store.Millis(m.Since), store.Millis(now), m.ID)
	return err
}

func insertStep(ctx context.Context, tx *sql.Tx, id int64, from, to Status, action string, actorID int64, now time.Time, note string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO membership_history (membership_id, from_status, to_status, action, actor_id, at, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, from, to, action, nullID(actorID), store.Millis(now), note)
	return err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const invoiceColumns = `SELECT i.id, i.membership_id, m.member_id, i.year, i.amount, i.currency, i.issued_at,
	i.due_at, i.paid_at, i.payment_ref`

const invoiceSelect = invoiceColumns + ` FROM membership_invoices i JOIN memberships m ON m.id = i.membership_id`

func scanInvoice(r store.Scanner) (Invoice, error) {
	var i Invoice
	err := r.Scan(&i.ID, &i.MembershipID, &i.memberID, &i.Year, &i.Amount, &i.Currency,
		store.Time(&i.IssuedAt), store.Time(&i.DueAt), store.Time(&i.PaidAt), &i.PaymentRef)
	return i, err
}

// invoices reads the invoices a query on invoiceColumns lists, with their
// members' names, through q.
func (s *Service) invoices(ctx context.Context, q store.Queryer, query string, args ...any) ([]Invoice, error) {
	return store.QueryAttach(ctx, q, scanInvoice, query, args, func(i *Invoice) int64 { return i.memberID }, s.orgs.In(q).Names,
		func(i *Invoice, name i18n.Text) { i.MemberName = name })
}
