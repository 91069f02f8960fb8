package sistercity_test

import (
	"context"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/sistercity"
	"github.com/shahr-city/shahr/internal/upload"
)

// relations is a principal holding the Editor role (which may manage
// relations) in the organization with the given slug.
func relations(e *apptest.Env, slug string) *auth.Principal {
	return &auth.Principal{Grants: []auth.Grant{{OrgID: e.Org(slug).ID, Role: auth.Editor}}}
}

// addCity adds a gazetteer city or fails the test.
func addCity(t *testing.T, e *apptest.Env, c sistercity.City) sistercity.City {
	t.Helper()
	c, err := e.App.Sister.SaveCity(context.Background(), 0, c)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func fieldsOf(err error) map[string]bool {
	m := map[string]bool{}
	if ae, ok := apperr.As(err); ok {
		for _, f := range ae.Fields {
			m[f.Name] = true
		}
	}
	return m
}

func TestGazetteerValidation(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, svc := context.Background(), e.App.Sister
		_, err := svc.SaveCity(ctx, 0, sistercity.City{NameFa: "ناکجا", NameEn: "Nowhere", Country: "XX"})
		if !apperr.Is(err, apperr.Invalid) || !fieldsOf(err)["country"] {
			t.Errorf("an unknown country code: %v", err)
		}
		_, err = svc.SaveCity(ctx, 0, sistercity.City{NameFa: "  ", Country: "KR", LocalLang: "not a tag!"})
		if f := fieldsOf(err); !f["name_fa"] || !f["name_en"] || !f["local_lang"] {
			t.Errorf("empty names and a bad language tag: %v", err)
		}
		lat := 95.0
		if _, err = svc.SaveCity(ctx, 0, sistercity.City{NameFa: "الف", NameEn: "A", Country: "KR", Lat: &lat, Lon: &lat}); !fieldsOf(err)["lat"] {
			t.Errorf("a latitude of 95: %v", err)
		}
		kyoto := addCity(t, e, sistercity.City{NameFa: "کیوتو", NameEn: "Kyoto", NameLocal: "京都市", LocalLang: "ja", Country: " jp ", Population: 1_460_000})
		if kyoto.Country != "JP" || kyoto.ID == 0 {
			t.Errorf("the code is stored upper case: %+v", kyoto)
		}
		if _, err = svc.SaveCity(ctx, 0, sistercity.City{NameFa: "کیوتو", NameEn: "Kyoto", Country: "JP"}); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("the same city twice: %v", err)
		}
		// Arabic kaf and yeh find the Persian spelling; the local name is searched too.
		for _, q := range []string{"كيوتو", "京都", "kyo"} {
			if cs, err := svc.Cities(ctx, q); err != nil || len(cs) != 1 || cs[0].ID != kyoto.ID {
				t.Errorf("search %q: %v %+v", q, err, cs)
			}
		}
		kyoto.Population = 1_450_000
		if _, err := svc.SaveCity(ctx, 0, kyoto); err != nil {
			t.Fatal(err)
		}
		if got, _ := svc.City(ctx, kyoto.ID); got.Population != 1_450_000 || got.NameLocal != "京都市" {
			t.Errorf("after the update: %+v", got)
		}
	})
}

func TestCountryCodes(t *testing.T) {
	t.Parallel()
	n := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if sistercity.ValidCountry(string([]rune{a, b})) {
				n++
			}
		}
	}
	if n != 249 {
		t.Errorf("%d assigned codes, want 249", n)
	}
	for _, c := range []string{"IR", "KR", "DE", "AX", "SS", "XK", "UK", "ir"} {
		want := c != "XK" && c != "UK" && c != "ir" // user-assigned, reserved, lower case
		if sistercity.ValidCountry(c) != want {
			t.Errorf("ValidCountry(%q) = %v", c, !want)
		}
	}
}

// day is a Jalali day at Tehran's midnight.
func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := sistercity.ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParseDay(t *testing.T) {
	t.Parallel()
	jal, greg := day(t, "۱۴۰۵/۰۹/۰۱"), day(t, "2026-11-22")
	if !jal.Equal(greg) || jal.Location() != jalali.Tehran() {
		t.Errorf("Jalali %v and Gregorian %v differ", jal, greg)
	}
	if d := day(t, ""); !d.IsZero() {
		t.Errorf("empty: %v", d)
	}
	if _, err := sistercity.ParseDay("1405/13/01"); err == nil {
		t.Error("month 13 was accepted")
	}
}

