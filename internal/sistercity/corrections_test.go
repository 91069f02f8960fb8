package sistercity_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/sistercity"
)

// audited lists the actions of the audit log's newest entries on entity
// id, under orgPath ("" for the whole installation), oldest first.
func audited(t *testing.T, e *apptest.Env, orgPath, entity string, id int64) []string {
	t.Helper()
	entries, err := audit.List(context.Background(), e.App.DB.Read, e.App.Identity, audit.Query{OrgPath: orgPath, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, en := range slices.Backward(entries) {
		if en.Entity == entity && en.EntityID == fmt.Sprint(id) {
			out = append(out, en.Action)
		}
	}
	return out
}

// post sends a form as who and checks the status it gets.
func post(t *testing.T, c *apptest.Client, path string, form url.Values, status int, what string) apptest.Response {
	t.Helper()
	r := c.PostForm(path, form)
	wantStatus(t, r, status, what)
	return r
}

// TestGazetteerCorrections: a gazetteer city is corrected on its own page
// (names in three languages, country, population typed in Persian digits)
// and removed once no agreement names it. Seoul, Tehran's partner, is
// changed only by Tehran's relations staff (or the operator): another
// city's relations staff, a viewer, a citizen and the public are refused;
// while the agreement stands, removing Seoul is a 409 that says why, in
// Persian and in English. Kyoto, named by no agreement, is corrected and
// removed by any city's relations staff. Each change is audited.
func TestGazetteerCorrections(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, svc := context.Background(), e.App.Sister
		tehran := e.Staff("r@tehran.example", "tehran", auth.Editor)
		karaj := e.Staff("r@karaj.example", "karaj", auth.Admin)
		seoulCity := demoAgreement(t, e, "Seoul").Parties[1].CityID
		seoul := fmt.Sprintf("/admin/sister-cities/gazetteer/%d", seoulCity)

		r := tehran.Get("/admin/sister-cities/gazetteer")
		if !strings.Contains(r.Body, `href="`+seoul+`/edit"`) {
			t.Fatal("the gazetteer does not link Seoul's page")
		}
		r = tehran.Get(seoul + "/edit")
		wantStatus(t, r, 200, "Seoul's page")
		form, ok := r.Form(seoul + "/edit")
		if !ok || form.Get("name_en") != "Seoul" || form.Get("country") != "KR" || !strings.Contains(r.Body, "تا توافقی از این شهر نام می‌برد") ||
			strings.Contains(r.Body, seoul+"/delete") {
			t.Fatalf("Seoul's form reads back %v; the page must say an agreement names it and offer no removal", form)
		}
		form.Set("country", "XX")
		r = post(t, tehran, seoul+"/edit", form, 422, "a bad country")
		if !strings.Contains(r.Body, "ISO 3166") || !strings.Contains(r.Body, `value="XX"`) {
			t.Error("the refusal does not say why, or lost what was typed")
		}
		form.Set("country", "kr")
		form.Set("name_local", "서울특별시")
		form.Set("population", "۹٬۴۰۰٬۰۰۰")
		post(t, tehran, seoul+"/edit", form, 303, "correcting Seoul")
		if c, _ := svc.City(ctx, seoulCity); c.NameLocal != "서울특별시" || c.Population != 9_400_000 || c.Country != "KR" || c.NameEn != "Seoul" {
			t.Errorf("Seoul after the correction: %+v", c)
		}

		// Those who do not manage Tehran's relations.
		refused := map[string]*apptest.Client{"karaj": karaj, "viewer": e.Staff("v@tehran.example", "tehran", auth.Viewer),
			"citizen": e.Citizen("09121234567")}
		for who, c := range refused {
			wantStatus(t, c.Get(seoul+"/edit"), 403, who+" opens Seoul's page")
			post(t, c, seoul+"/edit", form, 403, who+" corrects Seoul")
			post(t, c, seoul+"/delete", url.Values{}, 403, who+" removes Seoul")
		}
		wantStatus(t, e.Client().Get(seoul+"/edit"), 303, "the public opens Seoul's page")
		post(t, e.Client(), seoul+"/delete", url.Values{}, 401, "the public removes Seoul")
		wantStatus(t, e.Superuser().Get(seoul+"/edit"), 200, "the operator opens Seoul's page")

		r = post(t, tehran, seoul+"/delete", url.Values{}, 409, "removing Seoul while the agreement stands")
		if !strings.Contains(r.Body, "تا آن توافق هست، شهر از فهرست برداشته نمی‌شود") || !strings.Contains(r.Body, `value="Seoul"`) {
			t.Errorf("the refusal does not say why in Persian, or the form lost the city\n%.3000s", r.Body)
		}
		if r := e.Staff("r2@tehran.example", "tehran", auth.Editor).PostForm(seoul+"/delete?lang=en", url.Values{}); r.Status != 409 ||
			!strings.Contains(r.Body, "it stays in the gazetteer as long as the agreement does") {
			t.Errorf("the refusal in English: %d", r.Status)
		}
		if _, err := svc.City(ctx, seoulCity); err != nil {
			t.Fatalf("Seoul is gone: %v", err)
		}

		// Kyoto, which no agreement names: any city's relations staff.
		post(t, karaj, "/admin/sister-cities/gazetteer", url.Values{"name_fa": {"کیوتو"}, "name_en": {"Kyoto"}, "country": {"JP"}}, 303, "Kyoto")
		kyoto, _ := svc.Cities(ctx, "Kyoto")
		if len(kyoto) != 1 {
			t.Fatalf("the gazetteer: %+v", kyoto)
		}
		page := fmt.Sprintf("/admin/sister-cities/gazetteer/%d", kyoto[0].ID)
		post(t, tehran, page+"/edit", url.Values{"name_fa": {"کیوتو"}, "name_en": {"Kyoto"}, "country": {"JP"}, "population": {"1460000"}}, 303, "Tehran corrects Kyoto")
		post(t, refused["viewer"], page+"/delete", url.Values{}, 403, "a viewer removes Kyoto")
		if r := karaj.Get(page + "/edit"); !strings.Contains(r.Body, `action="`+page+`/delete"`) || !strings.Contains(r.Body, `value="۱٬۴۶۰٬۰۰۰"`) {
			t.Errorf("Kyoto's page offers no removal or lost the population\n%.3000s", r.Body)
		}
		post(t, karaj, page+"/delete", url.Values{}, 303, "Karaj removes Kyoto")
		if _, err := svc.City(ctx, kyoto[0].ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("Kyoto is still there: %v", err)
		}
		wantStatus(t, karaj.Get(page+"/edit"), 404, "a removed city's page")
		post(t, karaj, page+"/delete", url.Values{}, 404, "removing it again")

		if got := audited(t, e, "", "sister_city", seoulCity); !slices.Equal(got, []string{"sistercity.city.create", "sistercity.city.update"}) {
			t.Errorf("Seoul audited %v", got)
		}
		if got := audited(t, e, "", "sister_city", kyoto[0].ID); !slices.Equal(got, []string{"sistercity.city.create", "sistercity.city.update", "sistercity.city.delete"}) {
			t.Errorf("Kyoto audited %v", got)
		}
	})
}

