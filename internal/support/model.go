// Package support is a provincial cooperation organization's support to
// its towns, above all the less-developed ones: each town's indicators,
// visit programmes with reports, findings and follow-up actions, joint
// investment projects for sustainable revenue, and a transparent priority
// score that ranks the towns for support.
//
// A town is a municipality standing directly under the cooperation
// organization in the organization tree; the organization's group
// companies are its child organizations of kind company.
package support

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
)

// Tier is a town's development tier.
type Tier string

const (
	LessDeveloped Tier = "less_developed" // کم‌برخوردار
	Developing    Tier = "developing"
	Developed     Tier = "developed"
)

// Tiers lists the tiers, least developed first.
var Tiers = []Tier{LessDeveloped, Developing, Developed}

// Town is a member municipality with its newest indicators.
type Town struct {
	org.Org
	Indicators Indicators // zero when none were ever recorded
	HighNeeds  int        // open needs of high priority
	MediumNeed int        // open needs of medium priority
}

// Factors are the town's inputs to the priority score.
func (t Town) Factors() Factors {
	pop := t.Indicators.Population
	if pop == 0 {
		pop = t.Population
	}
	return Factors{Tier: t.Indicators.Tier, Population: pop, StaffCount: t.Indicators.StaffCount,
		HighNeeds: t.HighNeeds, MediumNeeds: t.MediumNeed}
}

// Indicators are a town's figures as of a day.
type Indicators struct {
	ID             int64
	TownID         int64
	AsOf           time.Time // the day's start in Tehran; zero when none
	Population     int64     // 0: unknown
	Tier           Tier      // "" when none were recorded
	RevenueSources string
	StaffCount     int64 // 0: unknown
	RecordedAt     time.Time
}

const (
	maxPopulation = 100_000_000
	maxStaff      = 1_000_000
	maxText       = 2000
	maxTitle      = 300
)

// Validate checks indicators before they are stored.
func (in Indicators) Validate() error {
	var v apperr.Validation
	if in.TownID == 0 {
		v.Add("town", "شهر را انتخاب کنید.", "Choose the town.")
	}
	if in.AsOf.IsZero() {
		v.Add("as_of", "تاریخ را به شکل ۱۴۰۵/۰۹/۰۱ بنویسید.", "Enter the date as 1405/09/01.")
	}
	if in.Population < 0 || in.Population > maxPopulation {
		v.Add("population", "جمعیت باید عددی بین ۰ و ۱۰۰ میلیون باشد.", "Population must be a whole number from 0 to 100 million.")
	}
	if !slices.Contains(Tiers, in.Tier) {
		v.Add("tier", "سطح توسعه‌یافتگی را انتخاب کنید.", "Choose the development tier.")
	}
	if in.StaffCount < 0 || in.StaffCount > maxStaff {
		v.Add("staff_count", "شمار کارکنان باید عددی مثبت باشد.", "The staff count must be a positive whole number.")
	}
	if utf8.RuneCountInString(in.RevenueSources) > maxText {
		v.Add("revenue_sources", "منابع درآمدی حداکثر ۲۰۰۰ حرف است.", "Revenue sources are at most 2,000 characters.")
	}
	return v.Err()
}

// VisitStatus is where a planned visit stands.
type VisitStatus string

const (
	Planned   VisitStatus = "planned"
	Done      VisitStatus = "done"
	Cancelled VisitStatus = "cancelled"
)

// VisitStatuses lists the statuses in order.
var VisitStatuses = []VisitStatus{Planned, Done, Cancelled}

// Visit is a planned visit to a town and, once made, its report.
type Visit struct {
	ID           int64
	CoopID       int64
	TownID       int64
	TownName     string // Persian
	TownNameEn   string
	TownSlug     string
	PlannedOn    time.Time
	Purpose      string
	Status       VisitStatus
	VisitedOn    time.Time // zero before the report
	Summary      string
	Participants []Participant
	Findings     []Finding
	Actions      []Action
}

// Participant roles.
var ParticipantRoles = []string{"mayor", "council_member", "org_staff", "town_staff", "other"}

// Participant is a person who took part in a visit.
type Participant struct {
	Name string
	Role string
}

// Finding kinds, categories and priorities.
var (
	FindingKinds = []string{"need", "problem", "capacity", "potential"}
	Categories   = []string{"revenue", "infrastructure", "services", "tourism", "environment", "management"}
	Priorities   = []string{"high", "medium", "low"}
)

// Finding is one structured observation of a visit.
type Finding struct {
	ID        int64
	VisitID   int64
	Kind      string
	Category  string
	Priority  string
	Body      string
	Addressed bool
}

