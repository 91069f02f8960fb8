package rules

import (
	"fmt"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
)

// Label names the majority for people.
func (m Majority) Label() i18n.Text { return majorityLabels[m] }

var majorityLabels = map[Majority]i18n.Text{
	OfPresent:        {Fa: "اکثریت مطلق اعضای حاضر", En: "A majority of the members present"},
	OfSeated:         {Fa: "اکثریت مطلق اعضای شورا", En: "A majority of the sitting members"},
	TwoThirdsPresent: {Fa: "دو سوم اعضای حاضر", En: "Two thirds of the members present"},
	TwoThirdsSeated:  {Fa: "دو سوم اعضای شورا", En: "Two thirds of the sitting members"},
	Absolute:         {Fa: "اکثریت مطلق کرسی‌های قانونی شورا", En: "A majority of the council's statutory seats"},
}

// Label names the motion kind for people.
func (k Motion) Label() i18n.Text { return motionLabels[k] }

var motionLabels = map[Motion]i18n.Text{
	UrgencySingle: {Fa: "یک‌فوریت", En: "Single urgency"},
	UrgencyDouble: {Fa: "دوفوریت", En: "Double urgency"},
	Generalities:  {Fa: "کلیات", En: "Generalities"},
	Clause:        {Fa: "ماده یا تبصره", En: "Clause"},
	Amendment:     {Fa: "پیشنهاد اصلاحی", En: "Amendment"},
	ClosingDebate: {Fa: "کفایت مذاکرات", En: "Closure of debate"},
	Referral:      {Fa: "ارجاع به کمیسیون", En: "Referral to a commission"},
	ClosedSession: {Fa: "غیرعلنی شدن جلسه", En: "Closed session"},
}

// Label names the urgency for people.
func (u Urgency) Label() i18n.Text { return urgencyLabels[u] }

var urgencyLabels = map[Urgency]i18n.Text{
	Normal: {Fa: "عادی", En: "Ordinary"},
	Single: {Fa: "یک‌فوریتی", En: "Single urgency"},
	Double: {Fa: "دوفوریتی", En: "Double urgency"},
}

// Label names the result of a vote for people.
func (r Result) Label() i18n.Text { return resultLabels[r] }

var resultLabels = map[Result]i18n.Text{
	Adopted:  {Fa: "تصویب شد", En: "Adopted"},
	Rejected: {Fa: "تصویب نشد", En: "Rejected"},
	NoQuorum: {Fa: "بدون حد نصاب؛ رأی‌گیری اعتبار ندارد", En: "No quorum; the vote has no effect"},
}

// Label names the review state for people, as a badge shows it.
func (s State) Label() i18n.Text { return stateLabels[s] }

var stateLabels = map[State]i18n.Text{
	Pending:      {Fa: "در انتظار ابلاغ", En: "Awaiting notification"},
	InReview:     {Fa: "در حال بررسی هیئت تطبیق", En: "Under review"},
	Objected:     {Fa: "اعتراض هیئت تطبیق", En: "Objected to"},
	Reconsidered: {Fa: "اصلاح‌شده؛ در حال بررسی دوباره", En: "Amended; under review again"},
	Dispute:      {Fa: "در هیئت حل اختلاف", En: "Before the dispute board"},
	InForce:      {Fa: "لازم‌الاجرا", En: "In force"},
	Void:         {Fa: "ملغی", En: "Void"},
}

// Badge is the state with its date, as a resolution's public page shows
// it: «در حال بررسی هیئت تطبیق تا ۱۵ آذر ۱۴۰۵».
func (s Status) Badge() i18n.Text {
	l := s.State.Label()
	switch {
	case s.Until.Year == 0:
		return l
	case s.State == Dispute: // a due date, which may pass with no change
		return i18n.Text{
			Fa: fmt.Sprintf("%s؛ مهلت رأی %s", l.Fa, s.Until.FormatFa()),
			En: fmt.Sprintf("%s; decision due %s", l.En, s.Until.FormatEn()),
		}
	}
	return i18n.Text{
		Fa: fmt.Sprintf("%s تا %s", l.Fa, s.Until.FormatFa()),
		En: fmt.Sprintf("%s until %s", l.En, s.Until.FormatEn()),
	}
}

