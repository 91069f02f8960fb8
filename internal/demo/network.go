package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/network"
	"github.com/shahr-city/shahr/internal/upload"
)

// The networks demo's staff accounts (password Password).
const (
	MetropolisEmail = "metropolis@shahr.example" // Metropolis's secretariat
	KarajEmail      = "karaj@shahr.example"      // Karaj municipality's international affairs
	AssemblyEmail   = "assembly@shahr.example"   // the assembly of council chairs' secretariat
)

// loadNetwork adds the associations' profiles, commissions, benefits and
// memberships (seeds 000 and 002) unless Metropolis already has its
// profile: Karaj's membership of Metropolis with its whole history, and
// the host cities' councils as members of the assembly.
func loadNetwork(ctx context.Context, d Deps) error {
	svc := network.NewService(d.DB, d.Orgs, d.IDs, d.Now)
	metropolis, err := d.Orgs.BySlug(ctx, MetropolisSlug)
	if err != nil {
		return err
	}
	if _, has, err := svc.Profile(ctx, metropolis.ID); err != nil || has {
		return err
	}
	ids, err := networkAccounts(ctx, d)
	if err != nil {
		return err
	}
	if err := loadMetropolis(ctx, d, svc, metropolis.ID, ids); err != nil {
		return fmt.Errorf("metropolis: %w", err)
	}
	if err := loadAssembly(ctx, d, svc, ids[AssemblyEmail]); err != nil {
		return fmt.Errorf("assembly: %w", err)
	}
	return nil
}

// networkAccounts creates the demo's staff accounts of the networks with
// their roles and returns their ids by email.
func networkAccounts(ctx context.Context, d Deps) (map[string]int64, error) {
	accounts := []struct{ email, name, org string }{
		{MetropolisEmail, "دبیرخانه متروپلیس", MetropolisSlug},
		{KarajEmail, "امور بین‌الملل شهرداری کرج", "karaj"},
		{AssemblyEmail, "دبیرخانه مجمع روسای شوراها", AssemblySlug},
	}
	ids := map[string]int64{}
	for _, a := range accounts {
		u, err := d.IDs.CreateStaff(ctx, 0, identity.StaffInput{Email: a.email, Name: a.name, Password: Password})
		if apperr.Is(err, apperr.Conflict) {
			u, err = d.IDs.FindByContact(ctx, a.email)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a.email, err)
		}
		o, err := d.Orgs.BySlug(ctx, a.org)
		if err != nil {
			return nil, err
		}
		if _, err := d.IDs.Grant(ctx, 0, o.Ref(), a.email, string(auth.Secretariat)); err != nil && !apperr.Is(err, apperr.Conflict) {
			return nil, err
		}
		ids[a.email] = u.ID
	}
	return ids, nil
}

func loadMetropolis(ctx context.Context, d Deps, svc *network.Service, id int64, ids map[string]int64) error {
	sec := ids[MetropolisEmail]
	_, err := svc.SaveProfile(ctx, sec, MetropolisSlug, network.Profile{
		MissionFa:     "گسترش همکاری میان کلانشهرهای جهان و تبادل تجربه‌های مدیریت شهری میان اعضا.",
		MissionEn:     "Cooperation between the world's major metropolises and the exchange of urban-management experience among members.",
		FoundedYear:   1985,
		SecretariatFa: "دبیرخانه کل متروپلیس", SecretariatEn: "Metropolis General Secretariat", CityFa: "بارسلون", CityEn: "Barcelona",
		MinPopulation: 2_000_000, CriteriaFa: "شهرهای دارای بیش از دو میلیون نفر جمعیت", CriteriaEn: "Cities of more than two million people",
		FeeAmount: 7_000_00, FeeCurrency: "EUR", GraceDays: 90,
		BenefitsFa: []string{"شرکت در کمیسیون‌های پنج‌گانه", "شرکت رایگان سه کارشناس در سال در دوره‌های آموزشی خارج از کشور",
			"حضور در نشست مشترک شهرداران کلانشهرهای جهان", "ارتباط با شهرهای مهم جهان برای خواهرخواندگی"},
		BenefitsEn: []string{"A seat on the five commissions", "Three experts a year attend training courses abroad free",
			"The joint meeting of the mayors of the world's metropolises", "Links with major cities for sister-city ties"},
	})
	if err != nil {
		return err
	}
	if err := addGroups(ctx, svc, sec, id, metropolisGroups); err != nil {
		return err
	}
	training, err := svc.CreateBenefit(ctx, sec, network.Benefit{AssociationID: id, SeatsPerYear: 3,
		Name: i18n.Text{Fa: "دوره آموزشی رایگان خارج از کشور", En: "Free training course abroad"}})
	if err != nil {
		return err
	}
	m, err := karajMembership(ctx, d, svc, ids)
	if err != nil {
		return err
	}
	_, err = svc.Allocate(ctx, sec, id, training.ID, m.ID, "کارشناس برنامه‌ریزی شهری شهرداری کرج", "دوره آموزشی مدیریت یکپارچه شهری")
	return err
}

