package network

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

var (
	errNoBenefit    = apperr.New(apperr.NotFound, "امتیاز عضویت پیدا نشد.", "No such benefit.")
	errNoAllocation = apperr.New(apperr.NotFound, "سهمیه اختصاص‌یافته پیدا نشد.", "No such allocated seat.")
	errBenefitName  = apperr.New(apperr.Conflict, "این انجمن امتیازی با همین نام دارد.", "The association already has a benefit of this name.")
	errQuota        = apperr.New(apperr.Conflict, "سهمیه امسال این عضو از این امتیاز تمام شده است.", "This member has used this year's quota of the benefit.")
)

// CreateBenefit adds a benefit with its yearly seats per member.
func (s *Service) CreateBenefit(ctx context.Context, actorID int64, b Benefit) (Benefit, error) {
	b.Name.Fa, b.Name.En = persian.Normalize(b.Name.Fa), strings.TrimSpace(b.Name.En)
	if b.Name.Fa == "" {
		return b, invalid("name_fa", "نام فارسی امتیاز را بنویسید.", "Enter the benefit's Persian name.")
	}
	if b.SeatsPerYear <= 0 || b.SeatsPerYear > 1000 {
		return b, invalid("seats", "سهمیه سالانه هر عضو باید بین ۱ تا ۱۰۰۰ باشد.", "The yearly seats per member must be 1 to 1,000.")
	}
	err := s.inAssociation(ctx, actorID, b.AssociationID, "benefit.create", "assoc_benefit", func(tx *sql.Tx, _ time.Time) (int64, any, error) {
		err := tx.QueryRowContext(ctx, `INSERT INTO assoc_benefits (association_id, name_fa, name_en, seats_per_year)
			VALUES ($1, $2, $3, $4) RETURNING id`, b.AssociationID, b.Name.Fa, b.Name.En, b.SeatsPerYear).Scan(&b.ID)
		if store.IsUniqueViolation(err) {
			return 0, nil, errBenefitName
		}
		return b.ID, b, err
	})
	return b, err
}

const benefitSelect = `SELECT id, association_id, name_fa, name_en, seats_per_year FROM assoc_benefits`

func scanBenefit(r store.Scanner) (Benefit, error) {
	var b Benefit
	return b, r.Scan(&b.ID, &b.AssociationID, &b.Name.Fa, &b.Name.En, &b.SeatsPerYear)
}

// Benefits lists an association's benefits.
func (s *Service) Benefits(ctx context.Context, assocID int64) ([]Benefit, error) {
	return store.QueryAll(ctx, s.db.Read, scanBenefit, benefitSelect+` WHERE association_id = $1 ORDER BY id`, assocID)
}

// Allocate gives one of this Jalali year's seats of an association's
// benefit to a named person of an active member's staff, for an event;
// past the quota it refuses. A benefit of another association is not
// found: its secretariat spends only its own association's seats.
func (s *Service) Allocate(ctx context.Context, actorID, assocID, benefitID, membershipID int64, person, event string) (Allocation, error) {
	a := Allocation{BenefitID: benefitID, MembershipID: membershipID, Person: persian.Normalize(person), Event: persian.Normalize(event)}
	if a.Person == "" || a.Event == "" {
		return a, invalid("person", "نام کارشناس و دوره یا رویداد را بنویسید.", "Enter the person's name and the course or event.")
	}
	err := s.inAssociation(ctx, actorID, assocID, "benefit.allocate", "benefit_allocation", func(tx *sql.Tx, now time.Time) (int64, any, error) {
		a.Year, a.At = jalali.Today(now).Year, now
		locked, err := lockBenefit(ctx, tx, assocID, benefitID)
		if err != nil {
			return 0, nil, err
		}
		if err := s.checkSeat(ctx, tx, locked, membershipID, a.Year); err != nil {
			return 0, nil, err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO benefit_allocations (benefit_id, membership_id, year, person, event, allocated_by, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, benefitID, membershipID, a.Year, a.Person, a.Event,
			nullID(actorID), store.Millis(now)).Scan(&a.ID)
		return a.ID, a, err
	})
	return a, err
}

// lockBenefit reads one of an association's benefits for an allocation
// and holds its row until the transaction ends, as events' lockSeats does
// for an event's seats: the seats are counted after the lock, so
// concurrent allocations are counted one after the other. An UPDATE that
// changes nothing takes the row lock on PostgreSQL (where READ COMMITTED
// would otherwise let two transactions count the same seats); SQLite has
// one writer anyway.
func lockBenefit(ctx context.Context, tx *sql.Tx, assocID, id int64) (Benefit, error) {
	b, err := scanBenefit(tx.QueryRowContext(ctx, `UPDATE assoc_benefits SET seats_per_year = seats_per_year
		WHERE id = $1 AND association_id = $2 RETURNING id, association_id, name_fa, name_en, seats_per_year`, id, assocID))
	return b, store.NotFound(err, errNoBenefit)
}

// checkSeat refuses unless the membership is an active one of the
// benefit's association with a seat left this year.
func (s *Service) checkSeat(ctx context.Context, tx *sql.Tx, b Benefit, membershipID int64, year int) error {
	m, err := s.membershipByID(ctx, tx, membershipID)
	if err != nil {
		return err
	}
	if m.AssociationID != b.AssociationID || m.Status != Active {
		return errNotActive
	}
	var used int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM benefit_allocations WHERE benefit_id = $1 AND membership_id = $2
		AND year = $3`, b.ID, membershipID, year).Scan(&used); err != nil {
		return err
	}
	if used >= b.SeatsPerYear {
		return errQuota
	}
	return nil
}

// ReportUsage records how an allocated seat was used.
func (s *Service) ReportUsage(ctx context.Context, actorID, assocID, allocationID int64, report string) error {
	report = persian.Normalize(report)
	if report == "" {
		return invalid("usage", "گزارش استفاده را بنویسید.", "Write the usage report.")
	}
	return s.inAssociation(ctx, actorID, assocID, "benefit.report", "benefit_allocation", func(tx *sql.Tx, _ time.Time) (int64, any, error) {
		res, err := tx.ExecContext(ctx, `UPDATE benefit_allocations SET usage_report = $1 WHERE id = $2
			AND benefit_id IN (SELECT id FROM assoc_benefits WHERE association_id = $3)`, report, allocationID, assocID)
		if err != nil {
			return 0, nil, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return 0, nil, errNoAllocation
		}
		return allocationID, map[string]string{"usage_report": report}, nil
	})
}

// Allocations lists an association's allocated seats, latest first.
func (s *Service) Allocations(ctx context.Context, assocID int64) ([]Allocation, error) {
	as, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (Allocation, error) {
		var a Allocation
		return a, r.Scan(&a.ID, &a.BenefitID, &a.MembershipID, &a.memberID, &a.Year, &a.Person,
			&a.Event, &a.Usage, store.Time(&a.At))
	}, `SELECT x.id, x.benefit_id, x.membership_id, m.member_id, x.year, x.person, x.event, x.usage_report, x.at
		FROM benefit_allocations x JOIN assoc_benefits b ON b.id = x.benefit_id JOIN memberships m ON m.id = x.membership_id
		WHERE b.association_id = $1 ORDER BY x.id DESC`, assocID)
	if err != nil {
		return nil, err
	}
	return as, store.Attach(ctx, as, func(a *Allocation) int64 { return a.memberID }, s.orgs.In(s.db.Read).Names,
		func(a *Allocation, name i18n.Text) { a.MemberName = name })
}
