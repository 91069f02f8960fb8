package sistercity

import (
	"strings"
	"sync"

	"github.com/shahr-city/shahr/internal/i18n"
)

// countryCodes are the 249 officially assigned ISO 3166-1 alpha-2 codes.
// The standard changes rarely; a new code is one more word here.
const countryCodes = `
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
DE DJ DK DM DO DZ
EC EE EG EH ER ES ET
FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
HK HM HN HR HT HU
ID IE IL IM IN IO IQ IR IS IT
JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ
LA LB LC LI LK LR LS LT LU LV LY
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
NA NC NE NF NG NI NL NO NP NR NU NZ
OM
PA PE PF PG PH PK PL PM PN PR PS PT PW PY
QA
RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
UA UG UM US UY UZ
VA VC VE VG VI VN VU
WF WS
YE YT
ZA ZM ZW`

// countrySet holds every code, built at the first ValidCountry.
var countrySet = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields(countryCodes) {
		m[c] = true
	}
	return m
})

// countryNames are the countries named in Persian and English; others
// show their code.
var countryNames = map[string]i18n.Text{
	"AE": {Fa: "امارات متحده عربی", En: "United Arab Emirates"},
	"AF": {Fa: "افغانستان", En: "Afghanistan"},
	"AM": {Fa: "ارمنستان", En: "Armenia"},
	"AT": {Fa: "اتریش", En: "Austria"},
	"AZ": {Fa: "جمهوری آذربایجان", En: "Azerbaijan"},
	"BR": {Fa: "برزیل", En: "Brazil"},
	"BY": {Fa: "بلاروس", En: "Belarus"},
	"CN": {Fa: "چین", En: "China"},
	"CU": {Fa: "کوبا", En: "Cuba"},
	"DE": {Fa: "آلمان", En: "Germany"},
	"ES": {Fa: "اسپانیا", En: "Spain"},
	"FR": {Fa: "فرانسه", En: "France"},
	"GB": {Fa: "بریتانیا", En: "United Kingdom"},
	"GE": {Fa: "گرجستان", En: "Georgia"},
	"IN": {Fa: "هند", En: "India"},
	"IQ": {Fa: "عراق", En: "Iraq"},
	"IR": {Fa: "ایران", En: "Iran"},
	"IT": {Fa: "ایتالیا", En: "Italy"},
	"JP": {Fa: "ژاپن", En: "Japan"},
	"KR": {Fa: "کره جنوبی", En: "South Korea"},
	"KZ": {Fa: "قزاقستان", En: "Kazakhstan"},
	"LB": {Fa: "لبنان", En: "Lebanon"},
	"MY": {Fa: "مالزی", En: "Malaysia"},
	"OM": {Fa: "عمان", En: "Oman"},
	"PK": {Fa: "پاکستان", En: "Pakistan"},
	"QA": {Fa: "قطر", En: "Qatar"},
	"RU": {Fa: "روسیه", En: "Russia"},
	"SY": {Fa: "سوریه", En: "Syria"},
	"TJ": {Fa: "تاجیکستان", En: "Tajikistan"},
	"TM": {Fa: "ترکمنستان", En: "Turkmenistan"},
	"TR": {Fa: "ترکیه", En: "Türkiye"},
	"UZ": {Fa: "ازبکستان", En: "Uzbekistan"},
	"VE": {Fa: "ونزوئلا", En: "Venezuela"},
	"ZA": {Fa: "آفریقای جنوبی", En: "South Africa"},
}

// ValidCountry says whether code is an assigned ISO 3166-1 alpha-2 code
// (upper case).
func ValidCountry(code string) bool { return countrySet()[code] }

// CountryName names a country in l, or gives its code when it has no name
// here.
func CountryName(l i18n.Lang, code string) string {
	if t, ok := countryNames[code]; ok {
		return t.In(l)
	}
	return code
}
