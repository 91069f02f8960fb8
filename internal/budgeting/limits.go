package budgeting

import (
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/web"
)

// The bounds of budgeting's texts, route by route (README, "Limits"), and
// each account's daily limits. Its numbers, costs, budgets, money spent
// and the ballot's figures, are bounded where they are read (bounds.go).
const (
	maxDescription = 20000 // a proposal's or a process's
	maxFlagReason  = 1000
	maxComment     = 4000
)

var (
	proposalFields = web.Fields{
		web.Text("title", "budgeting.proposal.title", maxTitleLen),
		web.Text("description", "budgeting.proposal.description", maxDescription),
		web.Text("on_behalf_of", "budgeting.proposal.group", maxTitleLen),
	}
	flagFields     = web.Fields{web.Text("reason", "budgeting.flag.reason", maxFlagReason)}
	commentFields  = web.Fields{web.Text("body", "budgeting.staff.comment.body", maxComment)}
	reviewFields   = web.Fields{web.Text("reason", "budgeting.staff.reason", web.MaxReason)}
	hideFields     = web.Fields{web.Text("hide_reason", "budgeting.staff.hide.reason", web.MaxReason)}
	categoryFields = web.Fields{
		web.Text("name_fa", "budgeting.staff.cat.name_fa", maxTitleLen),
		web.Text("name_en", "budgeting.staff.cat.name_en", maxTitleLen),
	}
	milestoneFields = web.Fields{
		web.Text("title_fa", "budgeting.staff.ms.title_fa", maxTitleLen),
		web.Text("title_en", "budgeting.staff.ms.title_en", maxTitleLen),
	}
	processTextFields = web.Fields{
		web.Text("title_fa", "budgeting.staff.process.title_fa", maxTitleLen),
		web.Text("title_en", "budgeting.staff.process.title_en", maxTitleLen),
		web.Text("description_fa", "budgeting.staff.process.description_fa", maxDescription),
		web.Text("description_en", "budgeting.staff.process.description_en", maxDescription),
		web.Text("heading_name_fa", "budgeting.staff.process.heading.name_fa", maxTitleLen),
		web.Text("heading_name_en", "budgeting.staff.process.heading.name_en", maxTitleLen),
	}
)

// What one account adds in a day, counted from midnight in Tehran in the
// tables that hold it. Supports are not counted: one per person and
// proposal, taking one back and giving it again changes nothing. Reports
// and comments only people write; proposals are also filed in bulk by the
// demo loader (Submit), so a person's own go through Propose.
var (
	dailyProposals = store.DailyLimit{Max: 10,
		Act:   i18n.Text{Fa: "%s پیشنهاد ثبت کند", En: "submit %s proposals"},
		Count: `SELECT count(*) FROM budget_proposals WHERE author_id = $1 AND created_at >= $2`}
	dailyFlags = store.DailyLimit{Max: 30,
		Act:   i18n.Text{Fa: "%s پیشنهاد را گزارش کند", En: "report %s proposals"},
		Count: `SELECT count(*) FROM budget_flags WHERE reporter_id = $1 AND at >= $2`}
	dailyComments = store.DailyLimit{Max: 200,
		Act:   i18n.Text{Fa: "%s یادداشت بررسی بنویسد", En: "write %s review comments"},
		Count: `SELECT count(*) FROM budget_review_comments WHERE author_id = $1 AND at >= $2`}
)
