package identity_test

import (
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// TestWhatOtherModulesAsk answers, from the identity service's own
// tables, what budgeting, notifications and lists ask about people: names,
// mobile numbers, dates of birth, residences and standing.
func TestWhatOtherModulesAsk(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		district := f.district(t)
		f.svc.RequestCode(ctx, phone, web)
		in, err := f.svc.VerifyCode(ctx, phone, f.sms.LastCode(t, phone), web, "")
		if err != nil {
			t.Fatal(err)
		}
		citizen := in.User.ID
		staff, err := f.svc.CreateStaff(ctx, 0, identity.StaffInput{Email: "staff@shahr.example", Name: "کارمند", Password: "a long enough password"})
		if err != nil {
			t.Fatal(err)
		}

		// Before anything is recorded: no name, no residence, no birth date.
		if names, err := f.svc.Names(ctx, []int64{citizen, staff.ID, 0, 999_999}); err != nil || len(names) != 1 || names[staff.ID] != "کارمند" {
			t.Errorf("names %v, %v; want only the staff member's", names, err)
		}
		if area, err := f.svc.ResidenceArea(ctx, citizen); err != nil || area != 0 {
			t.Errorf("residence before one is verified: %d, %v", area, err)
		}
		if birth, err := f.svc.BirthDate(ctx, citizen); err != nil || !birth.IsZero() {
			t.Errorf("birth date before one is recorded: %v, %v", birth, err)
		}
		if p, err := f.svc.Phone(ctx, citizen); err != nil || p != phone {
			t.Errorf("phone %q, %v", p, err)
		}
		if p, err := f.svc.Phone(ctx, staff.ID); err != nil || p != "" {
			t.Errorf("a staff account without a mobile number: %q, %v", p, err)
		}

		if err := f.svc.SetName(ctx, citizen, "شهروند"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SetResidence(ctx, 0, district, identity.ResidenceInput{Phone: phone, Source: identity.ByStaff, Birth: "1380/05/30"}); err != nil {
			t.Fatal(err)
		}
		if names, err := f.svc.Names(ctx, []int64{citizen}); err != nil || names[citizen] != "شهروند" {
			t.Errorf("names after naming: %v, %v", names, err)
		}
		if area, err := f.svc.ResidenceArea(ctx, citizen); err != nil || area != district.ID {
			t.Errorf("residence %d, %v; want the district %d", area, err, district.ID)
		}
		if birth, err := f.svc.BirthDate(ctx, citizen); err != nil || !birth.Equal(time.Date(2001, 8, 21, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("birth date %v, %v; want 2001-08-21 (1380/05/30)", birth, err)
		}

		standing := func(id int64) (bool, bool) {
			t.Helper()
			blocked, isStaff, err := f.svc.Standing(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return blocked, isStaff
		}
		if blocked, isStaff := standing(staff.ID); blocked || isStaff {
			t.Errorf("an account with no role: blocked %v, staff %v", blocked, isStaff)
		}
		if _, err := f.svc.Grant(ctx, 0, district.Ref(), "staff@shahr.example", "editor"); err != nil {
			t.Fatal(err)
		}
		if _, isStaff := standing(staff.ID); !isStaff {
			t.Error("an account with a role is not staff")
		}
		operator, err := f.svc.CreateStaff(ctx, 0, identity.StaffInput{Email: "op@shahr.example", Password: "a long enough password", Superuser: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, isStaff := standing(operator.ID); !isStaff {
			t.Error("the operator is not staff")
		}
		if err := f.svc.SetBlocked(ctx, 0, citizen, true); err != nil {
			t.Fatal(err)
		}
		if blocked, isStaff := standing(citizen); !blocked || isStaff {
			t.Errorf("the blocked citizen: blocked %v, staff %v", blocked, isStaff)
		}
		if _, _, err := f.svc.Standing(ctx, 999_999); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("Standing of no account: %v, want not found", err)
		}
	})
}

// district creates a city with one district and returns the district.
func (f *fixture) district(t *testing.T) org.Org {
	t.Helper()
	orgs := org.NewService(f.db, f.svc, f.clock.Now)
	city, err := orgs.Create(ctx, 0, nil, org.Input{Slug: "shahr", Kind: "municipality", NameFa: "شهرداری شهر"})
	if err != nil {
		t.Fatal(err)
	}
	district, err := orgs.Create(ctx, 0, &city, org.Input{Slug: "shahr-1", Kind: "district", NameFa: "منطقه ۱"})
	if err != nil {
		t.Fatal(err)
	}
	return district
}
