package budgeting

import (
	"fmt"

	"github.com/shahr-city/shahr/internal/i18n"
)

// The number fields budgeting bounds (bounds.go), with their words.
var (
	estimatedCost = bound{"estimated_cost", "هزینه برآوردی", "The estimated cost", 1, MaxRials, true}
	finalCost     = bound{"final_cost", "هزینه نهایی", "The final cost", 1, MaxRials, true}
	headingBudget = bound{"headings", "بودجه هر سرفصل", "Each heading's budget", 1, MaxRials, true}
	processBudget = bound{"headings", "جمع بودجه سرفصل‌های فرایند", "The headings' budgets together", 1, MaxRials, true}
	spentAmount   = bound{"spent", "هزینه انجام‌شده", "The amount spent", 0, MaxRials, true}
	minChoices    = bound{"min_choices", "کمترین شمار طرح‌های هر برگه رأی", "The fewest projects a ballot names", 0, maxBallotChoices, false}
	maxChoices    = bound{"max_choices", "بیشترین شمار طرح‌های هر برگه رأی", "The most projects a ballot names", 0, maxBallotChoices, false}
	maxPoints     = bound{"max_points", "امتیازهای هر برگه رأی", "The points each ballot spreads", 0, maxBallotPoints, false}
)

// pointsBound is what one project's points on a cumulative ballot may
// be (0: none).
func pointsBound(most int) bound {
	return bound{"ballot", "امتیاز هر طرح", "Each project's points", 0, int64(most), false}
}

// rankBound is what a rank on a ballot of n projects may be.
func rankBound(n int) bound {
	return bound{"ballot", "رتبه هر طرح", "Each project's rank", 1, int64(n), false}
}

// errBound refuses a number outside its bound (bounds.go), naming the
// field and the limits.
func errBound(b bound) error {
	fa := fmt.Sprintf("%s باید عددی درست از %s تا %s باشد.", b.fa, i18n.Fa.Num(b.least), i18n.Fa.Num(b.most))
	en := fmt.Sprintf("%s must be a whole number from %s to %s.", b.en, i18n.En.Num(b.least), i18n.En.Num(b.most))
	if b.rials {
		fa = fmt.Sprintf("%s باید مبلغی از %s تا %s ریال باشد.", b.fa, i18n.Fa.Num(b.least), i18n.Fa.Num(b.most))
		en = fmt.Sprintf("%s must be an amount from %s to %s rials.", b.en, i18n.En.Num(b.least), i18n.En.Num(b.most))
	}
	return invalid(b.field, fa, en)
}

// What a ballot's choices must be (checkChoices in ballot.go).
var errNoChoices = invalid("ballot", "دست‌کم یک طرح را انتخاب کنید.", "Choose at least one project.")

func errFewChoices(least int) error {
	return invalid("ballot", fmt.Sprintf("در این برگه رأی دست‌کم %s طرح را انتخاب کنید.", i18n.Fa.Int(least)),
		fmt.Sprintf("Choose at least %d projects on this ballot.", least))
}

func errManyChoices(most int) error {
	return invalid("ballot", fmt.Sprintf("در این برگه رأی بیش از %s طرح را انتخاب نکنید.", i18n.Fa.Int(most)),
		fmt.Sprintf("Choose at most %d projects on this ballot.", most))
}

// errPoints refuses points outside a cumulative ballot's limit.
func errPoints(most int) error {
	return invalid("ballot", fmt.Sprintf("امتیاز هر طرح باید عددی درست از ۱ تا %s باشد و جمع امتیازهای برگه رأی از %s بیشتر نشود.",
		i18n.Fa.Int(most), i18n.Fa.Int(most)),
		fmt.Sprintf("Give each project a whole number of points from 1 to %d, and no more than %d points in all.", most, most))
}

// errOverHeading refuses a final cost above the heading's whole budget:
// no rule could fund such a project, and pabulib's format (and our
// validator, pb.Validate) refuses a published file listing one.
func errOverHeading(budget int64) error {
	return invalid("final_cost",
		fmt.Sprintf("هزینه نهایی از کل بودجه این سرفصل (%s ریال) بیشتر است؛ چنین طرحی با هیچ قاعده‌ای انتخاب نمی‌شود.", i18n.Fa.Num(budget)),
		fmt.Sprintf("The final cost is more than this heading's whole budget (%s rials); no rule could select such a project.", i18n.En.Num(budget)))
}

// errBelowFeasible refuses a heading's budget below the final cost of a
// project already sent to the vote in it.
func errBelowFeasible(h Heading, cost int64) error {
	return invalid("headings",
		fmt.Sprintf("بودجه سرفصل «%s» از هزینه نهایی گران‌ترین طرح به رأی گذاشته‌شده در آن (%s ریال) کمتر است.", h.NameFa, i18n.Fa.Num(cost)),
		fmt.Sprintf("The budget of heading %q is less than the final cost of the costliest project sent to the vote in it (%s rials).", h.NameFa, i18n.En.Num(cost)))
}
