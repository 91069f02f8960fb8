// Package demo loads the demonstration content that `shahr serve --demo`
// shows on first start: Tehran municipality with its 22 districts and
// District 21's neighbourhoods, Tehran city council and Karaj
// municipality, drawn from the facts in the source articles, plus two staff
// accounts to sign in with, and District 21's "I am Mayor" processes with
// their citizens, proposals and ballots (budgeting.go).
package demo

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/store"
)

// The demo accounts. They exist only when --demo loaded the content; the
// log says so at start-up.
const (
	AdminEmail      = "admin@shahr.example"
	District21Email = "district21@shahr.example"
	Password        = "shahr-demo-1405"
)

// Populations from the 1395 (2016) national census.
const (
	tehranPopulation = 8_693_706
	karajPopulation  = 1_592_492
)

// Load adds the demo content unless it is already there. It is safe to
// call on every start. now is the application's clock: the budgeting
// processes' phases are placed around it.
func Load(ctx context.Context, db *store.DB, orgs *org.Service, ids *identity.Service, now func() time.Time, log *slog.Logger) error {
	if _, err := orgs.BySlug(ctx, "tehran"); err == nil {
		return loadModules(ctx, Deps{db, orgs, ids, now, log})
	} else if !apperr.Is(err, apperr.NotFound) {
		return err
	}
	tehran, err := orgs.Create(ctx, 0, nil, org.Input{Slug: "tehran", Kind: string(org.Municipality),
		NameFa: "شهرداری تهران", NameEn: "Tehran Municipality", Population: strconv.Itoa(tehranPopulation), Geometry: cityPoint("tehran"),
		DescriptionFa: "شهرداری کلانشهر تهران با مناطق ۲۲ گانه.", DescriptionEn: "The municipality of the Tehran metropolis and its 22 districts.",
		Website: "https://www.tehran.ir"})
	if err != nil {
		return err
	}
	d21, err := loadDistricts(ctx, orgs, tehran)
	if err != nil {
		return err
	}
	if err := loadNeighbourhoods(ctx, orgs, d21); err != nil {
		return err
	}
	if err := loadOthers(ctx, orgs); err != nil {
		return err
	}
	// Citizens before staff, so that the staff accounts head the
	// operator's list of users.
	if err := addCitizens(ctx, db, orgs, now); err != nil {
		return err
	}
	if err := loadAccounts(ctx, ids, d21); err != nil {
		return err
	}
	log.Warn("demo content loaded; demo staff accounts exist — do not use --demo in production",
		"admin", AdminEmail, "district21_admin", District21Email, "password", Password)
	return loadModules(ctx, Deps{db, orgs, ids, now, log})
}

// Deps is what the modules' demo loaders work with.
type Deps struct {
	DB   *store.DB
	Orgs *org.Service
	IDs  *identity.Service
	Now  func() time.Time
	Log  *slog.Logger
}

// moduleLoaders add each module's demo content on top of the
// organizations and accounts. Each runs on every start and adds only what
// is missing, so a newer version adds its module's content to an older
// demo database.
var moduleLoaders = []func(context.Context, Deps) error{
	loadNetworkOrgs,
	loadNetwork,
	loadPractices,
	func(ctx context.Context, d Deps) error { return loadBudgeting(ctx, d.DB, d.Orgs, d.IDs, d.Now, d.Log) },
	loadEvents,
	loadSisterCities,
	loadSupport,
}

func loadModules(ctx context.Context, d Deps) error {
	for _, load := range moduleLoaders {
		if err := load(ctx, d); err != nil {
			return err
		}
	}
	return nil
}

func loadDistricts(ctx context.Context, orgs *org.Service, tehran org.Org) (org.Org, error) {
	var d21 org.Org
	for n := 1; n <= 22; n++ {
		in := org.Input{Slug: fmt.Sprintf("tehran-district-%d", n), Kind: string(org.District),
			NameFa: fmt.Sprintf("منطقه %d", n), NameEn: fmt.Sprintf("District %d", n)}
		if n == 21 {
			in.DescriptionFa = "شهرداری منطقه ۲۱ تهران در غرب شهر؛ شهروندان، کارگران و مدیران صنایع منطقه در طرح «من شهردارم» پروژه‌های عمرانی، فرهنگی، خدمات شهری و ورزشی پیشنهاد می‌دهند."
			in.DescriptionEn = "Tehran's District 21 in the west of the city, where residents, workers and industry managers propose civil-works, cultural, urban-services and sports projects in the \"I am Mayor\" programme."
		}
		d, err := orgs.Create(ctx, 0, &tehran, in)
		if err != nil {
			return d21, err
		}
		if n == 21 {
			d21 = d
		}
	}
	return d21, nil
}

