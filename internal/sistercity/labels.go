package sistercity

import "github.com/shahr-city/shahr/internal/i18n"

var statusLabels = map[Status]i18n.Text{
	Proposed:    {Fa: "پیشنهادشده", En: "Proposed"},
	Negotiating: {Fa: "در حال مذاکره", En: "Negotiating"},
	Signed:      {Fa: "امضاشده", En: "Signed"},
	Active:      {Fa: "فعال", En: "Active"},
	Dormant:     {Fa: "راکد", En: "Dormant"},
	Ended:       {Fa: "پایان‌یافته", En: "Ended"},
}

// Label names the status.
func (s Status) Label() i18n.Text { return statusLabels[s] }

var areaLabels = map[Area]i18n.Text{
	"culture":        {Fa: "فرهنگ", En: "Culture"},
	"urban_planning": {Fa: "شهرسازی", En: "Urban planning"},
	"transport":      {Fa: "حمل‌ونقل", En: "Transport"},
	"environment":    {Fa: "محیط زیست", En: "Environment"},
	"economy":        {Fa: "اقتصاد", En: "Economy"},
	"tourism":        {Fa: "گردشگری", En: "Tourism"},
	"education":      {Fa: "آموزش", En: "Education"},
	"health":         {Fa: "سلامت", En: "Health"},
}

// Label names the area.
func (a Area) Label() i18n.Text { return areaLabels[a] }

var docKindLabels = map[DocKind]i18n.Text{
	"signed_text": {Fa: "متن امضاشده", En: "Signed text"},
	"memorandum":  {Fa: "تفاهم‌نامه", En: "Memorandum"},
	"other":       {Fa: "سایر", En: "Other"},
}

// Label names the kind of document.
func (k DocKind) Label() i18n.Text { return docKindLabels[k] }

var activityLabels = map[ActivityKind]i18n.Text{
	"visit":       {Fa: "دیدار", En: "Visit"},
	"exchange":    {Fa: "تبادل", En: "Exchange"},
	"joint_event": {Fa: "رویداد مشترک", En: "Joint event"},
}

// Label names the kind of activity.
func (k ActivityKind) Label() i18n.Text { return activityLabels[k] }

// areaNames joins the areas' names in l.
func areaNames(l i18n.Lang, as []Area) string {
	sep, out := "، ", ""
	if l == i18n.En {
		sep = ", "
	}
	for i, a := range as {
		if i > 0 {
			out += sep
		}
		out += a.Label().In(l)
	}
	return out
}
