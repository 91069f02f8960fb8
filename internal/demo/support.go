package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/support"
)

// The Khorasan Razavi municipalities cooperation organization (seed 004)
// and its staff account, an administrator of the organization.
const (
	HamyariSlug  = "khorasan-razavi-hamyari"
	HamyariEmail = "hamyari@shahr.example"
)

// hamyariTowns are towns of Khorasan Razavi province. Populations are left
// unknown: the demo does not guess census figures. The tiers are the
// demo's illustration, not an official classification; Roshtkhar is
// less-developed as seed 004 says.
var hamyariTowns = []struct {
	slug, fa, en string
	tier         support.Tier
	revenue      string
}{
	{"roshtkhar", "رشتخوار", "Roshtkhar", support.LessDeveloped, "عوارض محلی و کمک‌های دولتی؛ بدون منبع درآمد پایدار"},
	{"bardaskan", "بردسکن", "Bardaskan", support.LessDeveloped, "عوارض محلی و کمک‌های دولتی"},
	{"khaf", "خواف", "Khaf", support.LessDeveloped, "عوارض محلی، عوارض حمل‌ونقل"},
	{"taybad", "تایباد", "Taybad", support.Developing, "عوارض محلی، بازارچه مرزی"},
	{"torbat-e-jam", "تربت جام", "Torbat-e Jam", support.Developing, "عوارض محلی، گردشگری زیارتی"},
	{"sarakhs", "سرخس", "Sarakhs", support.Developing, "عوارض محلی، منطقه ویژه اقتصادی"},
	{"dargaz", "درگز", "Dargaz", support.Developing, "عوارض محلی، کشاورزی"},
	{"fariman", "فریمان", "Fariman", support.Developing, "عوارض محلی، صنایع"},
	{"chenaran", "چناران", "Chenaran", support.Developed, "عوارض نوسازی و ساختمانی، صنایع"},
	{"kashmar", "کاشمر", "Kashmar", support.Developed, "عوارض نوسازی و ساختمانی، کسب‌وکار"},
}

// hamyariCompanies are some of the organization's group brands (seed 004).
var hamyariCompanies = []org.Input{
	{Slug: "hamyar-sazeh-toos", Kind: string(org.Company), NameFa: "شرکت همیار سازه توس", NameEn: "Hamyar Sazeh Toos Company"},
	{Slug: "hamyar-insurance", Kind: string(org.Company), NameFa: "شرکت خدمات بیمه‌ای همیار", NameEn: "Hamyar Insurance Services Company"},
	{Slug: "hashtyar-tourism", Kind: string(org.Company), NameFa: "موسسه توسعه گردشگری هشتیار", NameEn: "Hashtyar Tourism Development Institute"},
}

// loadSupport adds the cooperation organization with its towns, group
// companies, staff account, indicators, the Roshtkhar visit and a joint
// project, each only when missing.
func loadSupport(ctx context.Context, d Deps) error {
	coop, err := ensureOrg(ctx, d, nil, org.Input{Slug: HamyariSlug, Kind: string(org.CooperationOrg),
		NameFa: "سازمان همیاری شهرداری‌های خراسان رضوی", NameEn: "Khorasan Razavi Municipalities Cooperation Organization",
		DescriptionFa: "پشتیبان شهرداری‌های استان در خدمات، سرمایه‌گذاری و توانمندسازی، با اولویت شهرهای کوچک و کم‌برخوردار.",
		DescriptionEn: "The province's support body for its municipalities: services, investment and capacity building, small and less-developed towns first."})
	if err != nil {
		return err
	}
	for _, t := range hamyariTowns {
		if _, err := ensureOrg(ctx, d, &coop, org.Input{Slug: t.slug, Kind: string(org.Municipality),
			NameFa: "شهرداری " + t.fa, NameEn: t.en + " Municipality"}); err != nil {
			return err
		}
	}
	for _, c := range hamyariCompanies {
		if _, err := ensureOrg(ctx, d, &coop, c); err != nil {
			return err
		}
	}
	if err := ensureStaff(ctx, d.IDs, coop, HamyariEmail, "کارشناس سازمان همیاری"); err != nil {
		return err
	}
	svc := support.NewService(d.DB, d.Orgs, d.Now)
	if err := loadIndicators(ctx, svc, coop); err != nil {
		return err
	}
	if err := loadRoshtkharVisit(ctx, svc, coop, d.Now()); err != nil {
		return err
	}
	return loadJointProject(ctx, svc, d, coop)
}

