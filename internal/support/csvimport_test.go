package support

import (
	"strings"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/jalali"
)

var testTowns = []Town{townNamed(1, "roshtkhar", "شهرداری رشتخوار", "Roshtkhar Municipality"), townNamed(2, "kashmar", "شهرداری کاشمر", "")}

func townNamed(id int64, slug, fa, en string) Town {
	t := Town{}
	t.ID, t.Slug, t.NameFa, t.NameEn = id, slug, fa, en
	return t
}

var today = time.Date(2026, 11, 21, 20, 30, 0, 0, time.UTC) // 1405/09/01 00:00 in Tehran

func TestParseIndicators(t *testing.T) {
	t.Parallel()
	file := "\uFEFFslug,name,population,tier,revenue_sources,staff_count,as_of\r\n" +
		"roshtkhar,,۱۲٬۴۵۰,کم‌برخوردار,\"عوارض نوسازی، پسماند\",۴۲,۱۴۰۵/۰۸/۱۵\r\n" +
		",کاشمر,\"90,000\",developing,,,\r\n"
	rows, err := ParseIndicators(strings.NewReader(file), finder(testTowns), today)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	r := rows[0]
	if r.TownID != 1 || r.Population != 12450 || r.Tier != LessDeveloped || r.StaffCount != 42 || r.RevenueSources != "عوارض نوسازی، پسماند" {
		t.Errorf("row 1: %+v", r)
	}
	if d := jalali.FromTime(r.AsOf); d != (jalali.Date{Year: 1405, Month: 8, Day: 15}) {
		t.Errorf("as of %v", d)
	}
	if rows[1].TownID != 2 || rows[1].Population != 90000 || rows[1].Tier != Developing || !rows[1].AsOf.Equal(today) {
		t.Errorf("row 2: %+v", rows[1])
	}
}

func TestParseIndicatorsNamesTheBadLine(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct{ file, line string }{
		"unknown town": {"slug,tier\nroshtkhar,developed\nnishapur,developed\n", "Line 3:"},
		"bad tier":     {"name,tier\nرشتخوار,poor\n", "Line 2:"},
		"bad number":   {"slug,tier,population\nkashmar,developed,12k\n", "Line 2:"},
		"bad date":     {"slug,tier,as_of\nkashmar,developed,1405/13/01\n", "Line 2:"},
		"short row":    {"slug,tier,population\nkashmar,developed,1\nroshtkhar\n", "Line 3:"},
		"no tier":      {"slug,population\nkashmar,1\n", "tier column"},
		"unknown col":  {"slug,tier,budget\n", "Unknown column"},
	} {
		_, err := ParseIndicators(strings.NewReader(c.file), finder(testTowns), today)
		ae, ok := apperr.As(err)
		if !ok || ae.Code != apperr.Invalid || len(ae.Fields) == 0 || ae.Fields[0].Name != "file" {
			t.Errorf("%s: error %v", name, err)
			continue
		}
		if !strings.Contains(ae.Msg.En, c.line) || ae.Msg.Fa == "" {
			t.Errorf("%s: message %q, want %q", name, ae.Msg.En, c.line)
		}
	}
}

func TestPercentShare(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{"40": 4000, "۳۳٫۳۳": 3333, "12.5%": 1250, "0.5": 50, "100": 10000, "": 0} {
		if got, ok := percentShare(in); !ok || got != want {
			t.Errorf("percentShare(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, bad := range []string{"100.01", "1.234", "-5", "abc", ".", "1e3"} {
		if _, ok := percentShare(bad); ok {
			t.Errorf("percentShare(%q) accepted", bad)
		}
	}
}

// FuzzParseIndicators: any file either fails with a field error on
// "file" or gives valid rows of known towns.
func FuzzParseIndicators(f *testing.F) {
	f.Add("slug,tier,population\nroshtkhar,کم‌برخوردار,۱۲۰۰۰\n")
	f.Add("\uFEFFname,tier,as_of,staff_count\nکاشمر,developed,1405/01/01,3\n")
	f.Add("slug,tier\n\"unterminated,developed\n")
	f.Fuzz(func(t *testing.T, file string) {
		rows, err := ParseIndicators(strings.NewReader(file), finder(testTowns), today)
		if err != nil {
			if ae, ok := apperr.As(err); !ok || len(ae.Fields) == 0 || ae.Fields[0].Name != "file" {
				t.Fatalf("error %v is not a field error", err)
			}
			return
		}
		for _, r := range rows {
			if r.TownID != 1 && r.TownID != 2 || r.Validate() != nil {
				t.Fatalf("bad row %+v", r)
			}
		}
	})
}
