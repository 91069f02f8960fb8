package budgeting

import (
	"fmt"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
)

// Why a person may not vote in a heading (eligibility.go).
var (
	errBlockedPerson = apperr.New(apperr.Forbidden,
		"حساب کاربری شما مسدود شده است و نمی‌توانید در فرایندهای «من شهردارم» طرح پیشنهاد دهید یا رأی دهید.",
		"Your account is blocked: you may not propose or vote in \"I am Mayor\" processes.")
	errNotResident = apperr.New(apperr.Forbidden,
		"در این فرایند فقط ساکنان تأییدشده محدوده برگزارکننده رأی می‌دهند و محل سکونت تأییدشده‌ای از شما در این محدوده ثبت نشده است. برای تأیید محل سکونت، با مدارک شناسایی به دفتر شهرداری منطقه بروید.",
		"Only verified residents of the area running this process may vote in it, and no verified residence of yours lies there. To have your residence verified, take your identity documents to your district's municipal office.")
	errNotYourHeading = apperr.New(apperr.Forbidden,
		"در این فرایند هر کس فقط در سرفصل محل سکونت خود رأی می‌دهد و این سرفصل، سرفصل محل سکونت شما نیست.",
		"In this process each person votes only in the heading of the area they live in, and this heading is not yours.")
)

// errHeadingsUsed refuses a ballot in another heading from a voter who
// already holds every heading they may choose (slots); hasHome says
// whether some heading covers their residence.
func errHeadingsUsed(slots int, hasHome bool) error {
	if hasHome {
		return apperr.New(apperr.Forbidden,
			"شما پیش‌تر جز سرفصل محل سکونت خود در سرفصل دیگری رأی داده‌اید و این فرایند فقط یک سرفصل دیگر را می‌پذیرد؛ برگه رأی همان سرفصل را هنوز می‌توانید تغییر دهید.",
			"You have already voted in a heading besides your own area's, and this process allows only one other; you may still change that ballot.")
	}
	return apperr.New(apperr.Forbidden,
		fmt.Sprintf("شما پیش‌تر در %s سرفصل رأی داده‌اید، همان شماری که این فرایند به شما اجازه می‌دهد؛ برگه‌های رأی همان سرفصل‌ها را هنوز می‌توانید تغییر دهید.", i18n.Fa.Int(slots)),
		fmt.Sprintf("You have already voted in as many headings as this process allows you (%d); you may still change those ballots.", slots))
}
