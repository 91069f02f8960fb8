package pb

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/shahr-city/shahr/internal/i18n"
)

// Explanation says, in words a citizen understands, why one project was
// or was not funded.
type Explanation struct {
	ID       string
	Selected bool
	Text     i18n.Text
}

// Money tells how to write amounts: the instance's decimal places and
// currency.
type Money struct {
	Scale    int
	Currency string // ISO 4217 code, "" when unknown
}

// MoneyOf reads an instance's scale and META currency.
func MoneyOf(in *Instance) Money {
	c, _ := in.MetaValue("currency")
	return Money{Scale: in.Scale, Currency: strings.ToUpper(strings.TrimSpace(c))}
}

// amount writes money in l: digits grouped, in the language's digits,
// rounded to two decimals at most, with the currency.
func (m Money) amount(l i18n.Lang, v *big.Rat) string {
	whole := new(big.Rat).Quo(v, new(big.Rat).SetInt64(pow10(m.Scale)))
	decimals := 0
	if !whole.IsInt() {
		decimals = 2
	}
	text := groupDigits(whole.FloatString(decimals), l)
	switch {
	case m.Currency == "IRR" && l == i18n.Fa:
		return text + " ریال"
	case m.Currency != "":
		return text + " " + m.Currency
	}
	return text
}

func (m Money) units(l i18n.Lang, v int64) string { return m.amount(l, new(big.Rat).SetInt64(v)) }

// groupDigits puts thousands separators in a decimal string and writes it
// in the language's digits (Persian: ٬ and ٫ separators).
func groupDigits(s string, l i18n.Lang) string {
	intPart, frac, hasFrac := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	sep, dot := ",", "."
	if l == i18n.Fa {
		sep, dot = "٬", "٫"
	}
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	out := b.String()
	if hasFrac {
		out += dot + frac
	}
	if neg {
		out = "-" + out
	}
	return l.Digits(out)
}

// Explain explains every project's fate under an outcome, in project order.
func Explain(pr *Profile, o *Outcome, m Money) []Explanation {
	out := make([]Explanation, len(pr.Costs))
	for p := range pr.Costs {
		f := &o.Projects[p]
		out[p] = Explanation{ID: pr.IDs[p], Selected: f.Selected, Text: i18n.Text{
			Fa: explainIn(i18n.Fa, pr, o, int32(p), m),
			En: explainIn(i18n.En, pr, o, int32(p), m),
		}}
	}
	return out
}

// explainIn writes one project's explanation in one language.
func explainIn(l i18n.Lang, pr *Profile, o *Outcome, p int32, m Money) string {
	f := &o.Projects[p]
	x := explainer{l: l, m: m, f: f, costUnits: pr.Costs[p], cost: m.units(l, pr.Costs[p]), votes: l.Num(f.Votes)}
	switch {
	case f.Reason == NoSupport:
		return x.say("هیچ‌کس به این طرح رأی نداد.", "Nobody voted for it.")
	case f.Selected && f.Stage == StageCompletion:
		return x.completion()
	case f.Selected && strings.HasPrefix(o.Rule, "mes") && !o.SwitchedToGreedy:
		return x.mesFunded()
	case f.Selected && o.Rule == "phragmen":
		return x.phragmenFunded()
	case f.Selected && o.Rule == "utilitarian":
		return x.say("تأمین شد: جزو مجموعه طرح‌هایی است که بیشترین رأی کل را در سقف بودجه دارند.",
			"Funded: it belongs to the set of projects with the most votes in all that fits in the budget.")
	case f.Selected:
		return x.greedyFunded(o.Rule == "greedy" && f.Score != f.Votes)
	}
	return x.notFunded(o)
}

// explainer holds what one explanation needs.
type explainer struct {
	l         i18n.Lang
	m         Money
	f         *Fate
	costUnits int64
	cost      string
	votes     string
}

func (x explainer) say(fa, en string, args ...any) string {
	format := fa
	if x.l == i18n.En {
		format = en
	}
	return fmt.Sprintf(format, args...)
}

