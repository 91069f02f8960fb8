// Package events is the networks' shared calendar: exhibitions, summits,
// an assembly's general and board sessions, seminars and training courses,
// with their organizers, exhibitors, registrations under a capacity and
// per-organization quotas, attendance, materials, a public calendar and
// an iCalendar feed.
package events

import (
	"slices"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
)

// Kind is what sort of gathering an event is.
type Kind string

const (
	Exhibition     Kind = "exhibition"
	Summit         Kind = "summit"
	GeneralSession Kind = "general_session"
	BoardSession   Kind = "board_session"
	Seminar        Kind = "seminar"
	TrainingCourse Kind = "training_course"
)

// Kinds lists every kind in the order forms and filters offer them.
var Kinds = []Kind{Exhibition, Summit, GeneralSession, BoardSession, Seminar, TrainingCourse}

var kindLabels = map[Kind]i18n.Text{
	Exhibition:     {Fa: "نمایشگاه", En: "Exhibition"},
	Summit:         {Fa: "اجلاس", En: "Summit"},
	GeneralSession: {Fa: "اجلاس عمومی مجمع", En: "General session"},
	BoardSession:   {Fa: "اجلاس هیئت رئیسه", En: "Board session"},
	Seminar:        {Fa: "همایش", En: "Seminar"},
	TrainingCourse: {Fa: "دوره آموزشی", En: "Training course"},
}

// Label is the kind's name for people.
func (k Kind) Label() i18n.Text { return kindLabels[k] }

// Status is where an event stands.
type Status string

const (
	Planned   Status = "planned"
	Open      Status = "open" // open for registration
	Closed    Status = "closed"
	Held      Status = "held"
	Cancelled Status = "cancelled"
)

// Statuses lists every status in the order an event goes through them.
var Statuses = []Status{Planned, Open, Closed, Held, Cancelled}

var statusLabels = map[Status]i18n.Text{
	Planned:   {Fa: "برنامه‌ریزی‌شده", En: "Planned"},
	Open:      {Fa: "در حال ثبت‌نام", En: "Open for registration"},
	Closed:    {Fa: "ثبت‌نام بسته شده", En: "Registration closed"},
	Held:      {Fa: "برگزار شده", En: "Held"},
	Cancelled: {Fa: "لغو شده", En: "Cancelled"},
}

// Label is the status's name for people.
func (s Status) Label() i18n.Text { return statusLabels[s] }

// Event is one gathering.
type Event struct {
	ID            int64
	Kind          Kind
	TitleFa       string
	TitleEn       string
	DescriptionFa string
	DescriptionEn string
	Organizers    []Organizer // the first is the owner
	HostOrgID     int64       // 0 when the host city is only named
	HostCity      string      // the host city's name when HostOrgID is 0
	HostNameFa    string      // read: the host organization's names
	HostNameEn    string
	Venue         string
	StartsAt      time.Time
	EndsAt        time.Time
	Status        Status
	Capacity      int64 // seats in all; 0 for no limit
	OrgQuota      int64 // seats per organization; 0 for no limit
	MembersOnly   bool  // only active members of the owner, an association, may register
	Registered    int64 // read: registrations not cancelled
	OwnerPath     string
	ownedBy       int64 // read by the lists: the owner's id (Organizers are not read)
}

// Organizer is an organization that runs an event.
type Organizer struct {
	OrgID  int64
	NameFa string
	NameEn string
	Kind   org.Kind // read
}

// Name is the organizer's name in l.
func (o Organizer) Name(l i18n.Lang) string { return i18n.Text{Fa: o.NameFa, En: o.NameEn}.In(l) }

// Title is the event's title in l, Persian when there is no English one.
func (e Event) Title(l i18n.Lang) string { return i18n.Text{Fa: e.TitleFa, En: e.TitleEn}.In(l) }

// Description is the event's description in l.
func (e Event) Description(l i18n.Lang) string {
	return i18n.Text{Fa: e.DescriptionFa, En: e.DescriptionEn}.In(l)
}

// City is the host city's name in l.
func (e Event) City(l i18n.Lang) string {
	if e.HostOrgID == 0 {
		return e.HostCity
	}
	return i18n.Text{Fa: e.HostNameFa, En: e.HostNameEn}.In(l)
}

