// Package network is the associations of cities: each association's
// profile (mission, secretariat, membership criteria, fees, benefits), the
// membership workflow from a municipality's draft application through its
// council's approval, the secretariat's decision and the yearly fees to a
// lapse or a renewal, every step kept in a history; the commissions,
// working groups and networks inside an association with their meetings;
// and benefits members use within a yearly quota.
package network

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/persian"
)

// Currencies a fee may be set in (ISO 4217); amounts are in the
// currency's minor unit: rials, euro and dollar cents.
var Currencies = []string{"IRR", "EUR", "USD"}

// Profile is what an association says about itself.
type Profile struct {
	OrgID                  int64
	MissionFa, MissionEn   string
	FoundedYear            int // 0: unknown
	SecretariatFa          string
	SecretariatEn          string
	CityFa, CityEn         string // the secretariat's city
	MinPopulation          int64  // 0: no threshold
	CriteriaFa, CriteriaEn string
	FeeAmount              int64 // yearly, in minor units
	FeeCurrency            string
	GraceDays              int // an unpaid membership lapses this many days after the due date
	BenefitsFa, BenefitsEn []string
	UpdatedAt              time.Time
}

func invalid(field, fa, en string) error {
	var v apperr.Validation
	v.Add(field, fa, en)
	return v.Err()
}

// Validate normalizes the profile's texts and checks its figures.
func (p *Profile) Validate() error {
	for _, s := range []*string{&p.MissionFa, &p.SecretariatFa, &p.CityFa, &p.CriteriaFa} {
		*s = persian.Normalize(*s)
	}
	p.BenefitsFa, p.BenefitsEn = cleanLines(p.BenefitsFa, true), cleanLines(p.BenefitsEn, false)
	var v apperr.Validation
	if p.MissionFa == "" || utf8.RuneCountInString(p.MissionFa) > 2000 {
		v.Add("mission_fa", "مأموریت انجمن را (حداکثر ۲۰۰۰ نویسه) بنویسید.", "Describe the association's mission (at most 2,000 characters).")
	}
	if p.FoundedYear != 0 && (p.FoundedYear < 1800 || p.FoundedYear > 2100) {
		v.Add("founded_year", "سال تأسیس را به میلادی بنویسید، مثلاً ۱۹۸۵.", "Give the founding year in the Gregorian calendar, e.g. 1985.")
	}
	if p.MinPopulation < 0 {
		v.Add("min_population", "حداقل جمعیت نمی‌تواند منفی باشد.", "The minimum population cannot be negative.")
	}
	if p.FeeAmount < 0 || !slices.Contains(Currencies, p.FeeCurrency) {
		v.Add("fee_amount", "حق عضویت سالانه و واحد پول (IRR، EUR یا USD) را درست وارد کنید.", "Enter the yearly fee and its currency (IRR, EUR or USD).")
	}
	if p.GraceDays < 0 || p.GraceDays > 365 {
		v.Add("grace_days", "مهلت پرداخت باید بین ۰ تا ۳۶۵ روز باشد.", "The grace period must be 0 to 365 days.")
	}
	return v.Err()
}

