package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
)

// TestBirthDateRecordedWithResidence: staff type a date of birth, in the
// Jalali calendar, when they verify a residence; the citizen sees it on
// their account. A bad date changes nothing; an empty one keeps the date.
func TestBirthDateRecordedWithResidence(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		const phone = "09124445566"
		sec := e.Staff("s@d21.example", "tehran-district-21", auth.Secretariat)
		citizen := e.Citizen(phone)
		villashahr, vardavard := "/admin/orgs/tehran-21-villashahr/residents", "/admin/orgs/tehran-21-vardavard/residents"
		mustContain(t, "residents form", sec.Get(villashahr), 200, `name="birth_date"`, "تاریخ تولد")
		mustContain(t, "account before", citizen.Get("/account"), 200, "تاریخ تولد", "ثبت نشده است", "هنگام تأیید محل سکونت")

		r := sec.PostForm(villashahr, url.Values{"phone": {phone}, "source": {"staff"}, "birth_date": {"۱۳۸۹/۹/۱"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("record residence with a birth date: %d\n%.800s", r.Status, r.Body)
		}
		wantResident(t, e, phone, "tehran-21-villashahr", "2010-11-22")
		mustContain(t, "account", citizen.Get("/account"), 200, "۱ آذر ۱۳۸۹", "هنگام تأیید محل سکونت")
		mustContain(t, "account in English", citizen.Get("/account?lang=en"), 200, "Date of birth", "22 Nov 2010")
		entries, err := audit.List(context.Background(), e.App.DB.Read, e.App.Identity, audit.Query{OrgPath: e.Org("tehran-21-villashahr").Path})
		if err != nil || len(entries) == 0 || entries[0].Action != "residence.set" || !strings.Contains(entries[0].After, `"birth_date":"2010-11-22"`) {
			t.Fatalf("audit: %v %+v", err, entries)
		}

		// Bad dates: nothing is written, not even the move to Vardavard.
		for input, want := range map[string]string{
			"1389/13/1": "به تقویم شمسی بنویسید", "دیروز": "به تقویم شمسی بنویسید",
			"۱۴۰۵/۹/۱": "در آینده", "1270/1/1": "۱۳۰ سال",
		} {
			r := sec.PostForm(vardavard, url.Values{"phone": {phone}, "source": {"census"}, "birth_date": {input}})
			mustContain(t, "birth date "+input, r, http.StatusUnprocessableEntity, `id="birth_date-error"`, want, `class="error-summary"`)
			wantResident(t, e, phone, "tehran-21-villashahr", "2010-11-22")
		}
		// Born today is not in the future.
		r = sec.PostForm(villashahr, url.Values{"phone": {phone}, "source": {"staff"}, "birth_date": {"1405/08/30"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("born today: %d", r.Status)
		}
		wantResident(t, e, phone, "tehran-21-villashahr", "2026-11-21")

		// Moving without a date keeps the one recorded.
		if r := sec.PostForm(vardavard, url.Values{"phone": {phone}, "source": {"census"}, "birth_date": {" "}}); r.Status != http.StatusSeeOther {
			t.Fatalf("move without a birth date: %d\n%.800s", r.Status, r.Body)
		}
		wantResident(t, e, phone, "tehran-21-vardavard", "2026-11-21")
	})
}

// wantResident checks the citizen's current residence and recorded date
// of birth (Gregorian, "" for none).
func wantResident(t *testing.T, e *apptest.Env, phone, hood, birth string) {
	t.Helper()
	ctx := context.Background()
	u, err := e.App.Identity.FindByContact(ctx, phone)
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.App.Identity.ResidenceOf(ctx, u.ID)
	if err != nil || res.OrgID != e.Org(hood).ID {
		t.Errorf("residence %+v, %v; want %s", res, err, hood)
	}
	got := ""
	if !u.BirthDate.IsZero() {
		got = u.BirthDate.Format(time.DateOnly)
	}
	if got != birth {
		t.Errorf("birth date %q, want %q", got, birth)
	}
}