// OwnerID is the organization whose staff manage the event.
func (e Event) OwnerID() int64 { return e.Owner().OrgID }

// Owner is the first organizer, whose staff manage the event.
func (e Event) Owner() Organizer {
	if len(e.Organizers) == 0 {
		return Organizer{}
	}
	return e.Organizers[0]
}

// SeatsLeft is how many seats remain, and false when there is no limit.
func (e Event) SeatsLeft() (int64, bool) {
	if e.Capacity == 0 {
		return 0, false
	}
	return max(e.Capacity-e.Registered, 0), true
}

const maxTitleLen = 300

func invalid(field, fa, en string) *apperr.Error {
	e := apperr.New(apperr.Invalid, fa, en)
	e.Fields = append(e.Fields, apperr.Field{Name: field, Msg: e.Msg})
	return e
}

// Validate checks an event before it is stored.
func (e Event) Validate() error {
	switch {
	case strings.TrimSpace(e.TitleFa) == "" || len([]rune(e.TitleFa)) > maxTitleLen:
		return invalid("title_fa", "عنوان رویداد را بنویسید (حداکثر ۳۰۰ نویسه).", "Give the event a title (at most 300 characters).")
	case !slices.Contains(Kinds, e.Kind):
		return invalid("kind", "نوع رویداد را انتخاب کنید.", "Choose the kind of event.")
	case !slices.Contains(Statuses, e.Status):
		return invalid("status", "وضعیت رویداد شناخته نیست.", "Unknown event status.")
	case len(e.Organizers) == 0:
		return invalid("organizers", "دست‌کم یک سازمان برگزارکننده لازم است.", "An event needs at least one organizer.")
	case e.HostOrgID == 0 && strings.TrimSpace(e.HostCity) == "":
		return invalid("host", "شهر میزبان را انتخاب کنید یا نام آن را بنویسید.", "Choose the host city or write its name.")
	case e.StartsAt.IsZero() || !e.EndsAt.After(e.StartsAt):
		return invalid("ends", "پایان رویداد باید پس از آغاز آن باشد.", "The event must end after it starts.")
	case e.Capacity < 0 || e.OrgQuota < 0:
		return invalid("capacity", "ظرفیت و سهمیه باید عدد صفر یا بیشتر باشد.", "Capacity and quota must be zero or more.")
	}
	return nil
}

// Registration is one person an organization sends to an event.
type Registration struct {
	ID          int64
	EventID     int64
	OrgID       int64
	OrgNameFa   string
	OrgNameEn   string
	OrgPath     string
	Name        string
	Role        string
	Email       string
	Phone       string
	Attended    bool
	CreatedAt   time.Time
	CancelledAt time.Time // zero while the registration holds
}

// Active says whether the registration holds a seat.
func (r Registration) Active() bool { return r.CancelledAt.IsZero() }

// Validate checks a registration before it is stored.
func (r Registration) Validate() error {
	switch {
	case strings.TrimSpace(r.Name) == "":
		return invalid("name", "نام شرکت‌کننده را بنویسید.", "Write the participant's name.")
	case strings.TrimSpace(r.Email) == "" && strings.TrimSpace(r.Phone) == "":
		return invalid("contact", "رایانامه یا شماره همراه شرکت‌کننده را بنویسید.", "Give the participant's email or mobile number.")
	case r.Email != "" && !strings.Contains(r.Email, "@"):
		return invalid("contact", "رایانامه درست نیست.", "The email address is not valid.")
	}
	return nil
}

// Exhibitor is an organization showing its work at an exhibition.
type Exhibitor struct {
	ID         int64
	EventID    int64
	OrgID      int64
	OrgSlug    string
	OrgNameFa  string
	OrgNameEn  string
	ShowcaseFa string
	ShowcaseEn string
}

// Material is a file or a link organizers attach to an event.
type Material struct {
	ID          int64
	EventID     int64
	TitleFa     string
	TitleEn     string
	URL         string // a link; "" for a file
	Name        string // a file's name
	ContentType string
	Size        int64
}

// Title is the material's title in l.
func (m Material) Title(l i18n.Lang) string { return i18n.Text{Fa: m.TitleFa, En: m.TitleEn}.In(l) }