// TestAgreementCorrections: the relations staff of an agreement's party
// remove a wrong contact, document or activity from its staff page;
// another city's staff, a viewer, a citizen and the public may not, and
// no agreement's page reaches another's entries. The public page shows
// no removal button and loses what was removed. Each removal is audited
// with what was removed.
func TestAgreementCorrections(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, svc := context.Background(), e.App.Sister
		tehran := e.Staff("r@tehran.example", "tehran", auth.Editor)
		a := demoAgreement(t, e, "Seoul")
		base := fmt.Sprintf("/admin/sister-cities/%d", a.ID)
		post(t, tehran, base+"/contacts", url.Values{"position": {"2"}, "name": {"Kim Wrong"}, "email": {"kim@example.org"}}, 303, "a contact")
		post(t, tehran, base+"/activities", url.Values{"kind": {"visit"}, "day": {"۱۴۰۵/۰۸/۲۰"}, "description_fa": {"دیداری که انجام نشد"}}, 303, "an activity")
		wantStatus(t, tehran.PostMultipart(base+"/documents", url.Values{"kind": {"other"}, "title": {"پرونده اشتباه"}}, "files",
			map[string][]byte{"wrong.pdf": pdf}), 303, "a document")
		contacts, _ := svc.Contacts(ctx, a.ID)
		acts, _ := svc.Activities(ctx, a.ID)
		docs, _ := svc.Documents(ctx, a.ID)
		if len(contacts) != 1 || len(docs) != 1 {
			t.Fatalf("contacts %+v, documents %+v", contacts, docs)
		}
		act := acts[slices.IndexFunc(acts, func(x sistercity.Activity) bool { return x.DescriptionFa == "دیداری که انجام نشد" })]
		contact := fmt.Sprintf("%s/contacts/%d/delete", base, contacts[0].ID)
		activity := fmt.Sprintf("%s/activities/%d/delete", base, act.ID)
		document := fmt.Sprintf("%s/documents/%d/delete", base, docs[0].ID)

		r := tehran.Get(base)
		for _, u := range []string{contact, activity, document} {
			if !strings.Contains(r.Body, `action="`+u+`"`) {
				t.Errorf("the staff page has no button for %s", u)
			}
		}
		if pub := e.Client().Get(fmt.Sprintf("/sister-cities/%d", a.ID)); strings.Contains(pub.Body, "/delete") {
			t.Error("the public page shows removal buttons")
		}

		refused := map[string]*apptest.Client{"karaj": e.Staff("r@karaj.example", "karaj", auth.Admin),
			"viewer": e.Staff("v@tehran.example", "tehran", auth.Viewer), "citizen": e.Citizen("09121234567")}
		for who, c := range refused {
			for _, u := range []string{contact, activity, document} {
				post(t, c, u, url.Values{}, 403, who+" removes "+u)
			}
		}
		post(t, e.Client(), contact, url.Values{}, 401, "the public removes the contact")

		// Mashhad–Shiraz's contact is not reached through Tehran–Seoul.
		domestic := demoAgreement(t, e, "Mashhad")
		other, err := svc.AddContact(ctx, relations(e, "shiraz"), domestic.ID, sistercity.Contact{Position: 1, Name: "مسئول روابط"})
		if err != nil {
			t.Fatal(err)
		}
		post(t, tehran, fmt.Sprintf("%s/contacts/%d/delete", base, other.ID), url.Values{}, 404, "another agreement's contact")
		if cs, _ := svc.Contacts(ctx, domestic.ID); len(cs) != 1 {
			t.Error("another agreement's contact was removed")
		}

		post(t, tehran, contact, url.Values{}, 303, "removing the contact")
		post(t, tehran, contact, url.Values{}, 404, "removing it again")
		post(t, e.Superuser(), activity, url.Values{}, 303, "the operator removes the activity")
		post(t, tehran, document, url.Values{}, 303, "removing the document")
		if r := tehran.Get(base); strings.Contains(r.Body, "Kim Wrong") {
			t.Error("the staff page still lists the contact")
		}
		pub := e.Client().Get(fmt.Sprintf("/sister-cities/%d", a.ID))
		if strings.Contains(pub.Body, "دیداری که انجام نشد") || strings.Contains(pub.Body, "پرونده اشتباه") {
			t.Error("the public page still shows the activity or the document")
		}
		wantStatus(t, e.Client().Get(fmt.Sprintf("/sister-cities/files/%d", docs[0].ID)), 404, "the removed file")

		entries, err := audit.List(ctx, e.App.DB.Read, e.App.Identity, audit.Query{OrgPath: e.Org("tehran").Path})
		if err != nil {
			t.Fatal(err)
		}
		removed := map[string]string{}
		for _, en := range entries {
			if strings.HasSuffix(en.Action, ".remove") && en.EntityID == fmt.Sprint(a.ID) {
				removed[en.Action] = en.Before
			}
		}
		if !strings.Contains(removed["sistercity.contact.remove"], "Kim Wrong") || !strings.Contains(removed["sistercity.activity.remove"], "دیداری که انجام نشد") ||
			!strings.Contains(removed["sistercity.document.remove"], "wrong.pdf") {
			t.Errorf("the removals audited: %v", removed)
		}
	})
}