// Label names the council's answer to an objection for people.
func (r Answer) Label() i18n.Text { return answerLabels[r] }

var answerLabels = map[Answer]i18n.Text{
	Insisted:  {Fa: "اصرار شورا", En: "Insisted on"},
	Amended:   {Fa: "اصلاح شورا", En: "Amended"},
	Withdrawn: {Fa: "انصراف شورا", En: "Withdrawn"},
}

// Label names the dispute board's decision for people.
func (d Ruling) Label() i18n.Text { return rulingLabels[d] }

var rulingLabels = map[Ruling]i18n.Text{
	Upheld:   {Fa: "تأیید مصوبه", En: "Upheld"},
	Annulled: {Fa: "ابطال مصوبه", En: "Annulled"},
}

// Label names the event for people, as a resolution's timeline shows it.
func (k EventKind) Label() i18n.Text { return eventLabels[k] }

var eventLabels = map[EventKind]i18n.Text{
	Notified:        {Fa: "ابلاغ به شهردار و هیئت تطبیق", En: "Notified to the mayor and the review board"},
	Objection:       {Fa: "اعتراض هیئت تطبیق", En: "Objection of the review board"},
	Reconsideration: {Fa: "بررسی دوباره در شورا", En: "Reconsidered by the council"},
	Decision:        {Fa: "رأی هیئت حل اختلاف", En: "Decision of the dispute board"},
}

// The settings' form fields, with the words that name them.
type field struct{ name, fa, en string }

var (
	fieldQuorumNum        = field{"quorum_num", "صورت کسر حد نصاب", "The quorum's numerator"}
	fieldQuorumDen        = field{"quorum_den", "مخرج کسر حد نصاب", "The quorum's denominator"}
	fieldSignatories      = field{"min_signatories", "کمترین شمار امضاکنندگان طرح", "The fewest signatories of a member's motion"}
	fieldCommissionNormal = field{"commission_days", "مهلت کمیسیون (روز)", "The commission's deadline in days"}
	fieldCommissionSingle = field{"commission_days_single", "مهلت کمیسیون برای یک‌فوریتی (روز)", "The commission's deadline for a single-urgency matter in days"}
	fieldObjection        = field{"objection_days", "مهلت اعتراض هیئت تطبیق (روز)", "The review board's objection window in days"}
	fieldReconsider       = field{"reconsider_days", "مهلت بررسی دوباره در شورا (روز)", "The council's window to reconsider in days"}
	fieldDispute          = field{"dispute_days", "مهلت رأی هیئت حل اختلاف (روز)", "The dispute board's deadline in days"}
)

// majorityField is the form field of motion k's majority.
func majorityField(k Motion) string { return "majority_" + string(k) }

// validation collects the settings' problems as one bilingual Invalid
// error.
type validation struct{ apperr.Validation }

func (v *validation) number(f field, n, least, most int) {
	if n >= least && n <= most {
		return
	}
	v.Add(f.name,
		fmt.Sprintf("«%s» باید عددی درست از %s تا %s باشد.", f.fa, i18n.Fa.Int(least), i18n.Fa.Int(most)),
		fmt.Sprintf("%s must be a whole number from %d to %d.", f.en, least, most))
}

func (v *validation) notNumber(f field) {
	v.Add(f.name, fmt.Sprintf("«%s» را با رقم بنویسید.", f.fa), fmt.Sprintf("Write %s in digits.", f.en))
}

func (v *validation) majority(k Motion) {
	l := k.Label()
	v.Add(majorityField(k),
		fmt.Sprintf("اکثریت لازم برای «%s» را از فهرست انتخاب کنید.", l.Fa),
		fmt.Sprintf("Choose the majority that %s needs from the list.", l.En))
}

func (v *validation) unknownMotion() {
	v.Add("majorities", "اکثریت برای نوعی رأی‌گیری ناشناخته تعیین شده است.", "A majority is set for an unknown kind of motion.")
}
