package budgeting

import "github.com/shahr-city/shahr/internal/i18n"

// Label is the phase's name for people.
func (ph Phase) Label() i18n.Text { return phaseLabels[ph] }

var phaseLabels = map[Phase]i18n.Text{
	Information:    {Fa: "اطلاع‌رسانی", En: "Information"},
	Proposals:      {Fa: "ثبت طرح‌ها", En: "Proposals"},
	Review:         {Fa: "بررسی طرح‌ها", En: "Review"},
	Voting:         {Fa: "رأی‌گیری", En: "Voting"},
	Results:        {Fa: "اعلام نتایج", En: "Results"},
	Implementation: {Fa: "اجرا", En: "Implementation"},
}

// StatusLabel names a proposal status for people.
func StatusLabel(status string) i18n.Text { return statusLabels[status] }

var statusLabels = map[string]i18n.Text{
	StatusSubmitted:  {Fa: "در انتظار بررسی", En: "Awaiting review"},
	StatusFeasible:   {Fa: "امکان‌پذیر؛ به رأی گذاشته می‌شود", En: "Feasible; goes to the vote"},
	StatusInfeasible: {Fa: "امکان‌ناپذیر", En: "Not feasible"},
	StatusMerged:     {Fa: "ادغام‌شده با طرح مشابه", En: "Merged with a similar proposal"},
	StatusHidden:     {Fa: "پنهان‌شده", En: "Hidden"},
	// Implementation statuses of winning projects.
	ProjectPlanned:    {Fa: "در برنامه", En: "Planned"},
	ProjectInProgress: {Fa: "در حال اجرا", En: "In progress"},
	ProjectDone:       {Fa: "پایان‌یافته", En: "Completed"},
	ProjectCancelled:  {Fa: "لغوشده", En: "Cancelled"},
}

// Name is the category's name in l.
func (c Category) Name(l i18n.Lang) string { return i18n.Text{Fa: c.NameFa, En: c.NameEn}.In(l) }

// Name is the heading's name in l.
func (h Heading) Name(l i18n.Lang) string { return i18n.Text{Fa: h.NameFa, En: h.NameEn}.In(l) }

// Title is the process's title in l.
func (p Process) Title(l i18n.Lang) string { return i18n.Text{Fa: p.TitleFa, En: p.TitleEn}.In(l) }

// Description is the process's description in l.
func (p Process) Description(l i18n.Lang) string {
	return i18n.Text{Fa: p.DescriptionFa, En: p.DescriptionEn}.In(l)
}
