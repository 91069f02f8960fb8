package budgeting

import "github.com/shahr-city/shahr/internal/i18n"

// The results page's link to every heading's published ballots.
func init() {
	i18n.Register(map[string]i18n.Text{
		"budgeting.results.zip": {Fa: "برگه‌های رأی بی‌نام همه سرفصل‌ها در یک پرونده (قالب pabulib، zip)",
			En: "Anonymized ballots of every heading in one file (pabulib format, zip)"},
	})
}
