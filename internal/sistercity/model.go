// Package sistercity is sister-city agreements (خواهرخواندگی) between two
// cities, inside Iran or abroad: their parties, status and its history,
// dates, areas of cooperation, documents, contacts and activity, and the
// gazetteer of cities outside the installation that agreements name.
package sistercity

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
)

// Status is where an agreement stands.
type Status string

const (
	Proposed    Status = "proposed"
	Negotiating Status = "negotiating"
	Signed      Status = "signed"
	Active      Status = "active"
	Dormant     Status = "dormant"
	Ended       Status = "ended"
)

// Statuses lists the statuses in the order an agreement lives through them.
var Statuses = []Status{Proposed, Negotiating, Signed, Active, Dormant, Ended}

// transitions are the moves a status change may make. Ended is final: a
// pair of cities has one agreement, and a dormant one can be revived.
var transitions = map[Status][]Status{
	Proposed:    {Negotiating, Signed, Ended},
	Negotiating: {Signed, Ended},
	Signed:      {Active, Dormant, Ended},
	Active:      {Dormant, Ended},
	Dormant:     {Active, Ended},
}

// Next lists the statuses s may move to.
func (s Status) Next() []Status { return transitions[s] }

// CanMove says whether s may change to to.
func (s Status) CanMove(to Status) bool { return slices.Contains(transitions[s], to) }

// wasSigned says whether an agreement in s has been signed.
func (s Status) wasSigned() bool { return s != Proposed && s != Negotiating }

// Area is a field the two cities cooperate in.
type Area string

// Areas is the fixed set, in the order forms list them.
var Areas = []Area{"culture", "urban_planning", "transport", "environment", "economy", "tourism", "education", "health"}

// DocKind is what a document is.
type DocKind string

// DocKinds: the signed text, memoranda, anything else.
var DocKinds = []DocKind{"signed_text", "memorandum", "other"}

// ActivityKind is what the two cities did together.
type ActivityKind string

// ActivityKinds: visits, exchanges, joint events.
var ActivityKinds = []ActivityKind{"visit", "exchange", "joint_event"}

// City is a gazetteer entry: a city outside the installation.
type City struct {
	ID         int64
	NameFa     string
	NameEn     string
	NameLocal  string // in the city's own language; may be empty
	LocalLang  string // its BCP 47 tag ("ko", "de"); may be empty
	Country    string // ISO 3166-1 alpha-2
	Population int64  // 0: unknown
	Lat, Lon   *float64
}

// Name is the city's name in l.
func (c City) Name(l i18n.Lang) string { return pick(l, c.NameFa, c.NameEn) }

// Party is one side of an agreement: an organization of the installation
// (OrgID) or a gazetteer city (CityID). The names are read with it.
type Party struct {
	OrgID   int64
	CityID  int64
	OrgSlug string
	OrgPath string
	NameFa  string
	NameEn  string
	Country string
}

// Name is the party's name in l.
func (p Party) Name(l i18n.Lang) string { return pick(l, p.NameFa, p.NameEn) }

// key identifies the party inside an agreement's pair key.
func (p Party) key() string {
	if p.OrgID != 0 {
		return "o" + itoa(p.OrgID)
	}
	return "c" + itoa(p.CityID)
}

// Agreement is a sister-city relationship between two parties. Dates are
// days (midnight in Tehran); the zero time is an unknown day.
type Agreement struct {
	ID            int64
	Parties       [2]Party
	Status        Status
	ProposedOn    time.Time
	SignedOn      time.Time
	EndedOn       time.Time
	Areas         []Area
	DescriptionFa string
	DescriptionEn string
	CreatedAt     time.Time
}

// Title names the two parties: "شهرداری تهران – سئول".
func (a Agreement) Title(l i18n.Lang) string {
	return a.Parties[0].Name(l) + " – " + a.Parties[1].Name(l)
}

// Description is the description in l, the Persian when there is no English.
func (a Agreement) Description(l i18n.Lang) string { return pick(l, a.DescriptionFa, a.DescriptionEn) }

// pairKey is the same for both orders of the two parties.
func (a Agreement) pairKey() string {
	k := []string{a.Parties[0].key(), a.Parties[1].key()}
	slices.Sort(k)
	return strings.Join(k, "|")
}

// StatusChange is one line of an agreement's status history.
type StatusChange struct {
	Status    Status
	Note      string
	ActorName string // "" for the installation itself
	At        time.Time
	actorID   int64 // 0 for the installation itself
}

// Document is an attached file's description.
type Document struct {
	ID          int64
	AgreementID int64
	Kind        DocKind
	Title       string
	Name        string
	ContentType string
	Size        int64
	At          time.Time
}

// Contact is a person to talk to on one side (Position 1 or 2).
type Contact struct {
	ID       int64
	Position int
	Name     string
	Role     string
	Email    string
	Phone    string
}

// Activity is something the two cities did together.
type Activity struct {
	ID            int64
	Kind          ActivityKind
	On            time.Time // zero: the day is not known
	DescriptionFa string
	DescriptionEn string
	OrgID         int64 // the party whose staff recorded it
}

// Description is the description in l.
func (a Activity) Description(l i18n.Lang) string { return pick(l, a.DescriptionFa, a.DescriptionEn) }

func invalid(field, fa, en string) *apperr.Error {
	e := apperr.New(apperr.Invalid, fa, en)
	e.Fields = append(e.Fields, apperr.Field{Name: field, Msg: e.Msg})
	return e
}

