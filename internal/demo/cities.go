package demo

import (
	"context"
	"fmt"
	"strconv"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/org"
)

// The cities the networks of cities work with (seeds 000, 001, 002): the
// host cities of the assembly of council chairs' fifth-term sessions, with
// their municipalities and councils, and the two associations. The
// network, sister-city, events and support demos refer to them by slug.
// Populations are the 1395 (2016) census's; coordinates are the city
// centres'.
type demoCity struct {
	slug, fa, en string
	population   int
	lat, lon     float64
}

var hostCities = []demoCity{
	{"tehran", "تهران", "Tehran", tehranPopulation, 35.6892, 51.3890},
	{"karaj", "کرج", "Karaj", karajPopulation, 35.8400, 50.9391},
	{"mashhad", "مشهد", "Mashhad", 3_001_184, 36.2605, 59.6168},
	{"shiraz", "شیراز", "Shiraz", 1_565_572, 29.5918, 52.5837},
	{"urmia", "ارومیه", "Urmia", 736_224, 37.5527, 45.0761},
	{"rasht", "رشت", "Rasht", 679_995, 37.2808, 49.5832},
	{"hamedan", "همدان", "Hamedan", 554_406, 34.7983, 48.5146},
	{"semnan", "سمنان", "Semnan", 185_129, 35.5729, 53.3971},
}

// point is the city centre as a GeoJSON Point.
func (c demoCity) point() string {
	return fmt.Sprintf(`{"type":"Point","coordinates":[%g,%g]}`, c.lon, c.lat)
}

// cityPoint is the centre of the host city with the slug.
func cityPoint(slug string) string {
	for _, c := range hostCities {
		if c.slug == slug {
			return c.point()
		}
	}
	panic("demo: no host city " + slug)
}

// The associations' slugs.
const (
	MetropolisSlug = "metropolis"
	AssemblySlug   = "council-chairs-assembly"
)

// loadNetworkOrgs adds whichever of these organizations is missing:
// each host city's municipality (Tehran and Karaj exist already) and
// council, and the two associations.
func loadNetworkOrgs(ctx context.Context, d Deps) error {
	var want []org.Input
	for _, c := range hostCities {
		if c.slug != "tehran" && c.slug != "karaj" {
			want = append(want, org.Input{Slug: c.slug, Kind: string(org.Municipality), NameFa: "شهرداری " + c.fa,
				NameEn: c.en + " Municipality", Population: strconv.Itoa(c.population), Geometry: c.point()})
		}
		if c.slug != "tehran" {
			want = append(want, org.Input{Slug: c.slug + "-council", Kind: string(org.CityCouncil),
				NameFa: "شورای اسلامی شهر " + c.fa, NameEn: c.en + " City Council"})
		}
	}
	want = append(want,
		org.Input{Slug: MetropolisSlug, Kind: string(org.Association), NameFa: "انجمن بین‌المللی کلانشهرهای جهان (متروپلیس)",
			NameEn: "Metropolis, the World Association of Major Metropolises", Website: "https://www.metropolis.org",
			DescriptionFa: "شبکه جهانی کلانشهرهای بالای دو میلیون نفر، بنیان‌گذاری‌شده در ۱۹۸۵ با دبیرخانه در بارسلون.",
			DescriptionEn: "The global network of cities over two million people, founded in 1985, with its secretariat in Barcelona."},
		org.Input{Slug: AssemblySlug, Kind: string(org.Association),
			NameFa: "مجمع روسای شوراهای اسلامی کلانشهرها و مراکز استان‌ها", NameEn: "Assembly of Council Chairs of Metropolises and Provincial Capitals",
			DescriptionFa: "شبکه ملی روسای شوراهای اسلامی شهرهای بزرگ و مراکز استان‌ها با دبیرخانه‌ای دائمی و اجلاس‌های عمومی.",
			DescriptionEn: "The national network of the council chairs of the metropolises and provincial capitals, with a permanent secretariat and general sessions."})
	for _, in := range want {
		if _, err := d.Orgs.BySlug(ctx, in.Slug); err == nil {
			continue
		} else if !apperr.Is(err, apperr.NotFound) {
			return err
		}
		if _, err := d.Orgs.Create(ctx, 0, nil, in); err != nil {
			return fmt.Errorf("%s: %w", in.Slug, err)
		}
	}
	return nil
}
