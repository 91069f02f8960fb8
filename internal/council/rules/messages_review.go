package rules

import (
	"fmt"

	"github.com/shahr-city/shahr/internal/apperr"
)

// Why an event of the review is refused (Apply in review.go).
var (
	errOutOfOrder = apperr.New(apperr.Conflict,
		"تاریخ این رویداد پیش از رویداد قبلی مصوبه است؛ رویدادها به ترتیب زمان ثبت می‌شوند.",
		"This event is dated before the resolution's previous one; events are recorded in time order.")
	errNoGrounds = apperr.New(apperr.Invalid,
		"دلیل اعتراض هیئت تطبیق را بنویسید.", "Write the review board's grounds for the objection.")
	errNoAnswer = apperr.New(apperr.Invalid,
		"پاسخ شورا را انتخاب کنید: اصرار، اصلاح یا انصراف.", "Choose the council's answer: insisted, amended or withdrawn.")
	errNoRuling = apperr.New(apperr.Invalid,
		"رأی هیئت حل اختلاف را انتخاب کنید: تأیید یا ابطال.", "Choose the dispute board's decision: upheld or annulled.")
	errUnknownEvent = apperr.New(apperr.Invalid,
		"این نوع رویداد در بررسی مصوبه تعریف نشده است.", "This kind of event is not part of a resolution's review.")
	errNoTime = apperr.New(apperr.Invalid,
		"تاریخ رویداد را وارد کنید.", "Enter the event's date.")
)

// errLate refuses an event whose window in s closed before it.
func errLate(s Status) error {
	return apperr.New(apperr.Conflict,
		fmt.Sprintf("مهلت این کار در مرحله «%s» در پایان %s تمام شده است.", s.State.Label().Fa, s.Until.FormatFa()),
		fmt.Sprintf("The time for this at the stage %q ended with %s.", s.State.Label().En, s.Until.FormatEn()))
}

// errNotNow refuses an event the state does not take.
func errNotNow(s State, k EventKind) error {
	return apperr.New(apperr.Conflict,
		fmt.Sprintf("«%s» در مرحله «%s» ممکن نیست.", k.Label().Fa, s.Label().Fa),
		fmt.Sprintf("%q is not possible at the stage %q.", k.Label().En, s.Label().En))
}
