package sistercity_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/sistercity"
)

// demoAgreement finds a demo agreement by a party's English name.
func demoAgreement(t *testing.T, e *apptest.Env, name string) sistercity.Agreement {
	t.Helper()
	as, err := e.App.Sister.Agreements(context.Background(), sistercity.Filter{Query: name})
	if err != nil || len(as) != 1 {
		t.Fatalf("the demo's agreement with %s: %v %+v", name, err, as)
	}
	return as[0]
}

func wantStatus(t *testing.T, r apptest.Response, status int, what string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: status %d, want %d\n%.600s", what, r.Status, status, r.Body)
	}
}

func TestPublicList(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Client()
		cases := []struct {
			query     string
			want, not []string
		}{
			{"", []string{"سئول", "وایمار", "شهرداری مشهد", "کره جنوبی", "فعال"}, nil},
			{"?status=proposed", []string{"وایمار", "شهرداری مشهد"}, []string{"سئول"}},
			{"?country=KR", []string{"سئول"}, []string{"وایمار"}},
			{"?area=transport", []string{"سئول"}, []string{"وایمار"}},
			{"?q=" + url.QueryEscape("وايمار"), []string{"وایمار"}, []string{"سئول"}}, // Arabic yeh
			{"?lang=en&country=DE", []string{"Weimar", "Germany", "Proposed"}, []string{"Seoul"}},
		}
		for _, tc := range cases {
			r := c.Get("/sister-cities" + tc.query)
			wantStatus(t, r, 200, tc.query)
			table := r.Body[strings.Index(r.Body, "<table"):]
			for _, w := range tc.want {
				if !strings.Contains(table, w) {
					t.Errorf("%s: %q missing", tc.query, w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(table, w) {
					t.Errorf("%s: %q should be filtered out", tc.query, w)
				}
			}
		}
		// A fresh client: the English query above set the language cookie.
		if r := e.Client().Get("/sister-cities?status=ended"); !strings.Contains(r.Body, "توافقی با این شرایط پیدا نشد") {
			t.Error("an empty result says nothing")
		}
	})
}

func TestAgreementPage(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		seoul := demoAgreement(t, e, "Seoul")
		r := e.Client().Get(fmt.Sprintf("/sister-cities/%d", seoul.ID))
		wantStatus(t, r, 200, "the agreement")
		for _, w := range []string{`lang="fa"`, `dir="rtl"`, "۱۳۵۶", "نمایشگاه خواهرشهرها", "تاریخ نامعلوم", "فرهنگ، شهرسازی، حمل‌ونقل", `href="/orgs/tehran/sister-cities"`} {
			if !strings.Contains(r.Body, w) {
				t.Errorf("the page lacks %q", w)
			}
		}
		if strings.Contains(r.Body, "/admin/sister-cities/") {
			t.Error("the public sees the staff link")
		}
		if r := e.Client().Get(fmt.Sprintf("/sister-cities/%d?lang=en", seoul.ID)); !strings.Contains(r.Body, "Teheran-ro") || !strings.Contains(r.Body, "Culture, Urban planning, Transport") {
			t.Errorf("in English: %.300s", r.Body)
		}
		wantStatus(t, e.Client().Get("/sister-cities/999999"), 404, "an unknown agreement")
	})
}

// svgOf parses the inline SVG of a page as XML and returns its lines'
// dash patterns and its texts.
func svgOf(t *testing.T, body string) (dashes, texts []string) {
	t.Helper()
	i, j := strings.Index(body, "<svg"), strings.Index(body, "</svg>")
	if i < 0 || j < i {
		t.Fatal("no SVG on the page")
	}
	dec := xml.NewDecoder(strings.NewReader(body[i : j+len("</svg>")]))
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if x.Name.Local == "line" {
				d := "solid"
				for _, a := range x.Attr {
					if a.Name.Local == "stroke-dasharray" {
						d = a.Value
					}
				}
				dashes = append(dashes, d)
			}
			inText = x.Name.Local == "text"
		case xml.CharData:
			if inText {
				texts = append(texts, string(x))
			}
		case xml.EndElement:
			inText = false
		}
	}
	return dashes, texts
}