var metropolisGroups = []network.Group{
	{Kind: network.Commission, Name: i18n.Text{Fa: "کمیسیون محیط زیست", En: "Environment commission"}},
	{Kind: network.Commission, Name: i18n.Text{Fa: "کمیسیون امنیت غذایی", En: "Food security commission"}},
	{Kind: network.Commission, Name: i18n.Text{Fa: "کمیسیون مدیریت رشد شهری", En: "Urban growth management commission"}},
	{Kind: network.Commission, Name: i18n.Text{Fa: "کمیسیون مدیریت یکپارچه شهری", En: "Integrated urban management commission"}},
	{Kind: network.Commission, Name: i18n.Text{Fa: "کمیسیون نوآوری شهری", En: "Urban innovation commission"}},
	{Kind: network.Network, Name: i18n.Text{Fa: "شبکه زنان متروپلیس", En: "Metropolis Women network"}},
}

func addGroups(ctx context.Context, svc *network.Service, actor, assocID int64, groups []network.Group) error {
	for _, g := range groups {
		g.AssociationID = assocID
		if _, err := svc.CreateGroup(ctx, actor, g); err != nil {
			return err
		}
	}
	return nil
}

// demoPDF is a one-page justification report.
var demoPDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

// karajMembership takes Karaj through every step of seed 000: the
// application with its report, the council's approval with double
// urgency in its first public session, the letter, the secretariat's
// waiver of the two-million threshold, acceptance, and the first fee paid.
func karajMembership(ctx context.Context, d Deps, svc *network.Service, ids map[string]int64) (network.Membership, error) {
	karaj, err := d.Orgs.BySlug(ctx, "karaj")
	if err != nil {
		return network.Membership{}, err
	}
	staff, sec := ids[KarajEmail], ids[MetropolisEmail]
	m, err := svc.Apply(ctx, staff, karaj.ID, MetropolisSlug,
		"عضویت در متروپلیس برای کرج فرصت تبادل تجربه با کلانشهرهای جهان، آموزش کارشناسان، یافتن منابع درآمدی پایدار و ارتباط خواهرخواندگی با شهرهای مهم جهان فراهم می‌کند.",
		[]upload.File{{Name: "گزارش توجیهی عضویت در متروپلیس.pdf", Data: demoPDF}})
	if err != nil {
		return m, err
	}
	steps := []func() (network.Membership, error){
		func() (network.Membership, error) {
			return svc.RecordCouncil(ctx, staff, m.ID, network.Council{ResolutionNo: "۱۲۴۵/ش", Date: "1405/07/15",
				Session: "نخستین جلسه علنی شورا", Urgency: network.Double})
		},
		func() (network.Membership, error) { return svc.Submit(ctx, staff, m.ID, "۸۸۲۰/۱۴۰۵") },
		func() (network.Membership, error) {
			return svc.Override(ctx, sec, m.ID, "کرج مرکز منطقه کلانشهری البرز است و با پیرامونش بیش از دو میلیون نفر جمعیت دارد.")
		},
		func() (network.Membership, error) { return svc.Accept(ctx, sec, m.ID) },
		func() (network.Membership, error) { return svc.Activate(ctx, sec, m.ID, demoDay("1405/08/01")) },
	}
	for _, step := range steps {
		if m, err = step(); err != nil {
			return m, err
		}
	}
	inv, err := svc.IssueInvoice(ctx, sec, m.ID, 1405, demoDay("1405/10/01"), 0)
	if err != nil {
		return m, err
	}
	_, err = svc.RecordPayment(ctx, sec, m.AssociationID, inv.ID, demoDay("1405/08/20"), "SWIFT-KRJ-1405")
	return m, err
}