// Validate checks a finding before it is stored.
func (f Finding) Validate() error {
	var v apperr.Validation
	if !slices.Contains(FindingKinds, f.Kind) {
		v.Add("kind", "نوع یافته را انتخاب کنید.", "Choose the kind of finding.")
	}
	if !slices.Contains(Categories, f.Category) {
		v.Add("category", "حوزه را انتخاب کنید.", "Choose the category.")
	}
	if !slices.Contains(Priorities, f.Priority) {
		v.Add("priority", "اولویت را انتخاب کنید.", "Choose the priority.")
	}
	checkText(&v, "body", f.Body, maxText)
	return v.Err()
}

// Action statuses.
var ActionStatuses = []string{"open", "in_progress", "done"}

// Action is a follow-up of a visit.
type Action struct {
	ID      int64
	VisitID int64
	Title   string
	Owner   string // staff-only: never shown on public pages
	DueOn   time.Time
	Status  string
}

// Overdue reports whether the action is past its due day and not done.
func (a Action) Overdue(now time.Time) bool {
	return a.Status != "done" && now.After(a.DueOn.AddDate(0, 0, 1))
}

// Validate checks an action before it is stored.
func (a Action) Validate() error {
	var v apperr.Validation
	checkText(&v, "title", a.Title, maxTitle)
	checkText(&v, "owner", a.Owner, 200)
	if a.DueOn.IsZero() {
		v.Add("due_on", "مهلت را به شکل ۱۴۰۵/۰۹/۰۱ بنویسید.", "Enter the due date as 1405/09/01.")
	}
	if !slices.Contains(ActionStatuses, a.Status) {
		v.Add("status", "وضعیت را انتخاب کنید.", "Choose the status.")
	}
	return v.Err()
}

// ProjectStatuses lists a joint project's statuses in order.
var ProjectStatuses = []string{"idea", "study", "approved", "under_construction", "operating", "stopped"}

// Project is a joint investment project for a town's sustainable revenue.
type Project struct {
	ID              int64
	CoopID          int64
	TownID          int64
	TownName        string
	TownNameEn      string
	TownSlug        string
	Title           string
	Description     string
	Status          string
	ExpectedRevenue int64 // rials a year
	Partners        []Partner
	Stages          []Stage
	Documents       []Document
	UpdatedAt       time.Time
}

// Partner is an organization holding a capital share of a project.
type Partner struct {
	OrgID  int64
	NameFa string
	NameEn string
	Share  int64 // hundredths of a percent
}

// fullShare is 100%, in hundredths of a percent.
const fullShare = 10_000

// Validate checks a project before it is stored; the partners' standing
// is checked against the tree by the service.
func (p Project) Validate() error {
	var v apperr.Validation
	if p.TownID == 0 {
		v.Add("town", "شهر را انتخاب کنید.", "Choose the town.")
	}
	checkText(&v, "title", p.Title, maxTitle)
	if utf8.RuneCountInString(p.Description) > maxText {
		v.Add("description", "شرح حداکثر ۲۰۰۰ حرف است.", "The description is at most 2,000 characters.")
	}
	if !slices.Contains(ProjectStatuses, p.Status) {
		v.Add("status", "وضعیت را انتخاب کنید.", "Choose the status.")
	}
	if p.ExpectedRevenue < 0 {
		v.Add("expected_revenue", "درآمد سالانه مورد انتظار را به ریال بنویسید.", "Enter the expected yearly revenue in rials.")
	}
	checkShares(&v, p.Partners)
	return v.Err()
}

func checkShares(v *apperr.Validation, partners []Partner) {
	var sum int64
	for _, pt := range partners {
		if pt.Share <= 0 || pt.Share > fullShare {
			v.Add("shares", "سهم هر شریک باید بیش از صفر و حداکثر ۱۰۰ درصد باشد.", "Each partner's share must be above 0 and at most 100%.")
			return
		}
		sum += pt.Share
	}
	if sum != fullShare {
		v.Add("shares", "جمع سهم‌های سرمایه شریکان باید دقیقاً ۱۰۰ درصد باشد.", "The partners' capital shares must add up to exactly 100%.")
	}
}

// Stage is a step of a project.
type Stage struct {
	ID        int64
	Name      string
	PlannedOn time.Time
	Done      bool
}

// Document is a file attached to a project (its bytes are read apart).
type Document struct {
	ID          int64
	Name        string
	ContentType string
	Size        int64
}

func checkText(v *apperr.Validation, field, s string, max int) {
	if n := utf8.RuneCountInString(strings.TrimSpace(s)); n == 0 || n > max {
		v.Add(field, "این بخش را پر کنید (حداکثر "+i18n.Fa.Int(max)+" حرف).", "Fill this in (at most "+strconv.Itoa(max)+" characters).")
	}
}

func invalid(field, fa, en string) *apperr.Error {
	e := apperr.New(apperr.Invalid, fa, en)
	e.Fields = append(e.Fields, apperr.Field{Name: field, Msg: e.Msg})
	return e
}