func (x explainer) greedyFunded(byScore bool) string {
	if byScore {
		return x.say("تأمین شد: با %s امتیاز رتبه %s را داشت و وقتی نوبتش رسید %s باقی بود که برای هزینه‌اش (%s) کافی بود.",
			"Funded: it ranked %[2]s with %[1]s points, and %[3]s was left when its turn came, enough for its cost of %[4]s.",
			x.l.Num(x.f.Score), x.l.Int(x.f.Rank), x.m.units(x.l, x.f.MoneyLeft), x.cost)
	}
	return x.say("تأمین شد: با %s رأی رتبه %s را داشت و وقتی نوبتش رسید %s باقی بود که برای هزینه‌اش (%s) کافی بود.",
		"Funded: it ranked %[2]s with %[1]s votes, and %[3]s was left when its turn came, enough for its cost of %[4]s.",
		x.votes, x.l.Int(x.f.Rank), x.m.units(x.l, x.f.MoneyLeft), x.cost)
}

func (x explainer) completion() string {
	return x.say("تأمین شد با پولی که روش سهم‌های برابر خرج نکرد: به ترتیب رأی (%s رأی) نوبتش رسید و %s باقی بود که برای هزینه‌اش (%s) کافی بود.",
		"Funded with the money Equal Shares left unspent: its turn came in order of votes (%s votes) and %s was left, enough for its cost of %s.",
		x.votes, x.m.units(x.l, x.f.MoneyLeft), x.cost)
}

func (x explainer) mesFunded() string {
	share := x.m.amount(x.l, x.f.Share)
	s := x.say("تأمین شد در دور %s روش سهم‌های برابر: %s حامی آن هزینه‌اش (%s) را بین خود تقسیم کردند و هر کدام حداکثر %s پرداخت؛ یعنی به اندازه %s رأی کامل حمایت داشت.",
		"Funded in round %s of Equal Shares: its %s supporters shared its cost of %s, each paying at most %s; that is as strong as %s voters paying a full share.",
		x.l.Int(x.f.Round), x.votes, x.cost, share, x.effectiveVotes())
	if x.f.FullPayers > 0 {
		s += x.say(" %s نفر از آن‌ها کمتر از این سهم داشتند و همه مانده پولشان را دادند.",
			" %s of them had less than that left and paid all they had.", x.l.Num(x.f.FullPayers))
	}
	return s
}

// effectiveVotes is the cost over the largest payment: how many voters
// paying that much it would take.
func (x explainer) effectiveVotes() string {
	if x.f.Share == nil || x.f.Share.Sign() == 0 {
		return x.votes
	}
	v := new(big.Rat).Quo(new(big.Rat).SetInt64(x.costUnits), x.f.Share).FloatString(1)
	return groupDigits(strings.TrimSuffix(v, ".0"), x.l)
}

func (x explainer) phragmenFunded() string {
	return x.say("تأمین شد در دور %s روش فراگمن: پس از آن بار هر حامی به %s رسید.",
		"Funded in round %s of Phragmén's method: after it, each supporter's load was %s.",
		x.l.Int(x.f.Round), x.m.amount(x.l, x.f.Load))
}

func (x explainer) notFunded(o *Outcome) string {
	f := x.f
	switch f.Reason {
	case DidNotFit:
		return x.say("تأمین نشد: با %s رأی رتبه %s را داشت، اما وقتی نوبتش رسید فقط %s باقی مانده بود که از هزینه‌اش (%s) کمتر است.",
			"Not funded: it ranked %[2]s with %[1]s votes, but only %[3]s was left when its turn came, less than its cost of %[4]s.",
			x.votes, x.l.Int(f.Rank), x.m.units(x.l, f.MoneyLeft), x.cost)
	case BelowThreshold:
		return x.say("تأمین نشد: %s رأی داشت که کمتر از حد نصاب لازم برای ورود به رقابت است.",
			"Not funded: it had %s votes, fewer than the minimum a project needs to be eligible.", x.votes)
	case Stopped:
		return x.say("تأمین نشد: شمارش در نخستین طرحی که در بودجه نگنجید متوقف می‌شود و آن طرح پیش از این طرح بود.",
			"Not funded: the count stops at the first project that does not fit the budget, and that project came before this one.")
	case Unaffordable:
		s := x.say("تأمین نشد: در پایان شمارش روش سهم‌های برابر، %s حامی آن روی هم فقط %s از سهم خود از بودجه باقی داشتند که از هزینه‌اش (%s) کمتر است.",
			"Not funded: when Equal Shares ended, its %s supporters had only %s left of their shares of the budget together, less than its cost of %s.",
			x.votes, x.m.amount(x.l, f.SupportersLeft), x.cost)
		if f.Rank > 0 {
			s += x.say(" در مرحله تکمیلی هم از %s باقی‌مانده بودجه، پول کافی برایش نماند.",
				" In the completion step, the %s left of the budget was not enough either.", x.m.units(x.l, f.MoneyLeft))
		}
		return s
	case BudgetReached:
		return x.say("تأمین نشد: شمارش وقتی متوقف شد که طرح بعدی از بودجه بیشتر می‌شد.",
			"Not funded: the count stopped when the next project would have exceeded the budget.")
	case NotInOptimum:
		return x.say("تأمین نشد: مجموعه‌ای که در سقف بودجه بیشترین رأی کل را دارد، این طرح را شامل نمی‌شود.",
			"Not funded: the set of projects with the most votes in all that fits in the budget leaves it out.")
	}
	return x.say("تأمین نشد.", "Not funded.")
}

