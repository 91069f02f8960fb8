package demo

import (
	"context"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/sistercity"
)

// The sister-city demo (seeds 000 and 001): Tehran and Seoul, whose 1977
// agreement named Teheran-ro in Seoul and Seoul Street in Tehran, with the
// Tehran sister-cities exhibition of seed 001 in its activity log; two
// proposals marked as such. Days nobody here is sure of are left empty.
// Populations are rounded recent official estimates of the city proper.
var demoGazetteer = []sistercity.City{
	{NameFa: "سئول", NameEn: "Seoul", NameLocal: "서울", LocalLang: "ko", Country: "KR", Population: 9_400_000,
		Lat: ptr(37.5665), Lon: ptr(126.9780)},
	{NameFa: "وایمار", NameEn: "Weimar", NameLocal: "Weimar", LocalLang: "de", Country: "DE", Population: 65_000,
		Lat: ptr(50.9795), Lon: ptr(11.3235)},
}

func ptr(f float64) *float64 { return &f }

// demoAgreement is one agreement between a demo municipality (by slug)
// and a gazetteer city (by English name) or another municipality.
type demoAgreement struct {
	org, partnerOrg, partnerCity string
	status                       sistercity.Status
	areas                        []sistercity.Area
	fa, en                       string
	activity                     []sistercity.Activity
}

var demoAgreements = []demoAgreement{
	{org: "tehran", partnerCity: "Seoul", status: sistercity.Active,
		areas: []sistercity.Area{"culture", "urban_planning", "transport"},
		fa:    "تهران و سئول در سال ۱۳۵۶ (۱۹۷۷) خواهرخوانده شدند؛ به همین نام، خیابانی در سئول «تهران‌رو» و خیابانی در تهران «سئول» نام گرفت. روز امضای توافق در این نسخه نمایشی ثبت نشده است.",
		en:    "Tehran and Seoul became sister cities in 1977; in its honour a street in Seoul was named Teheran-ro and a street in Tehran Seoul Street. The day of signing is not recorded in this demo.",
		activity: []sistercity.Activity{{Kind: "joint_event",
			DescriptionFa: "نمایشگاه خواهرشهرها و مهارت‌های مدیریت شهری در تهران: شهرداری تهران و مناطقش، مجمع کلانشهرها و شرکت‌های دانش‌بنیان توانمندی‌های حکمرانی شهری را نشان دادند و شهردارانی از داخل و خارج کشور در آن تجربه‌هایشان را با هم در میان گذاشتند.",
			DescriptionEn: "The sister cities and urban management skills exhibition in Tehran: Tehran Municipality and its districts, the assembly of metropolises and knowledge-based companies showed what urban governance can do, and mayors from Iran and abroad exchanged experience there."}}},
	{org: "shiraz", partnerCity: "Weimar", status: sistercity.Proposed, areas: []sistercity.Area{"culture", "tourism"},
		fa: "وایمار، شهر گوته، از سال ۲۰۰۰ بنای یادبود گوته و حافظ را دارد. در این نسخه نمایشی، خواهرخواندگی دو شهر تنها یک پیشنهاد است.",
		en: "Weimar, Goethe's city, has had the Goethe–Hafez monument since 2000. In this demo the two cities' relationship is only a proposal."},
	{org: "mashhad", partnerOrg: "shiraz", status: sistercity.Proposed, areas: []sistercity.Area{"tourism", "culture"},
		fa: "پیشنهادی نمایشی میان دو شهر: تبادل تجربه در گردشگری زیارتی و فرهنگی.",
		en: "A demo proposal between two cities of this installation: sharing experience in pilgrimage and cultural tourism."},
}

// loadSisterCities adds the gazetteer cities and agreements that are
// missing; an agreement's activity is added only with the agreement.
func loadSisterCities(ctx context.Context, d Deps) error {
	svc := sistercity.NewService(d.DB, d.Orgs, d.IDs, d.Now)
	cities := map[string]int64{}
	for _, c := range demoGazetteer {
		id, err := gazetteerCity(ctx, svc, c)
		if err != nil {
			return err
		}
		cities[c.NameEn] = id
	}
	operator := &auth.Principal{Superuser: true}
	for _, da := range demoAgreements {
		a := sistercity.Agreement{Status: da.status, Areas: da.areas, DescriptionFa: da.fa, DescriptionEn: da.en}
		o, err := d.Orgs.BySlug(ctx, da.org)
		if err != nil {
			return err
		}
		a.Parties[0].OrgID, a.Parties[1].CityID = o.ID, cities[da.partnerCity]
		if da.partnerOrg != "" {
			p, err := d.Orgs.BySlug(ctx, da.partnerOrg)
			if err != nil {
				return err
			}
			a.Parties[1].OrgID = p.ID
		}
		a, err = svc.Create(ctx, operator, a)
		if apperr.Is(err, apperr.Conflict) {
			continue // added on an earlier start
		}
		if err != nil {
			return err
		}
		for _, act := range da.activity {
			if _, err := svc.AddActivity(ctx, operator, a.ID, act); err != nil {
				return err
			}
		}
	}
	return nil
}

// gazetteerCity adds c to the gazetteer unless it is there, and returns its id.
func gazetteerCity(ctx context.Context, svc *sistercity.Service, c sistercity.City) (int64, error) {
	found, err := svc.Cities(ctx, c.NameEn)
	if err != nil {
		return 0, err
	}
	for _, f := range found {
		if f.NameEn == c.NameEn && f.Country == c.Country {
			return f.ID, nil
		}
	}
	c, err = svc.SaveCity(ctx, 0, c)
	return c.ID, err
}