func TestAgreementLifecycle(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, svc := context.Background(), e.App.Sister
		kyoto := addCity(t, e, sistercity.City{NameFa: "کیوتو", NameEn: "Kyoto", Country: "JP"})
		tehranStaff := relations(e, "tehran")
		a, err := svc.Create(ctx, tehranStaff, sistercity.Agreement{
			Parties:    [2]sistercity.Party{{OrgID: e.Org("tehran").ID}, {CityID: kyoto.ID}},
			ProposedOn: day(t, "1405/08/01"), Areas: []sistercity.Area{"tourism", "culture", "culture"}})
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != sistercity.Proposed || len(a.Areas) != 2 || a.Areas[0] != "culture" || a.Parties[1].Country != "JP" {
			t.Errorf("created: %+v", a)
		}
		// Illegal moves are conflicts and change nothing.
		if _, err := svc.ChangeStatus(ctx, tehranStaff, a.ID, sistercity.Active, time.Time{}, ""); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("proposed → active: %v", err)
		}
		if _, err := svc.ChangeStatus(ctx, tehranStaff, a.ID, sistercity.Signed, day(t, "1405/07/01"), ""); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("signed before proposed: %v", err)
		}
		steps := []sistercity.Status{sistercity.Negotiating, sistercity.Signed, sistercity.Active, sistercity.Dormant, sistercity.Active, sistercity.Ended}
		for _, s := range steps {
			d := time.Time{}
			if s == sistercity.Signed {
				d = day(t, "1405/08/20")
			}
			if a, err = svc.ChangeStatus(ctx, tehranStaff, a.ID, s, d, "گام "+string(s)); err != nil {
				t.Fatalf("→ %s: %v", s, err)
			}
		}
		got, _ := svc.Agreement(ctx, a.ID)
		if got.Status != sistercity.Ended || !got.SignedOn.Equal(day(t, "1405/08/20")) || !got.EndedOn.Equal(day(t, "1405/08/30")) {
			t.Errorf("after ending: %s signed %v ended %v", got.Status, got.SignedOn, got.EndedOn)
		}
		if _, err := svc.ChangeStatus(ctx, tehranStaff, a.ID, sistercity.Active, time.Time{}, ""); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("ended → active: %v", err)
		}
		h, _ := svc.History(ctx, a.ID)
		if len(h) != 1+len(steps) || h[0].Status != sistercity.Proposed || h[2].Note != "گام signed" {
			t.Errorf("history: %+v", h)
		}
	})
}

func TestAgreementParties(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, svc := context.Background(), e.App.Sister
		kyoto := addCity(t, e, sistercity.City{NameFa: "کیوتو", NameEn: "Kyoto", Country: "JP"})
		osaka := addCity(t, e, sistercity.City{NameFa: "اوساکا", NameEn: "Osaka", Country: "JP"})
		tehran, shiraz := e.Org("tehran").ID, e.Org("shiraz").ID
		pair := func(a, b sistercity.Party) sistercity.Agreement {
			return sistercity.Agreement{Parties: [2]sistercity.Party{a, b}}
		}
		cases := []struct {
			name string
			who  *auth.Principal
			a    sistercity.Agreement
			code apperr.Code
		}{
			{"two cities abroad", &auth.Principal{Superuser: true}, pair(sistercity.Party{CityID: kyoto.ID}, sistercity.Party{CityID: osaka.ID}), apperr.Invalid},
			{"a city with itself", relations(e, "tehran"), pair(sistercity.Party{OrgID: tehran}, sistercity.Party{OrgID: tehran}), apperr.Invalid},
			{"a district as a party", relations(e, "tehran"), pair(sistercity.Party{OrgID: e.Org("tehran-district-21").ID}, sistercity.Party{CityID: kyoto.ID}), apperr.Invalid},
			{"an unknown city", relations(e, "tehran"), pair(sistercity.Party{OrgID: tehran}, sistercity.Party{CityID: 99999}), apperr.Invalid},
			{"unrelated staff", relations(e, "karaj"), pair(sistercity.Party{OrgID: tehran}, sistercity.Party{CityID: kyoto.ID}), apperr.Forbidden},
			{"a district's staff", relations(e, "tehran-district-21"), pair(sistercity.Party{OrgID: tehran}, sistercity.Party{CityID: kyoto.ID}), apperr.Forbidden},
		}
		for _, c := range cases {
			if _, err := svc.Create(ctx, c.who, c.a); apperr.CodeOf(err) != c.code {
				t.Errorf("%s: %v, want %s", c.name, err, c.code)
			}
		}
		// A domestic pair: either side's relations staff may record it, once.
		d, err := svc.Create(ctx, relations(e, "shiraz"), pair(sistercity.Party{OrgID: tehran}, sistercity.Party{OrgID: shiraz}))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Create(ctx, relations(e, "tehran"), pair(sistercity.Party{OrgID: shiraz}, sistercity.Party{OrgID: tehran})); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("the same pair reversed: %v", err)
		}
		if _, err := svc.ChangeStatus(ctx, relations(e, "tehran"), d.ID, sistercity.Negotiating, time.Time{}, ""); err != nil {
			t.Errorf("the other party's staff: %v", err)
		}
		if _, err := svc.ChangeStatus(ctx, relations(e, "karaj"), d.ID, sistercity.Signed, time.Time{}, ""); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("unrelated staff changing the status: %v", err)
		}
		if as, _ := svc.Agreements(ctx, sistercity.Filter{OrgID: shiraz, Status: sistercity.Negotiating}); len(as) != 1 || as[0].ID != d.ID {
			t.Errorf("Shiraz's agreements: %+v", as)
		}
	})
}