func TestNetworkPage(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Client()
		r := c.Get("/orgs/shiraz/sister-cities")
		wantStatus(t, r, 200, "Shiraz's network")
		dashes, texts := svgOf(t, r.Body)
		if len(dashes) != 2 || dashes[0] != "3 4" || dashes[1] != "3 4" {
			t.Errorf("two proposals, dashed: %v", dashes)
		}
		for _, w := range []string{"وایمار", "شهرداری مشهد", "شهرداری شیراز"} {
			if !slices.Contains(texts, w) {
				t.Errorf("the diagram's labels %q lack %q", texts, w)
			}
		}
		r = c.Get("/orgs/tehran/sister-cities?lang=en")
		dashes, texts = svgOf(t, r.Body)
		if len(dashes) != 1 || dashes[0] != "solid" || !slices.Contains(texts, "Seoul") || !slices.Contains(texts, "Tehran Municipality") {
			t.Errorf("Tehran in English: %v %v", dashes, texts)
		}
		if !strings.Contains(r.Body, `viewBox="0 0 480 440"`) || !strings.Contains(r.Body, `width="100%"`) {
			t.Error("the diagram does not scale to a phone's width")
		}
		r = e.Client().Get("/orgs/karaj/sister-cities") // in Persian again
		if r.Status != 200 || strings.Contains(r.Body, "<svg xmlns") || !strings.Contains(r.Body, "هنوز توافق خواهرخواندگی ندارد") {
			t.Errorf("a city without partners: %d", r.Status)
		}
		wantStatus(t, c.Get("/orgs/no-such-city/sister-cities"), 404, "an unknown city")
	})
}

func TestAPIAndExports(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Client()
		r := c.Get("/api/v1/sister-cities")
		wantStatus(t, r, 200, "the API")
		var got struct {
			Data []map[string]json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal([]byte(r.Body), &got); err != nil || len(got.Data) != 3 {
			t.Fatalf("%v: %s", err, r.Body)
		}
		for _, a := range got.Data {
			var keys []string
			for k := range a {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if !slices.Equal(keys, []string{"id", "parties", "signed_on", "status"}) {
				t.Errorf("keys %v", keys)
			}
			if string(a["signed_on"]) != "null" {
				t.Errorf("the demo knows no signing day: %s", a["signed_on"])
			}
		}
		var parties []struct{ Name, Country string }
		json.Unmarshal(got.Data[0]["parties"], &parties)
		if len(parties) != 2 || parties[0].Name != "شهرداری تهران" || parties[0].Country != "IR" || parties[1].Name != "سئول" || parties[1].Country != "KR" {
			t.Errorf("the first agreement's parties: %+v", parties)
		}
		csv := c.Get("/sister-cities.csv?country=KR")
		if csv.Status != 200 || !strings.HasPrefix(csv.Body, "\uFEFFid,party_1_fa") || !strings.Contains(csv.Body, "سئول,Seoul,KR,active,,,,culture urban_planning transport") ||
			strings.Contains(csv.Body, "Weimar") {
			t.Errorf("the CSV:\n%s", csv.Body)
		}
		xlsx := c.Get("/sister-cities.xlsx")
		if xlsx.Status != 200 || !strings.HasPrefix(xlsx.Body, "PK") || !strings.Contains(xlsx.Header.Get("Content-Disposition"), "sister-cities.xlsx") {
			t.Errorf("the workbook: %d %v", xlsx.Status, xlsx.Header)
		}
	})
}

var manageLink = regexp.MustCompile(`/admin/sister-cities/(\d+)`)