// ensureOrg returns the organization with in's slug, creating it under
// parent when missing.
func ensureOrg(ctx context.Context, d Deps, parent *org.Org, in org.Input) (org.Org, error) {
	o, err := d.Orgs.BySlug(ctx, in.Slug)
	if apperr.Is(err, apperr.NotFound) {
		o, err = d.Orgs.Create(ctx, 0, parent, in)
	}
	if err != nil {
		return o, fmt.Errorf("%s: %w", in.Slug, err)
	}
	return o, nil
}

// ensureStaff creates a staff account with the demo password and makes it
// an administrator of o, unless the account exists.
func ensureStaff(ctx context.Context, ids *identity.Service, o org.Org, email, name string) error {
	if _, err := ids.FindByContact(ctx, email); err == nil {
		return nil
	}
	if _, err := ids.CreateStaff(ctx, 0, identity.StaffInput{Email: email, Name: name, Password: Password}); err != nil {
		return err
	}
	_, err := ids.Grant(ctx, 0, o.Ref(), email, string(auth.Admin))
	return err
}

// loadIndicators records each demo town's indicators unless it has some.
func loadIndicators(ctx context.Context, svc *support.Service, coop org.Org) error {
	asOf := jalali.Date{Year: 1405, Month: 7, Day: 1}.In(jalali.Tehran())
	for _, h := range hamyariTowns {
		t, err := svc.Town(ctx, coop, h.slug)
		if err != nil {
			return err
		}
		if t.Indicators.Tier != "" {
			continue
		}
		in := support.Indicators{TownID: t.ID, AsOf: asOf, Tier: h.tier, RevenueSources: h.revenue}
		if _, err := svc.SaveIndicators(ctx, 0, coop, in); err != nil {
			return err
		}
	}
	return nil
}

// loadRoshtkharVisit records seed 004's meeting in Roshtkhar (11 Esfand
// 1399) as a visit report, and plans the next visit, to Khaf.
func loadRoshtkharVisit(ctx context.Context, svc *support.Service, coop org.Org, now time.Time) error {
	if visits, err := svc.Visits(ctx, coop, 0); err != nil || len(visits) > 0 {
		return err
	}
	roshtkhar, err := svc.Town(ctx, coop, "roshtkhar")
	if err != nil {
		return err
	}
	day := jalali.Date{Year: 1399, Month: 12, Day: 11}.In(jalali.Tehran())
	v, err := svc.PlanVisit(ctx, 0, coop, support.Visit{TownID: roshtkhar.ID, PlannedOn: day,
		Purpose: "آشنایی با مسئولان شهری رشتخوار و شناسایی نیازها و ظرفیت‌ها برای همکاری و سرمایه‌گذاری مشترک"})
	if err != nil {
		return err
	}
	err = svc.RecordReport(ctx, 0, coop, v.ID, support.Report{VisitedOn: day,
		Summary: "مدیرعامل سازمان با شهردار و اعضای شورای شهر دیدار کرد؛ حمایت از شهرداری‌های کوچک و کم‌برخوردار و طرح‌های مشترک برای درآمد پایدار محور گفتگو بود.",
		Participants: []support.Participant{{Name: "محمد سنجری، مدیرعامل سازمان همیاری", Role: "org_staff"},
			{Name: "علی احمدپور، شهردار رشتخوار", Role: "mayor"}, {Name: "اعضای شورای اسلامی شهر رشتخوار", Role: "council_member"}}})
	if err != nil {
		return err
	}
	if err := addRoshtkharFindings(ctx, svc, coop, v.ID, now); err != nil {
		return err
	}
	khaf, err := svc.Town(ctx, coop, "khaf")
	if err != nil {
		return err
	}
	_, err = svc.PlanVisit(ctx, 0, coop, support.Visit{TownID: khaf.ID, PlannedOn: jalali.Today(now).AddDays(14).In(jalali.Tehran()),
		Purpose: "بازدید دوره‌ای: شناسایی نیازها، مشکلات، ظرفیت‌ها و پتانسیل‌های شهر"})
	return err
}

