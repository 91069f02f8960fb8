// Package org is the tree of organizations an installation serves:
// municipalities and their districts, sub-districts and neighbourhoods,
// city councils, associations of cities, provincial cooperation
// organizations and their companies. Every other module hangs its records
// on an organization, and roles are granted per organization.
package org

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/geojson"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/web"
)

// Kind is what sort of body an organization is.
type Kind string

const (
	Municipality   Kind = "municipality"
	District       Kind = "district"      // منطقه
	SubDistrict    Kind = "sub_district"  // ناحیه
	Neighbourhood  Kind = "neighbourhood" // محله
	CityCouncil    Kind = "city_council"
	Association    Kind = "association"
	CooperationOrg Kind = "cooperation_org"
	Company        Kind = "company"
)

// Kinds lists every kind, in the order forms offer them.
var Kinds = []Kind{Municipality, District, SubDistrict, Neighbourhood, CityCouncil, Association, CooperationOrg, Company}

var kindLabels = map[Kind]i18n.Text{
	Municipality:   {Fa: "شهرداری", En: "Municipality"},
	District:       {Fa: "منطقه", En: "District"},
	SubDistrict:    {Fa: "ناحیه", En: "Sub-district"},
	Neighbourhood:  {Fa: "محله", En: "Neighbourhood"},
	CityCouncil:    {Fa: "شورای اسلامی شهر", En: "City council"},
	Association:    {Fa: "انجمن / مجمع", En: "Association"},
	CooperationOrg: {Fa: "سازمان همیاری شهرداری‌ها", En: "Municipalities cooperation organization"},
	Company:        {Fa: "شرکت", En: "Company"},
}

// Label is the kind's name for people.
func (k Kind) Label() i18n.Text { return kindLabels[k] }

// parents says under which kinds each kind may stand; "" means it may be a
// root. A district belongs to a municipality; a town's municipality may
// belong to its province's cooperation organization, which hosts it.
var parents = map[Kind][]Kind{
	Municipality:   {"", CooperationOrg},
	District:       {Municipality},
	SubDistrict:    {District},
	Neighbourhood:  {District, SubDistrict},
	CityCouncil:    {"", Municipality, CooperationOrg},
	Association:    {""},
	CooperationOrg: {""},
	Company:        {"", Municipality, CooperationOrg, Association},
}

// IsArea reports whether the kind is a part of a city where people live,
// so that residence can be verified in it.
func (k Kind) IsArea() bool { return k == District || k == SubDistrict || k == Neighbourhood }

// MayStandUnder reports whether a k may be a child of parent ("" for a root).
func (k Kind) MayStandUnder(parent Kind) bool { return slices.Contains(parents[k], parent) }

// ChildKinds lists the kinds that may stand under k.
func (k Kind) ChildKinds() []Kind {
	var out []Kind
	for _, c := range Kinds {
		if c.MayStandUnder(k) {
			out = append(out, c)
		}
	}
	return out
}