// TestStaffWorkflow records an agreement through the staff pages as
// Tehran's relations staff: a city added to the gazetteer, the agreement,
// its signing, a document, a contact and a visit, each seen on the
// public page.
func TestStaffWorkflow(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		staff := e.Staff("relations@tehran.example", "tehran", auth.Editor)
		r := staff.PostForm("/admin/sister-cities/gazetteer", url.Values{"name_fa": {"کیوتو"}, "name_en": {"Kyoto"}, "country": {"XX"}})
		wantStatus(t, r, 422, "a bad country code")
		if !strings.Contains(r.Body, "ISO 3166") {
			t.Error("the refusal does not say why")
		}
		wantStatus(t, staff.PostForm("/admin/sister-cities/gazetteer", url.Values{"name_fa": {"کیوتو"}, "name_en": {"Kyoto"},
			"name_local": {"京都市"}, "local_lang": {"ja"}, "country": {"jp"}, "population": {"۱٬۴۶۰٬۰۰۰"}, "lat": {"35.0116"}, "lon": {"135.7681"}}), 303, "a city")
		kyoto, _ := e.App.Sister.Cities(context.Background(), "Kyoto")
		if len(kyoto) != 1 || kyoto[0].Population != 1_460_000 || *kyoto[0].Lat != 35.0116 {
			t.Fatalf("the gazetteer: %+v", kyoto)
		}
		form := url.Values{"party_a": {fmt.Sprint("o:", e.Org("tehran").ID)}, "party_b": {fmt.Sprint("c:", kyoto[0].ID)},
			"status": {"negotiating"}, "proposed_on": {"۱۴۰۵/۰۷/۱۰"}, "signed_on": {"1405/13/01"}, "areas": {"culture", "tourism"}}
		wantStatus(t, staff.PostForm("/admin/sister-cities", form), 422, "a bad day")
		form.Del("signed_on")
		r = staff.PostForm("/admin/sister-cities", form)
		wantStatus(t, r, 303, "the agreement")
		base := r.Header.Get("Location")
		if !manageLink.MatchString(base) {
			t.Fatalf("redirected to %q", base)
		}
		wantStatus(t, staff.PostForm(base+"/status", url.Values{"status": {"active"}}), 409, "negotiating → active")
		wantStatus(t, staff.PostForm(base+"/status", url.Values{"status": {"signed"}, "day": {"2026-11-01"}, "note": {"امضا در کیوتو"}}), 303, "signing")
		r = staff.PostMultipart(base+"/documents", url.Values{"kind": {"signed_text"}}, "files", map[string][]byte{"x.exe": []byte("MZ\x90\x00binary")})
		wantStatus(t, r, 422, "an executable")
		wantStatus(t, staff.PostMultipart(base+"/documents", url.Values{"kind": {"signed_text"}, "title": {"متن توافق"}}, "files", map[string][]byte{"text.pdf": pdf}), 303, "the signed text")
		wantStatus(t, staff.PostForm(base+"/contacts", url.Values{"position": {"2"}, "name": {"Tanaka"}, "email": {"bad"}}), 422, "a bad email")
		wantStatus(t, staff.PostForm(base+"/contacts", url.Values{"position": {"2"}, "name": {"Tanaka"}, "role": {"International office"}}), 303, "a contact")
		wantStatus(t, staff.PostForm(base+"/activities", url.Values{"kind": {"visit"}, "day": {"۱۴۰۵/۰۸/۲۰"}, "description_fa": {"دیدار هیئت کیوتو از تهران"}}), 303, "a visit")
		r = staff.Get(base)
		wantStatus(t, r, 200, "the staff page")
		if !strings.Contains(r.Body, "Tanaka") || !strings.Contains(r.Body, "امضا در کیوتو") {
			t.Error("the staff page lacks the contact or the status note")
		}
		pub := e.Client().Get(strings.Replace(base, "/admin", "", 1))
		for _, w := range []string{"امضاشده", "۱۰ آبان ۱۴۰۵", "۲۰ آبان ۱۴۰۵", "دیدار هیئت کیوتو", "متن توافق"} {
			if !strings.Contains(pub.Body, w) {
				t.Errorf("the public page lacks %q", w)
			}
		}
		if strings.Contains(pub.Body, "Tanaka") {
			t.Error("contacts are staff-only")
		}
		file := regexp.MustCompile(`/sister-cities/files/\d+`).FindString(pub.Body)
		if f := e.Client().Get(file); f.Status != 200 || f.Body != string(pdf) || f.Header.Get("Content-Type") != "application/pdf" {
			t.Errorf("the document %q: %d %v", file, f.Status, f.Header)
		}
	})
}