// pdf is the smallest file the upload check takes for a PDF.
var pdf = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

func TestDocumentsAndActivity(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, svc := context.Background(), e.App.Sister
		kyoto := addCity(t, e, sistercity.City{NameFa: "کیوتو", NameEn: "Kyoto", Country: "JP"})
		who := relations(e, "tehran")
		a, err := svc.Create(ctx, who, sistercity.Agreement{Parties: [2]sistercity.Party{{CityID: kyoto.ID}, {OrgID: e.Org("tehran").ID}}})
		if err != nil {
			t.Fatal(err)
		}
		bad := []upload.File{{Name: "a.pdf", Data: pdf}, {Name: "run.sh", Data: []byte("#!/bin/sh\necho hi\n")}}
		if err := svc.AddDocuments(ctx, who, a.ID, "signed_text", "", bad); !fieldsOf(err)["files"] {
			t.Errorf("a shell script: %v", err)
		}
		if err := svc.AddDocuments(ctx, who, a.ID, "poster", "", bad[:1]); !fieldsOf(err)["kind"] {
			t.Errorf("an unknown kind: %v", err)
		}
		if docs, _ := svc.Documents(ctx, a.ID); len(docs) != 0 {
			t.Fatalf("a refused upload left %d documents", len(docs))
		}
		if err := svc.AddDocuments(ctx, who, a.ID, "memorandum", "تفاهم‌نامه", bad[:1]); err != nil {
			t.Fatal(err)
		}
		docs, _ := svc.Documents(ctx, a.ID)
		if len(docs) != 1 || docs[0].ContentType != "application/pdf" || docs[0].Kind != "memorandum" {
			t.Fatalf("documents: %+v", docs)
		}
		if _, data, err := svc.Document(ctx, docs[0].ID); err != nil || string(data) != string(pdf) {
			t.Errorf("the stored bytes: %v", err)
		}
		if _, err := svc.AddActivity(ctx, who, a.ID, sistercity.Activity{Kind: "visit"}); !fieldsOf(err)["description_fa"] {
			t.Errorf("an activity without a description: %v", err)
		}
		for _, act := range []sistercity.Activity{
			{Kind: "joint_event", DescriptionFa: "بی‌تاریخ"},
			{Kind: "visit", On: day(t, "1405/08/10"), DescriptionFa: "دیدار دوم"},
			{Kind: "exchange", On: day(t, "1404/01/15"), DescriptionFa: "دیدار نخست"},
		} {
			if _, err := svc.AddActivity(ctx, who, a.ID, act); err != nil {
				t.Fatal(err)
			}
		}
		acts, _ := svc.Activities(ctx, a.ID)
		if len(acts) != 3 || acts[0].DescriptionFa != "دیدار نخست" || acts[2].DescriptionFa != "بی‌تاریخ" || acts[0].OrgID != e.Org("tehran").ID {
			t.Errorf("the timeline: %+v", acts)
		}
		if _, err := svc.AddContact(ctx, who, a.ID, sistercity.Contact{Name: "", Position: 3, Email: "x"}); len(fieldsOf(err)) != 3 {
			t.Errorf("a bad contact: %v", err)
		}
		if _, err := svc.AddContact(ctx, relations(e, "karaj"), a.ID, sistercity.Contact{Name: "الف", Position: 1}); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("unrelated staff adding a contact: %v", err)
		}
	})
}