// Org is one organization.
type Org struct {
	ID            int64
	ParentID      int64 // 0 for a root
	Slug          string
	Kind          Kind
	Path          string // "/1/5/23/": the ids from the root down to this one
	NameFa        string
	NameEn        string
	NameKey       string `json:"-"` // the Persian name's search key as stored; only the lookups for other modules read it
	DescriptionFa string
	DescriptionEn string
	Website       string
	Population    int64  // 0 when unknown
	Geometry      string // GeoJSON, "" when none
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Name is the organization's name in l, falling back to Persian.
func (o Org) Name(l i18n.Lang) string { return i18n.Text{Fa: o.NameFa, En: o.NameEn}.In(l) }

// Description is the description in l, falling back to Persian.
func (o Org) Description(l i18n.Lang) string {
	return i18n.Text{Fa: o.DescriptionFa, En: o.DescriptionEn}.In(l)
}

// Ref is what access checks need.
func (o Org) Ref() auth.OrgRef { return auth.OrgRef{ID: o.ID, Path: o.Path} }

// Depth is how many ancestors the organization has.
func (o Org) Depth() int { return strings.Count(o.Path, "/") - 2 }

// AncestorIDs are the ids on the path above this organization, root first.
func (o Org) AncestorIDs() []int64 {
	var ids []int64
	for _, part := range strings.Split(strings.Trim(o.Path, "/"), "/") {
		id, err := strconv.ParseInt(part, 10, 64)
		if err == nil && id != o.ID {
			ids = append(ids, id)
		}
	}
	return ids
}

// Shape parses the geometry for drawing; ok is false when there is none.
func (o Org) Shape() (geojson.Shape, bool) {
	if o.Geometry == "" {
		return geojson.Shape{}, false
	}
	s, err := geojson.Parse([]byte(o.Geometry))
	return s, err == nil
}

// Input is an organization as a form or the command line submits it. The
// slug and kind are fixed at creation; the rest may be edited.
type Input struct {
	Slug          string
	Kind          string
	NameFa        string
	NameEn        string
	NameKey       string `json:"-"` // the Persian name's search key as stored; only the lookups for other modules read it
	DescriptionFa string
	DescriptionEn string
	Website       string
	Population    string // digits in any script; "" when unknown
	Geometry      string // GeoJSON; "" for none
}

// slugPattern is compiled at the first validation, not at start-up.
var slugPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9-]{1,62}[a-z0-9]$`) })

// reservedSlugs would clash with fixed paths under /orgs and /admin/orgs.
var reservedSlugs = []string{"new", "edit", "search", "api", "admin", "static"}

// validate checks the input and returns the organization fields it sets.
func (in Input) validate(creating bool) (Org, error) {
	var v apperr.Validation
	o := Org{
		Slug: strings.ToLower(strings.TrimSpace(in.Slug)), Kind: Kind(strings.TrimSpace(in.Kind)),
		NameFa: persian.Normalize(in.NameFa), NameEn: strings.TrimSpace(in.NameEn),
		DescriptionFa: strings.TrimSpace(in.DescriptionFa), DescriptionEn: strings.TrimSpace(in.DescriptionEn),
		Website: strings.TrimSpace(in.Website),
	}
	if creating {
		validateSlug(&v, o.Slug)
		if !slices.Contains(Kinds, o.Kind) {
			v.Add("kind", "نوع سازمان را انتخاب کنید.", "Choose the kind of organization.")
		}
	}
	validateNames(&v, o)
	validateWebsite(&v, o.Website)
	o.Population = parsePopulation(&v, in.Population)
	o.Geometry = parseGeometry(&v, in.Geometry)
	return o, v.Err()
}

func validateSlug(v *apperr.Validation, slug string) {
	if !slugPattern().MatchString(slug) || strings.Contains(slug, "--") || slices.Contains(reservedSlugs, slug) {
		v.Add("slug", "نشانی کوتاه باید ۳ تا ۶۴ حرف کوچک لاتین، رقم یا خط تیره باشد و با حرف شروع شود؛ مثلاً tehran-district-21.",
			"The short address must be 3 to 64 lowercase Latin letters, digits or hyphens, starting with a letter; for example tehran-district-21.")
	}
}

func validateNames(v *apperr.Validation, o Org) {
	if o.NameFa == "" || utf8.RuneCountInString(o.NameFa) > maxName {
		v.Add("name_fa", "نام فارسی را بنویسید (حداکثر ۲۰۰ حرف).", "Enter the Persian name (at most 200 characters).")
	}
	if utf8.RuneCountInString(o.NameEn) > maxName {
		v.Add("name_en", "نام انگلیسی حداکثر ۲۰۰ حرف است.", "The English name is at most 200 characters.")
	}
	if utf8.RuneCountInString(o.DescriptionFa) > maxDescription || utf8.RuneCountInString(o.DescriptionEn) > maxDescription {
		v.Add("description_fa", "توضیحات حداکثر ۵۰۰۰ حرف است.", "The description is at most 5,000 characters.")
	}
}

func validateWebsite(v *apperr.Validation, site string) {
	if site == "" {
		return
	}
	u, err := url.Parse(site)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(site) > maxWebsite {
		v.Add("website", "نشانی وبگاه باید با https:// شروع شود.", "The website address must start with https://.")
	}
}

// maxPopulation is far above any city's, and keeps the field sane.
const maxPopulation = 100_000_000

func parsePopulation(v *apperr.Validation, s string) int64 {
	n, ok := persian.ParseWhole(s)
	if !ok || n > maxPopulation {
		v.Add("population", "جمعیت باید عددی بین ۰ و ۱۰۰ میلیون باشد.", "Population must be a whole number from 0 to 100 million.")
		return 0
	}
	return n
}

func parseGeometry(v *apperr.Validation, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	shape, err := geojson.Parse([]byte(s))
	if err != nil {
		v.Add("geometry", "محدوده باید GeoJSON معتبر از نوع Point، Polygon یا MultiPolygon با مختصات [طول، عرض] باشد.",
			"The boundary must be valid GeoJSON: a Point, Polygon or MultiPolygon with [longitude, latitude] positions.")
		return ""
	}
	return shape.JSON()
}

// Cards lists organizations as links in l: to their public pages under
// "/orgs/", or their staff pages under "/admin/orgs/".
func Cards(orgs []Org, l i18n.Lang, base string) web.Cards {
	out := make(web.Cards, len(orgs))
	for i, o := range orgs {
		out[i] = web.Card{URL: base + o.Slug, Title: o.Name(l), Note: o.Kind.Label().In(l)}
	}
	return out
}