// cleanLines trims a list, drops empty entries and, for Persian text,
// normalizes it.
func cleanLines(lines []string, fa bool) []string {
	var out []string
	for _, l := range lines {
		if fa {
			l = persian.Normalize(l)
		}
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Eligible says whether an organization of this population meets the
// association's population threshold. An unknown population (0) meets no
// threshold.
func (p Profile) Eligible(population int64) bool {
	return p.MinPopulation == 0 || population >= p.MinPopulation
}

// Status is where a membership stands.
type Status string

const (
	Draft           Status = "draft"            // the municipality is writing its application
	CouncilApproved Status = "council_approved" // the city council approved it
	Submitted       Status = "submitted"        // the letter went to the secretariat
	Accepted        Status = "accepted"         // the secretariat accepted it
	Refused         Status = "refused"          // the secretariat refused it, with a reason
	Active          Status = "active"           // a member since a date
	Lapsed          Status = "lapsed"           // a fee was unpaid past the grace period
)

// next is the workflow: the statuses each status may move to.
var next = map[Status][]Status{
	Draft:           {CouncilApproved},
	CouncilApproved: {Submitted},
	Submitted:       {Accepted, Refused},
	Accepted:        {Active},
	Active:          {Lapsed},
	Lapsed:          {Active}, // renewed: the overdue fees were paid
}

var statusLabels = map[Status]i18n.Text{
	Draft:           {Fa: "پیش‌نویس", En: "Draft"},
	CouncilApproved: {Fa: "مصوب شورا", En: "Approved by the council"},
	Submitted:       {Fa: "ارسال‌شده به دبیرخانه", En: "Sent to the secretariat"},
	Accepted:        {Fa: "پذیرفته‌شده", En: "Accepted"},
	Refused:         {Fa: "ردشده", En: "Refused"},
	Active:          {Fa: "عضو فعال", En: "Active member"},
	Lapsed:          {Fa: "معلق به سبب پرداخت‌نشدن حق عضویت", En: "Lapsed for an unpaid fee"},
}

// Label is the status's name for people.
func (s Status) Label() i18n.Text { return statusLabels[s] }

// Open says whether a membership in this status still counts: an
// organization has at most one open membership of an association.
func (s Status) Open() bool { return s != Refused && s != Lapsed }

// errTransition is the 409 for a step the workflow does not allow.
func errTransition(from, to Status) error {
	return apperr.New(apperr.Conflict,
		"این کار ممکن نیست: عضویت در وضعیت «"+from.Label().Fa+"» است و نمی‌تواند به «"+to.Label().Fa+"» برود.",
		"Not possible: the membership is "+strings.ToLower(from.Label().En)+" and cannot become "+strings.ToLower(to.Label().En)+".")
}

// may reports whether the workflow lets a membership in s move to to.
func (s Status) may(to Status) bool { return slices.Contains(next[s], to) }

// checkStep returns errTransition unless the workflow allows from → to.
func checkStep(from, to Status) error {
	if !from.may(to) {
		return errTransition(from, to)
	}
	return nil
}

// steps are the workflow's steps a membership's page offers, read from
// next: the applicant records the council's approval and sends the
// letter; the secretariat decides, activates an accepted member (a lapsed
// one is renewed by paying, not here) and bills an active one.
type steps struct {
	Council, Submit           bool
	Decide, Activate, Invoice bool
}

// stepsFrom are the steps open to a membership in s.
func stepsFrom(s Status) steps {
	return steps{Council: s.may(CouncilApproved), Submit: s.may(Submitted), Decide: s.may(Accepted) && s.may(Refused),
		Activate: s.may(Active) && s.Open(), Invoice: s == Active}
}

// Urgency is how the city council took up the bill: as ordinary
// business, or with one or two degrees of urgency (یک/دو فوریت).
type Urgency string

const (
	Ordinary Urgency = "ordinary"
	Single   Urgency = "single"
	Double   Urgency = "double"
)

// Urgencies lists them in the order forms offer them.
var Urgencies = []Urgency{Ordinary, Single, Double}

var urgencyLabels = map[Urgency]i18n.Text{
	Ordinary: {Fa: "عادی", En: "Ordinary"},
	Single:   {Fa: "با قید یک فوریت", En: "With single urgency"},
	Double:   {Fa: "با قید دو فوریت", En: "With double urgency"},
}

// Label is the urgency's name for people.
func (u Urgency) Label() i18n.Text { return urgencyLabels[u] }

// Membership is an organization's membership of an association.
type Membership struct {
	ID             int64
	AssociationID  int64
	MemberID       int64
	AssocSlug      string
	AssocPath      string
	AssocName      i18n.Text
	MemberSlug     string
	MemberPath     string
	MemberName     i18n.Text
	Population     int64 // the member's
	Status         Status
	Justification  string
	ResolutionNo   string
	ResolutionDate string // Jalali, as the council wrote it: 1401/05/12
	Session        string
	Urgency        Urgency
	LetterRef      string
	OverrideReason string
	RefusalReason  string
	Since          time.Time // zero until active
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Council is the city council's approval of an application.
type Council struct {
	ResolutionNo string
	Date         string // Jalali, any digits
	Session      string // e.g. "first public session"
	Urgency      Urgency
}

// Step is one transition of a membership.
type Step struct {
	From, To  Status
	Action    string // apply, council, submit, override, accept, refuse, activate, invoice, renew, lapse
	ActorID   int64  // 0: the system
	ActorName string
	At        time.Time
	Note      string
}

// Invoice is a yearly fee of a membership.
type Invoice struct {
	ID           int64
	MembershipID int64
	MemberName   i18n.Text
	Year         int
	Amount       int64
	Currency     string
	IssuedAt     time.Time
	DueAt        time.Time
	PaidAt       time.Time // zero: unpaid
	PaymentRef   string
	memberID     int64 // read: the member organization, whose names MemberName are
}

// Paid says whether the invoice was paid.
func (i Invoice) Paid() bool { return !i.PaidAt.IsZero() }

// GroupKind is what sort of body inside an association a group is.
type GroupKind string

const (
	Commission   GroupKind = "commission"
	WorkingGroup GroupKind = "working_group"
	Network      GroupKind = "network"
)

// GroupKinds lists them in the order forms offer them.
var GroupKinds = []GroupKind{Commission, WorkingGroup, Network}

var groupLabels = map[GroupKind]i18n.Text{
	Commission:   {Fa: "کمیسیون", En: "Commission"},
	WorkingGroup: {Fa: "کارگروه", En: "Working group"},
	Network:      {Fa: "شبکه", En: "Network"},
}

// Label is the kind's name for people.
func (k GroupKind) Label() i18n.Text { return groupLabels[k] }

// Group is a commission, working group or network of an association.
type Group struct {
	ID            int64
	AssociationID int64
	Kind          GroupKind
	Name          i18n.Text
	Members       []i18n.Text // the member organizations' names
}

// Meeting is a group's meeting.
type Meeting struct {
	ID      int64
	GroupID int64
	HeldOn  time.Time
	Agenda  []string
	Minutes string
}

// Benefit is something members may use a number of times a year.
type Benefit struct {
	ID            int64
	AssociationID int64
	Name          i18n.Text
	SeatsPerYear  int
}

// Allocation is a seat of a benefit given to one of a member's staff.
type Allocation struct {
	ID           int64
	BenefitID    int64
	MembershipID int64
	MemberName   i18n.Text
	Year         int // Jalali
	Person       string
	Event        string
	Usage        string // reported after the event
	At           time.Time
	memberID     int64 // read: the member organization, whose names MemberName are
}
