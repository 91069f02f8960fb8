// Package practices is the library of good practices that member
// organizations share with each other: what problem a city had, what it
// did, what came of it, and whom to ask. A practice is written by the
// staff of the organization that shares it, published when ready, and
// may be taken down by the installation's operator with a reason.
package practices

import (
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/web/bitext"
)

// Status is where a practice stands.
type Status string

const (
	Draft       Status = "draft"       // seen only by its organization's staff
	Published   Status = "published"   // in the public library
	Unpublished Status = "unpublished" // taken down by the operator, with a reason
)

// Labels of the statuses, for staff pages.
var statusLabels = map[Status]i18n.Text{
	Draft:       {Fa: "پیش‌نویس", En: "Draft"},
	Published:   {Fa: "منتشرشده", En: "Published"},
	Unpublished: {Fa: "برداشته‌شده", En: "Taken down"},
}

// Label names the status in l.
func (s Status) Label(l i18n.Lang) string { return statusLabels[s].In(l) }

// Limits on what a practice holds.
const (
	maxTitle  = 200
	maxText   = 10000
	maxTags   = 10
	maxTag    = 40
	maxGroups = 10
	// maxTagsLine is the tags field: maxTags tags and their separators.
	maxTagsLine = maxTags * (maxTag + 2)
)

// Practice is one shared experience.
type Practice struct {
	ID                   int64
	OrgID                int64 // the city (or district) that shares it
	OrgPath              string
	OrgSlug              string
	OrgNameFa, OrgNameEn string
	TitleFa, TitleEn     string
	ProblemFa, ProblemEn string
	ActionFa, ActionEn   string // what was done
	ResultsFa, ResultsEn string
	Tags                 []string // free topic tags
	Groups               []int64  // the associations' commissions, working groups and networks it belongs to
	ContactName          string
	ContactEmail         string
	ContactPhone         string
	Status               Status
	UnpublishReason      string
	CreatedBy            int64
	CreatedAt, UpdatedAt time.Time
	PublishedAt          time.Time // zero until first published
}

// Actor is who performs a use case: a user, and whether they are the
// installation's operator (who alone takes practices down and restores
// them).
type Actor struct {
	ID       int64
	Operator bool
}

var invalid = bitext.Invalid

// Validate checks a practice's texts before it is stored.
func (p Practice) Validate() error {
	switch {
	case strings.TrimSpace(p.TitleFa) == "":
		return invalid("title_fa", "عنوان تجربه را بنویسید.", "Give the practice a title.")
	case utf8.RuneCountInString(p.TitleFa) > maxTitle || utf8.RuneCountInString(p.TitleEn) > maxTitle:
		return invalid("title_fa", "عنوان بیش از ۲۰۰ نویسه است.", "The title is longer than 200 characters.")
	case strings.TrimSpace(p.ProblemFa) == "":
		return invalid("problem_fa", "مسئله‌ای را که شهر با آن روبه‌رو بود بنویسید.", "Describe the problem the city faced.")
	case strings.TrimSpace(p.ActionFa) == "":
		return invalid("action_fa", "بنویسید چه کاری انجام شد.", "Describe what was done.")
	case tooLong(p.ProblemFa, p.ProblemEn, p.ActionFa, p.ActionEn, p.ResultsFa, p.ResultsEn):
		return invalid("problem_fa", "هر متن حداکثر ۱۰٬۰۰۰ نویسه است.", "Each text is at most 10,000 characters.")
	case strings.TrimSpace(p.ContactName) == "":
		return invalid("contact_name", "نام فردی را که می‌شود با او تماس گرفت بنویسید.", "Give the name of a contact person.")
	case p.ContactEmail == "" && p.ContactPhone == "":
		return invalid("contact_email", "دست‌کم یک راه تماس (رایانامه یا تلفن) بنویسید.", "Give at least one way to reach the contact: email or phone.")
	case p.ContactEmail != "" && !validEmail(p.ContactEmail):
		return invalid("contact_email", "نشانی رایانامه درست نیست.", "The email address is not valid.")
	case p.ContactPhone != "" && !bitext.Phone(p.ContactPhone):
		return invalid("contact_phone", "شماره تلفن فقط رقم، فاصله، خط تیره و + است.", "A phone number takes digits, spaces, hyphens and + only.")
	case len(p.Tags) > maxTags:
		return invalid("tags", "حداکثر ۱۰ برچسب.", "At most 10 tags.")
	case len(p.Groups) > maxGroups:
		return invalid("groups", "حداکثر ۱۰ کمیسیون، کارگروه یا شبکه.", "At most 10 commissions, working groups or networks.")
	}
	for _, t := range p.Tags {
		if utf8.RuneCountInString(t) > maxTag {
			return invalid("tags", "هر برچسب حداکثر ۴۰ نویسه است.", "Each tag is at most 40 characters.")
		}
	}
	return nil
}

func tooLong(texts ...string) bool {
	for _, t := range texts {
		if utf8.RuneCountInString(t) > maxText {
			return true
		}
	}
	return false
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// SplitTags reads tags as typed: separated by commas (Latin or Persian)
// or new lines, each trimmed, empty ones and repeats (by search key)
// dropped.
func SplitTags(s string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '،' || r == '\n' || r == '\r' }) {
		t = strings.TrimSpace(t)
		if k := persian.SearchKey(t); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	return out
}

// normalize keeps each group once, in order, before the practice is
// checked and stored.
func (p *Practice) normalize() {
	p.Groups = slices.Compact(slices.Sorted(slices.Values(p.Groups)))
}

// searchKey is what a search matches: the title, the problem, what was
// done and the results, in both languages.
func (p Practice) searchKey() string {
	return bitext.Key(p.TitleFa, p.TitleEn, p.ProblemFa, p.ProblemEn, p.ActionFa, p.ActionEn, p.ResultsFa, p.ResultsEn)
}

// OrgName is the sharing organization's name in l.
func (p Practice) OrgName(l i18n.Lang) string {
	return i18n.Text{Fa: p.OrgNameFa, En: p.OrgNameEn}.In(l)
}
