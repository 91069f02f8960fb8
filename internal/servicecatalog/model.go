// Package servicecatalog is the catalog of the services each municipality
// or district offers its citizens: what a service is, who can use it, how
// to apply and where, and what it costs, so that citizens know what their
// municipality offers. The organization's editors keep it; a service no
// longer offered is retired, not deleted.
package servicecatalog

import (
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/web/bitext"
)

// Category groups services on the public pages.
type Category string

// Categories in the order the filter lists them.
var Categories = []Category{"permits", "urban", "transport", "culture", "sports", "environment", "social", "taxes", "other"}

var categoryLabels = map[Category]i18n.Text{
	"permits":     {Fa: "پروانه‌ها و مجوزها", En: "Permits and licences"},
	"urban":       {Fa: "خدمات شهری", En: "City services"},
	"transport":   {Fa: "حمل‌ونقل و ترافیک", En: "Transport and traffic"},
	"culture":     {Fa: "فرهنگ و هنر", En: "Culture and arts"},
	"sports":      {Fa: "ورزش", En: "Sports"},
	"environment": {Fa: "محیط زیست و فضای سبز", En: "Environment and green space"},
	"social":      {Fa: "خدمات اجتماعی", En: "Social services"},
	"taxes":       {Fa: "عوارض و هزینه‌ها", En: "Taxes and fees"},
	"other":       {Fa: "سایر", En: "Other"},
}

// Label names the category in l.
func (c Category) Label(l i18n.Lang) string { return categoryLabels[c].In(l) }

const (
	maxTitle = 200
	maxLine  = 500 // an address, opening hours
	maxText  = 5000
)

// Item is one service an organization offers.
type Item struct {
	ID                           int64
	OrgID                        int64
	OrgPath, OrgSlug             string
	OrgNameFa, OrgNameEn         string
	Category                     Category
	TitleFa, TitleEn             string
	DescriptionFa, DescriptionEn string
	EligibilityFa, EligibilityEn string // who can use it
	StepsFa, StepsEn             string // how to apply, one step a line
	OnlineURL                    string // where to apply online; "" for none
	AddressFa, AddressEn         string
	HoursFa, HoursEn             string
	Phone                        string
	FeesFa, FeesEn               string
	RetiredAt                    time.Time // zero while offered
	CreatedAt, UpdatedAt         time.Time
}

var invalid = bitext.Invalid

// Validate checks a service before it is stored.
func (it Item) Validate() error {
	switch {
	case strings.TrimSpace(it.TitleFa) == "":
		return invalid("title_fa", "عنوان خدمت را بنویسید.", "Give the service a title.")
	case utf8.RuneCountInString(it.TitleFa) > maxTitle || utf8.RuneCountInString(it.TitleEn) > maxTitle:
		return invalid("title_fa", "عنوان بیش از ۲۰۰ نویسه است.", "The title is longer than 200 characters.")
	case !slices.Contains(Categories, it.Category):
		return invalid("category", "دسته خدمت را برگزینید.", "Choose the service's category.")
	case strings.TrimSpace(it.DescriptionFa) == "":
		return invalid("description_fa", "توضیح دهید این خدمت چیست.", "Describe what the service is.")
	case it.OnlineURL != "" && !webAddress(it.OnlineURL):
		return invalid("online_url", "نشانی درخواست برخط باید با http:// یا https:// آغاز شود.", "The online address must start with http:// or https://.")
	case it.Phone != "" && !bitext.Phone(it.Phone):
		return invalid("phone", "شماره تلفن فقط رقم، فاصله، خط تیره و + است.", "A phone number takes digits, spaces, hyphens and + only.")
	}
	for _, t := range it.texts() {
		if utf8.RuneCountInString(*t) > maxText {
			return invalid("description_fa", "هر متن حداکثر ۵٬۰۰۰ نویسه است.", "Each text is at most 5,000 characters.")
		}
	}
	return nil
}

func webAddress(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// texts maps the form's text fields to the item's.
func (it *Item) texts() map[string]*string {
	return map[string]*string{"title_fa": &it.TitleFa, "title_en": &it.TitleEn,
		"description_fa": &it.DescriptionFa, "description_en": &it.DescriptionEn,
		"eligibility_fa": &it.EligibilityFa, "eligibility_en": &it.EligibilityEn,
		"steps_fa": &it.StepsFa, "steps_en": &it.StepsEn, "online_url": &it.OnlineURL,
		"address_fa": &it.AddressFa, "address_en": &it.AddressEn, "hours_fa": &it.HoursFa, "hours_en": &it.HoursEn,
		"phone": &it.Phone, "fees_fa": &it.FeesFa, "fees_en": &it.FeesEn}
}

// searchKey is what a search matches: title, description, who can use it
// and the category's name, in both languages.
func (it Item) searchKey() string {
	c := categoryLabels[it.Category]
	return bitext.Key(it.TitleFa, it.TitleEn, it.DescriptionFa, it.DescriptionEn, it.EligibilityFa, it.EligibilityEn, c.Fa, c.En)
}

// OrgName is the offering organization's name in l.
func (it Item) OrgName(l i18n.Lang) string {
	return i18n.Text{Fa: it.OrgNameFa, En: it.OrgNameEn}.In(l)
}