// TestStaffRoutesByRole walks every staff route as each kind of person on
// the demo's agreements: Tehran–Seoul is managed by Tehran's relations
// staff; Mashhad–Shiraz by either city's. Others get 403; the public a
// sign-in redirect or 401.
func TestStaffRoutesByRole(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := map[string]*apptest.Client{"anon": e.Client(), "citizen": e.Citizen("09121234567"), "super": e.Superuser(),
			"tehran": e.Staff("r@tehran.example", "tehran", auth.Secretariat),
			"shiraz": e.Staff("r@shiraz.example", "shiraz", auth.Editor),
			"karaj":  e.Staff("r@karaj.example", "karaj", auth.Admin),
			"viewer": e.Staff("v@tehran.example", "tehran", auth.Viewer)}
		seoul := fmt.Sprintf("/admin/sister-cities/%d", demoAgreement(t, e, "Seoul").ID)
		domestic := fmt.Sprintf("/admin/sister-cities/%d", demoAgreement(t, e, "Mashhad").ID)
		relations := []string{"tehran", "shiraz", "karaj", "super"}
		rows := []struct {
			method, path string
			ok           int
			allowed      []string
		}{
			{"GET", "/admin/sister-cities", 200, []string{"tehran", "shiraz", "karaj", "viewer", "super"}},
			{"GET", "/admin/sister-cities/new", 200, relations},
			{"POST", "/admin/sister-cities", 422, relations},
			{"GET", "/admin/sister-cities/gazetteer", 200, relations},
			{"POST", "/admin/sister-cities/gazetteer", 422, relations},
			{"GET", seoul, 200, []string{"tehran", "super"}},
			{"POST", seoul + "/status", 422, []string{"tehran", "super"}},
			{"POST", seoul + "/documents", 422, []string{"tehran", "super"}},
			{"POST", seoul + "/contacts", 422, []string{"tehran", "super"}},
			{"POST", seoul + "/activities", 422, []string{"tehran", "super"}},
			{"GET", domestic, 200, []string{"shiraz", "super"}},
			{"POST", domestic + "/status", 422, []string{"shiraz", "super"}},
			{"POST", domestic + "/activities", 422, []string{"shiraz", "super"}},
		}
		for _, row := range rows {
			for who, client := range c {
				var r apptest.Response
				if row.method == "GET" {
					r = client.Get(row.path)
				} else {
					r = client.PostForm(row.path, url.Values{})
				}
				want := row.ok
				switch {
				case slices.Contains(row.allowed, who):
				case who != "anon":
					want = http.StatusForbidden
				case row.method == "GET":
					want = http.StatusSeeOther
				default:
					want = http.StatusUnauthorized
				}
				if r.Status != want {
					t.Errorf("%s %s as %s: %d, want %d\n%.300s", row.method, row.path, who, r.Status, want, r.Body)
				}
			}
		}
		// The staff index lists only what each person manages.
		if r := c["shiraz"].Get("/admin/sister-cities"); !strings.Contains(r.Body, "وایمار") || strings.Contains(r.Body, "سئول") {
			t.Error("Shiraz's staff index")
		}
	})
}