// demoDay is a Jalali date's start in Tehran; the demo's dates are valid.
func demoDay(s string) time.Time {
	d, _ := jalali.Parse(s)
	return d.In(jalali.Tehran())
}

// assemblyHosts are the councils of the host cities of the assembly's
// fifth-term sessions (seed 002), all members.
var assemblyHosts = []string{"tehran-council", "mashhad-council", "shiraz-council", "semnan-council",
	"urmia-council", "hamedan-council", "rasht-council", "karaj-council"}

func loadAssembly(ctx context.Context, d Deps, svc *network.Service, sec int64) error {
	assembly, err := d.Orgs.BySlug(ctx, AssemblySlug)
	if err != nil {
		return err
	}
	if _, err := svc.SaveProfile(ctx, sec, AssemblySlug, network.Profile{
		MissionFa:     "هم‌اندیشی روسای شوراهای اسلامی کلانشهرها و مراکز استان‌ها، انتقال تجربه‌های شوراها و پیگیری پیشنهادهای نشست‌های تخصصی نزد شورای‌عالی استان‌ها، مجلس و دولت.",
		MissionEn:     "The council chairs of the metropolises and provincial capitals confer, share their councils' experience and take the proposals of their specialist sessions to the High Council of Provinces, parliament and government.",
		SecretariatFa: "دبیرخانه دائمی مجمع", SecretariatEn: "The assembly's permanent secretariat", CityFa: "تهران", CityEn: "Tehran",
		CriteriaFa: "شوراهای اسلامی کلانشهرها و مراکز استان‌ها", CriteriaEn: "City councils of the metropolises and provincial capitals",
		FeeAmount: 500_000_000, FeeCurrency: "IRR", GraceDays: 60,
		BenefitsFa: []string{"شرکت در اجلاس‌های عمومی و هیئت‌رئیسه", "کمیسیون‌های تخصصی مجمع"},
		BenefitsEn: []string{"The general and board sessions", "The assembly's specialist commissions"},
	}); err != nil {
		return err
	}
	if err := addGroups(ctx, svc, sec, assembly.ID, []network.Group{
		{Kind: network.Commission, Name: i18n.Text{Fa: "کمیسیون گردشگری", En: "Tourism commission"}},
		{Kind: network.Commission, Name: i18n.Text{Fa: "کمیسیون معماری و شهرسازی", En: "Architecture and urban planning commission"}},
	}); err != nil {
		return err
	}
	for _, slug := range assemblyHosts {
		if err := councilMember(ctx, d, svc, sec, slug); err != nil {
			return fmt.Errorf("%s: %w", slug, err)
		}
	}
	return nil
}

// councilMember takes a host city's council through the assembly's
// workflow to an active membership from the start of the fifth term.
func councilMember(ctx context.Context, d Deps, svc *network.Service, sec int64, slug string) error {
	council, err := d.Orgs.BySlug(ctx, slug)
	if err != nil {
		return err
	}
	m, err := svc.Apply(ctx, 0, council.ID, AssemblySlug, "عضویت شورا در مجمع روسای شوراهای کلانشهرها و مراکز استان‌ها برای دوره پنجم.", nil)
	if err != nil {
		return err
	}
	if _, err := svc.RecordCouncil(ctx, 0, m.ID, network.Council{ResolutionNo: "۱۰۱", Date: "1396/06/01",
		Session: "جلسه علنی شورا", Urgency: network.Ordinary}); err != nil {
		return err
	}
	if _, err := svc.Submit(ctx, 0, m.ID, "۱"); err != nil {
		return err
	}
	if _, err := svc.Accept(ctx, sec, m.ID); err != nil {
		return err
	}
	_, err = svc.Activate(ctx, sec, m.ID, demoDay("1396/06/15"))
	return err
}