// Summary describes the count as a whole: the rule, and for Equal Shares
// the per-voter budget and the comparison step.
func Summary(pr *Profile, o *Outcome, m Money) i18n.Text {
	return i18n.Text{Fa: summaryIn(i18n.Fa, pr, o, m), En: summaryIn(i18n.En, pr, o, m)}
}

func summaryIn(l i18n.Lang, pr *Profile, o *Outcome, m Money) string {
	x := explainer{l: l, m: m}
	rule := o.Rule
	if l == i18n.Fa {
		rule = persianRuleName(o.Rule)
	}
	s := x.say("%s طرح از %s با هزینه کل %s از بودجه %s انتخاب شد (قاعده: %s).",
		"%s of %s projects were selected, costing %s of the %s budget (rule: %s).",
		l.Int(len(o.Selected)), l.Int(len(pr.Costs)), m.units(l, o.TotalCost), m.units(l, pr.Budget), rule)
	if o.PerVoterBudget != nil && strings.HasPrefix(o.Rule, "mes") {
		fair := new(big.Rat).SetFrac64(pr.Budget, max(pr.Voters, 1))
		if o.PerVoterBudget.Cmp(fair) == 0 {
			s += x.say(" در روش سهم‌های برابر هر رأی‌دهنده سهمی برابر، %s، از بودجه داشت.",
				" In Equal Shares every voter held an equal share of the budget, %s.", m.amount(l, fair))
		} else {
			s += x.say(" سهم هر رأی‌دهنده از %s تا %s افزایش یافت (%s گام)، تا جایی که طرح‌های انتخاب‌شده هنوز در بودجه بگنجند؛ بقیه توضیح‌ها با این سهم است.",
				" Each voter's share was raised from %s to %s (%s steps), as far as the selected projects still fit in the budget; the explanations below are at that share.",
				m.amount(l, fair), m.amount(l, o.PerVoterBudget), l.Num(int64(o.Runs)))
		}
	}
	if o.PreferMES+o.PreferGreedy > 0 {
		s += x.say(" در مقایسه، %s رأی‌دهنده نتیجه سهم‌های برابر و %s نفر نتیجه روش حریصانه را ترجیح دادند.",
			" Compared with greedy by votes, %s voters preferred the Equal Shares outcome and %s the greedy one.",
			l.Num(o.PreferMES), l.Num(o.PreferGreedy))
		if o.SwitchedToGreedy {
			s += x.say(" پس نتیجه روش حریصانه پذیرفته شد.", " So the greedy outcome was taken.")
		}
	}
	return s
}

// persianRuleName names a rule (Outcome.Rule, such as "mes/add1u-comparison")
// in Persian words; the English text keeps the technical name researchers
// search for.
func persianRuleName(rule string) string {
	base, comparison := strings.CutSuffix(rule, "-comparison")
	base, completion, _ := strings.Cut(base, "/")
	name := map[string]string{
		"greedy":           "حریصانه به ترتیب رأی",
		"greedy-threshold": "حریصانه با حد نصاب رأی",
		"greedy-no-skip":   "حریصانه تا نخستین طرحی که نگنجد",
		"mes":              "روش سهم‌های برابر",
		"phragmen":         "روش فراگمن",
		"utilitarian":      "بیشترین رأی کل در سقف بودجه",
	}[base]
	if name == "" {
		name = "«" + base + "»"
	}
	switch completion {
	case "add1":
		name += "، با افزایش سهم هر رأی‌دهنده"
	case "add1u":
		name += "، با افزایش سهم هر رأی‌دهنده و تکمیل حریصانه"
	}
	if comparison {
		name += "، در مقایسه با روش حریصانه"
	}
	return name
}