// langTag is the shape of a BCP 47 tag: a language and optional subtags.
// It is compiled at the first validation, not at start-up.
var langTag = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`) })

// normalize trims the city's text and upper-cases its country code.
func (c *City) normalize() {
	for _, s := range []*string{&c.NameFa, &c.NameEn, &c.NameLocal, &c.LocalLang} {
		*s = strings.TrimSpace(*s)
	}
	c.Country = strings.ToUpper(strings.TrimSpace(c.Country))
}

// Validate checks a gazetteer entry before it is stored.
func (c City) Validate() error {
	var v apperr.Validation
	if c.NameFa == "" {
		v.Add("name_fa", "نام فارسی شهر را بنویسید.", "Give the city's name in Persian.")
	}
	if c.NameEn == "" {
		v.Add("name_en", "نام انگلیسی شهر را بنویسید.", "Give the city's name in English.")
	}
	if !ValidCountry(c.Country) {
		v.Add("country", "کد کشور باید یکی از کدهای دوحرفی ISO 3166 باشد (مانند KR).", "The country must be an ISO 3166 two-letter code (such as KR).")
	}
	if c.LocalLang != "" && !langTag().MatchString(c.LocalLang) {
		v.Add("local_lang", "کد زبان باید به شکل BCP 47 باشد (مانند ko یا de).", "The language must be a BCP 47 tag (such as ko or de).")
	}
	if c.Population < 0 {
		v.Add("population", "جمعیت نمی‌تواند منفی باشد.", "The population cannot be negative.")
	}
	if (c.Lat == nil) != (c.Lon == nil) || c.Lat != nil && (*c.Lat < -90 || *c.Lat > 90 || *c.Lon < -180 || *c.Lon > 180) {
		v.Add("lat", "عرض جغرافیایی (۹۰- تا ۹۰) و طول جغرافیایی (۱۸۰- تا ۱۸۰) را با هم بنویسید.", "Give latitude (-90 to 90) and longitude (-180 to 180) together.")
	}
	return v.Err()
}

// Validate checks an agreement before it is stored: two distinct parties,
// at least one of them in the installation, known areas, and dates that
// fit the status and come in order.
func (a Agreement) Validate() error {
	p0, p1 := a.Parties[0], a.Parties[1]
	switch {
	case !p0.valid() || !p1.valid():
		return invalid("party", "هر دو طرف توافق را انتخاب کنید.", "Choose both parties of the agreement.")
	case p0.key() == p1.key():
		return invalid("party", "دو طرف توافق باید دو شهر متفاوت باشند.", "The two parties must be different cities.")
	case p0.OrgID == 0 && p1.OrgID == 0:
		return invalid("party", "دست‌کم یک طرف باید شهرداری عضو این سامانه باشد.", "At least one party must be a municipality of this installation.")
	case !slices.Contains(Statuses, a.Status):
		return invalid("status", "وضعیت شناخته نیست.", "Unknown status.")
	}
	for _, ar := range a.Areas {
		if !slices.Contains(Areas, ar) {
			return invalid("areas", "زمینه همکاری شناخته نیست.", "Unknown area of cooperation.")
		}
	}
	return a.validateDates()
}

func (p Party) valid() bool { return (p.OrgID > 0) != (p.CityID > 0) }

func (a Agreement) validateDates() error {
	switch {
	case !a.SignedOn.IsZero() && !a.Status.wasSigned():
		return invalid("signed_on", "توافقی که امضا نشده تاریخ امضا ندارد.", "An agreement not yet signed has no signing date.")
	case !a.EndedOn.IsZero() && a.Status != Ended:
		return invalid("ended_on", "فقط توافق پایان‌یافته تاریخ پایان دارد.", "Only an ended agreement has an end date.")
	case before(a.SignedOn, a.ProposedOn) || before(a.EndedOn, a.SignedOn) || before(a.EndedOn, a.ProposedOn):
		return invalid("signed_on", "تاریخ‌ها باید به ترتیب باشند: پیشنهاد، امضا، پایان.", "The dates must come in order: proposed, signed, ended.")
	}
	return nil
}

// before says whether both days are known and a comes before b.
func before(a, b time.Time) bool { return !a.IsZero() && !b.IsZero() && a.Before(b) }

// Validate checks a contact.
func (c Contact) Validate() error {
	var v apperr.Validation
	if strings.TrimSpace(c.Name) == "" {
		v.Add("name", "نام فرد را بنویسید.", "Give the person's name.")
	}
	if c.Position != 1 && c.Position != 2 {
		v.Add("position", "طرفی را که این فرد از آن است انتخاب کنید.", "Choose which party the person belongs to.")
	}
	if c.Email != "" && !strings.Contains(c.Email, "@") {
		v.Add("email", "نشانی رایانامه درست نیست.", "The email address is not valid.")
	}
	return v.Err()
}

// Validate checks an activity.
func (a Activity) Validate() error {
	var v apperr.Validation
	if !slices.Contains(ActivityKinds, a.Kind) {
		v.Add("kind", "نوع فعالیت را انتخاب کنید.", "Choose the kind of activity.")
	}
	if strings.TrimSpace(a.DescriptionFa) == "" {
		v.Add("description_fa", "شرح فعالیت را به فارسی بنویسید.", "Describe the activity in Persian.")
	}
	return v.Err()
}

// pick is the English text in English when there is one, else the Persian.
func pick(l i18n.Lang, fa, en string) string {
	if l == i18n.En && en != "" {
		return en
	}
	return fa
}

// sortAreas puts areas in the fixed set's order.
func sortAreas(as []Area) {
	slices.SortFunc(as, func(a, b Area) int { return slices.Index(Areas, a) - slices.Index(Areas, b) })
}