// district21Neighbourhoods are neighbourhoods of District 21 (names are
// facts; the list leaves out streets and duplicate spellings).
var district21Neighbourhoods = []struct{ slug, fa, en string }{
	{"tehransar-west", "تهرانسر غربی", "West Tehransar"},
	{"tehransar-east", "تهرانسر شرقی", "East Tehransar"},
	{"tehransar-central", "تهرانسر مرکزی", "Central Tehransar"},
	{"tehransar-north", "تهرانسر شمالی", "North Tehransar"},
	{"bashgah-naft", "باشگاه نفت", "Bashgah-e Naft"},
	{"shahrak-pasdaran", "شهرک پاسداران", "Shahrak-e Pasdaran"},
	{"shahrak-azadi", "شهرک آزادی", "Shahrak-e Azadi"},
	{"shahrak-farhangian", "شهرک فرهنگیان", "Shahrak-e Farhangian"},
	{"shahrak-esteghlal", "شهرک استقلال", "Shahrak-e Esteghlal"},
	{"shahrak-daneshgah", "شهرک دانشگاه", "Shahrak-e Daneshgah"},
	{"chitgar-north", "چیتگر شمالی", "North Chitgar"},
	{"chitgar-south", "چیتگر جنوبی", "South Chitgar"},
	{"villashahr", "ویلاشهر", "Villashahr"},
	{"vardavard", "وردآورد", "Vardavard"},
	{"shahrak-ghazali", "شهرک غزالی", "Shahrak-e Ghazali"},
}

func loadNeighbourhoods(ctx context.Context, orgs *org.Service, d21 org.Org) error {
	for _, n := range district21Neighbourhoods {
		_, err := orgs.Create(ctx, 0, &d21, org.Input{Slug: "tehran-21-" + n.slug, Kind: string(org.Neighbourhood),
			NameFa: n.fa, NameEn: n.en})
		if err != nil {
			return fmt.Errorf("neighbourhood %s: %w", n.slug, err)
		}
	}
	return nil
}

func loadOthers(ctx context.Context, orgs *org.Service) error {
	others := []org.Input{
		{Slug: "tehran-council", Kind: string(org.CityCouncil), NameFa: "شورای اسلامی شهر تهران", NameEn: "Tehran City Council",
			DescriptionFa: "شورای اسلامی شهر تهران بر کار شهرداری تهران نظارت می‌کند و لوایح آن را تصویب می‌کند.",
			DescriptionEn: "Tehran City Council oversees Tehran Municipality and approves its bills."},
		{Slug: "karaj", Kind: string(org.Municipality), NameFa: "شهرداری کرج", NameEn: "Karaj Municipality", Geometry: cityPoint("karaj"),
			Population:    strconv.Itoa(karajPopulation),
			DescriptionFa: "شهرداری کلانشهر کرج؛ عضو انجمن بین‌المللی کلانشهرهای جهان (متروپلیس).",
			DescriptionEn: "The municipality of the Karaj metropolis; a member of Metropolis, the World Association of Major Metropolises."},
	}
	for _, in := range others {
		if _, err := orgs.Create(ctx, 0, nil, in); err != nil {
			return fmt.Errorf("%s: %w", in.Slug, err)
		}
	}
	return nil
}

func loadAccounts(ctx context.Context, ids *identity.Service, d21 org.Org) error {
	if _, err := ids.CreateStaff(ctx, 0, identity.StaffInput{Email: AdminEmail, Name: "مدیر سامانه",
		Password: Password, Superuser: true}); err != nil {
		return err
	}
	if _, err := ids.CreateStaff(ctx, 0, identity.StaffInput{Email: District21Email, Name: "کارشناس منطقه ۲۱",
		Password: Password}); err != nil {
		return err
	}
	_, err := ids.Grant(ctx, 0, d21.Ref(), District21Email, string(auth.Admin))
	return err
}