func addRoshtkharFindings(ctx context.Context, svc *support.Service, coop org.Org, visitID int64, now time.Time) error {
	for _, f := range []support.Finding{
		{Kind: "need", Category: "revenue", Priority: "high", Body: "منابع درآمدی پایدار برای اداره شهر و کاستن از وابستگی به کمک‌های دولتی"},
		{Kind: "need", Category: "management", Priority: "medium", Body: "توانمندسازی شهرداری کوچک در تدوین طرح‌های سرمایه‌گذاری"},
		{Kind: "potential", Category: "revenue", Priority: "medium", Body: "توانمندی‌های شهر برای طرح‌های درآمدزا که شهردار در جلسه برشمرد"},
		{Kind: "capacity", Category: "management", Priority: "medium", Body: "آمادگی شهرداری و شورای شهر برای همکاری با سازمان همیاری در برنامه‌ها و مصوبات"},
	} {
		if _, err := svc.AddFinding(ctx, 0, coop, visitID, f); err != nil {
			return err
		}
	}
	today := jalali.Today(now)
	for _, a := range []support.Action{
		{Title: "فهرست طرح‌های پیشنهادی سرمایه‌گذاری مشترک در رشتخوار", Owner: "معاونت سرمایه‌گذاری سازمان همیاری",
			DueOn: today.AddDays(30).In(jalali.Tehran())},
		{Title: "برنامه مدون بازدیدهای دوره‌ای از شهرداری‌های کوچک استان", Owner: "دفتر مدیرعامل",
			DueOn: today.AddDays(-10).In(jalali.Tehran())},
	} {
		if _, err := svc.AddAction(ctx, 0, coop, visitID, a); err != nil {
			return err
		}
	}
	return nil
}

// loadJointProject adds a joint project of the organization, Roshtkhar
// and Hamyar Sazeh Toos. The figures are the demo's own.
func loadJointProject(ctx context.Context, svc *support.Service, d Deps, coop org.Org) error {
	if ps, err := svc.Projects(ctx, coop, 0); err != nil || len(ps) > 0 {
		return err
	}
	town, err := svc.Town(ctx, coop, "roshtkhar")
	if err != nil {
		return err
	}
	company, err := d.Orgs.BySlug(ctx, "hamyar-sazeh-toos")
	if err != nil {
		return err
	}
	p, err := svc.CreateProject(ctx, 0, coop, support.Project{TownID: town.ID, Status: "study",
		Title:           "مجتمع خدماتی و تجاری شهرداری رشتخوار",
		Description:     "طرح مشترک برای درآمد پایدار شهرداری: ساخت و اجاره واحدهای خدماتی و تجاری در زمین شهرداری.",
		ExpectedRevenue: 8_000_000_000,
		Partners:        []support.Partner{{OrgID: coop.ID, Share: 4000}, {OrgID: town.ID, Share: 3000}, {OrgID: company.ID, Share: 3000}}})
	if err != nil {
		return err
	}
	start := jalali.Today(d.Now())
	for i, name := range []string{"مطالعه امکان‌سنجی", "تصویب در شورای شهر", "طراحی و اخذ مجوز", "اجرا"} {
		if _, err := svc.AddStage(ctx, 0, coop, p.ID, support.Stage{Name: name, PlannedOn: start.AddDays(60 * (i + 1)).In(jalali.Tehran())}); err != nil {
			return err
		}
	}
	return nil
}
