package budgeting

import (
	"context"
	"fmt"

	"github.com/shahr-city/shahr/internal/age"
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
)

var errNoBirthDate = apperr.New(apperr.Forbidden,
	"این فرایند حداقل سن دارد و تاریخ تولد شما ثبت نشده است. برای شرکت، با مدارک شناسایی به دفتر شهرداری منطقه بروید تا محل سکونت و تاریخ تولد شما را تأیید و ثبت کنند.",
	"This process has a minimum age and your date of birth is not recorded. To take part, take your identity documents to your district's municipal office to have your residence and date of birth verified.")

// errTooYoung refuses someone who has not reached the process's minimum age.
func errTooYoung(minAge int) error {
	return apperr.New(apperr.Forbidden,
		fmt.Sprintf("در این فرایند فقط کسانی که دست‌کم %s سال دارند طرح پیشنهاد می‌دهند و رأی می‌دهند؛ بنا بر تاریخ تولد ثبت‌شده، شما هنوز به این سن نرسیده‌اید.", i18n.Fa.Int(minAge)),
		fmt.Sprintf("Only people aged %d or over may propose and vote in this process; by your recorded date of birth you have not reached that age yet.", minAge))
}

// checkAge applies the process's minimum age, if any, to a person who
// proposes or votes now: their recorded date of birth must show they have
// reached it on today's date in Tehran. An unknown date of birth does not.
func (s *Service) checkAge(ctx context.Context, p Process, userID int64) error {
	if p.MinAge == 0 {
		return nil
	}
	birth, err := s.people.BirthDate(ctx, userID)
	switch {
	case err != nil:
		return err
	case birth.IsZero():
		return errNoBirthDate
	case age.At(birth, s.now()) < p.MinAge:
		return errTooYoung(p.MinAge)
	}
	return nil
}

// checkProposer applies the process's rules on who proposes in a heading:
// the minimum age and, where only residents propose, a verified residence
// in the heading's area.
func (s *Service) checkProposer(ctx context.Context, p Process, h Heading, authorID int64) error {
	if err := s.checkAge(ctx, p, authorID); err != nil || p.Proposers != Resident {
		return err
	}
	home, err := s.residentIn(ctx, authorID, h.AreaID)
	if err == nil && !home {
		return errNotProposer
	}
	return err
}
