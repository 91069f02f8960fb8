package budgeting

import "github.com/shahr-city/shahr/internal/i18n"

// The results page, its chart and its downloads. Messages with %s take
// text already formatted in the page's language (numbers in its digits,
// names as written), so they are filled with fmt.Sprintf, never Tf.
func init() {
	i18n.Register(map[string]i18n.Text{
		"budgeting.results.title":       {Fa: "نتایج", En: "Results"},
		"budgeting.results.page_title":  {Fa: "نتایج %s", En: "Results: %s"},
		"budgeting.results.not_closed":  {Fa: "نتایج پس از پایان رأی‌گیری منتشر می‌شود.", En: "The results are published once voting has closed."},
		"budgeting.results.closes_at":   {Fa: "رأی‌گیری %s ساعت %s به وقت تهران پایان می‌یابد.", En: "Voting closes on %s at %s Tehran time."},
		"budgeting.results.heading":     {Fa: "سرفصل", En: "Heading"},
		"budgeting.results.budget":      {Fa: "بودجه", En: "Budget"},
		"budgeting.results.spent":       {Fa: "هزینه طرح‌های برگزیده", En: "Cost of the winning projects"},
		"budgeting.results.left":        {Fa: "بودجه باقی‌مانده", En: "Budget left"},
		"budgeting.results.ballots":     {Fa: "تعداد برگه‌های رأی", En: "Ballots cast"},
		"budgeting.results.rule":        {Fa: "قاعده انتخاب", En: "Selection rule"},
		"budgeting.results.summary":     {Fa: "خلاصه شمارش", En: "The count in brief"},
		"budgeting.results.winners":     {Fa: "طرح‌های برگزیده، به ترتیب انتخاب", En: "Winning projects, in the order they were selected"},
		"budgeting.results.no_winners":  {Fa: "هیچ طرحی برگزیده نشد.", En: "No project was selected."},
		"budgeting.results.none":        {Fa: "در این سرفصل طرحی به رأی گذاشته نشد.", En: "No project went to the vote in this heading."},
		"budgeting.results.projects":    {Fa: "همه طرح‌ها و رأی‌ها", En: "Every project and its votes"},
		"budgeting.results.col.title":   {Fa: "طرح", En: "Project"},
		"budgeting.results.col.cost":    {Fa: "هزینه (ریال)", En: "Cost (rials)"},
		"budgeting.results.col.votes":   {Fa: "رأی", En: "Votes"},
		"budgeting.results.col.outcome": {Fa: "نتیجه", En: "Outcome"},
		"budgeting.results.col.why":     {Fa: "توضیح", En: "Why"},
		"budgeting.results.selected":    {Fa: "برگزیده", En: "Selected"},
		"budgeting.results.rejected":    {Fa: "انتخاب نشد", En: "Not selected"},
		"budgeting.results.chart":       {Fa: "رأی هر طرح", En: "Votes per project"},
		"budgeting.results.chart.desc": {Fa: "نمودار میله‌ای رأی %s طرح در %s؛ طرح‌های برگزیده با رنگ تیره و نشان ✓ مشخص شده‌اند. میله پایین، مصرف بودجه است.",
			En: "Bar chart of the votes for %s projects in %s; the winning projects are dark and marked ✓. The bottom bar is the budget used."},
		"budgeting.results.chart.budget":  {Fa: "مصرف بودجه", En: "Budget used"},
		"budgeting.results.chart.used":    {Fa: "%s از %s (%s)", En: "%s of %s (%s)"},
		"budgeting.results.percent":       {Fa: "%s٪", En: "%s%%"},
		"budgeting.results.votes":         {Fa: "%s رأی", En: "%s votes"},
		"budgeting.results.downloads":     {Fa: "دریافت داده‌های این سرفصل", En: "Download this heading's data"},
		"budgeting.results.csv":           {Fa: "جدول نتایج (CSV)", En: "Results table (CSV)"},
		"budgeting.results.xlsx":          {Fa: "جدول نتایج (اکسل)", En: "Results table (Excel)"},
		"budgeting.results.pb":            {Fa: "برگه‌های رأی بی‌نام (قالب pabulib)", En: "Anonymized ballots (pabulib format)"},
		"budgeting.results.json":          {Fa: "نتایج همه سرفصل‌ها (JSON)", En: "Results of every heading (JSON)"},
		"budgeting.results.check":         {Fa: "هر کس می‌تواند با پرونده برگه‌های رأی، شمارش را دوباره انجام دهد و به همین نتیجه برسد.", En: "Anyone can count the ballots file again and reach the same result."},
		"budgeting.results.money":         {Fa: "%s ریال", En: "%s rials"},
		"budgeting.results.money.million": {Fa: "%s میلیون ریال", En: "%s million rials"},
		"budgeting.results.money.billion": {Fa: "%s میلیارد ریال", En: "%s billion rials"},
		// The process's rule, by its pabulib META name (Rules in model.go).
		"budgeting.results.rule.greedy":                      {Fa: "حریصانه به ترتیب رأی", En: "Greedy by votes (greedy)"},
		"budgeting.results.rule.equalshares":                 {Fa: "روش سهم‌های برابر", En: "Method of Equal Shares (equalshares)"},
		"budgeting.results.rule.equalshares/add1":            {Fa: "روش سهم‌های برابر، با افزایش سهم هر رأی‌دهنده", En: "Method of Equal Shares with Add1 completion (equalshares/add1)"},
		"budgeting.results.rule.equalshares-comparison":      {Fa: "روش سهم‌های برابر، در مقایسه با روش حریصانه", En: "Method of Equal Shares, compared with greedy (equalshares-comparison)"},
		"budgeting.results.rule.equalshares/add1-comparison": {Fa: "روش سهم‌های برابر، با افزایش سهم هر رأی‌دهنده، در مقایسه با روش حریصانه", En: "Method of Equal Shares with Add1 completion, compared with greedy (equalshares/add1-comparison)"},
	})
}
