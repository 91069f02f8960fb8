package identity_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// TestVotersIn reads, on both engines and in one call, the people behind
// tokens and account ids as a ballot batch does: a live session's person
// with their residence, recorded date of birth and standing; nobody for a
// session signed out, an account blocked, a token nobody holds, or, once
// they expire, every session; and by id every account, blocked or not.
func TestVotersIn(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		district := f.district(t)
		type person struct {
			id    int64
			token string
			want  identity.Voter
			live  bool // the token is a live session's
		}
		signIn := func(n int) person {
			t.Helper()
			phone := fmt.Sprintf("0912555%04d", n)
			if _, err := f.svc.RequestCode(ctx, phone, web); err != nil {
				t.Fatal(err)
			}
			in, err := f.svc.VerifyCode(ctx, phone, f.sms.LastCode(t, phone), web, "")
			if err != nil {
				t.Fatal(err)
			}
			return person{id: in.User.ID, token: in.Token, want: identity.Voter{UserID: in.User.ID}, live: true}
		}
		resident, newcomer, gone, blocked, staff := signIn(1), signIn(2), signIn(3), signIn(4), signIn(5)
		if _, err := f.svc.SetResidence(ctx, 0, district, identity.ResidenceInput{Phone: "09125550001", Source: identity.ByStaff, Birth: "1380/05/30"}); err != nil {
			t.Fatal(err)
		}
		resident.want.ResidenceArea, resident.want.BirthDate = district.ID, time.Date(2001, 8, 21, 0, 0, 0, 0, time.UTC)
		if err := f.svc.SignOut(ctx, gone.token); err != nil {
			t.Fatal(err)
		}
		gone.live = false
		if err := f.svc.SetBlocked(ctx, 0, blocked.id, true); err != nil {
			t.Fatal(err)
		}
		blocked.live, blocked.want.Blocked = false, true
		if _, err := f.svc.Grant(ctx, 0, district.Ref(), "09125550005", "editor"); err != nil {
			t.Fatal(err)
		}
		staff.want.Staff = true

		people := []person{resident, newcomer, gone, blocked, staff}
		tokens, ids := []string{"nobody's token"}, []int64{999_999}
		for _, p := range people {
			tokens, ids = append(tokens, p.token), append(ids, p.id)
		}
		byToken, byID, err := f.svc.VotersIn(ctx, db.Read, tokens, ids)
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range people {
			if v, ok := byToken[p.token]; ok != p.live || (ok && v != p.want) {
				t.Errorf("person %d by token: %+v (found %v), want %+v (found %v)", i+1, v, ok, p.want, p.live)
			}
			if v, ok := byID[p.id]; !ok || v != p.want {
				t.Errorf("person %d by id: %+v (found %v), want %+v", i+1, v, ok, p.want)
			}
		}
		if len(byToken) != 3 || len(byID) != len(people) {
			t.Errorf("%d found by token, %d by id; want 3 and %d", len(byToken), len(byID), len(people))
		}

		f.clock.Advance(identity.CitizenSession)
		if byToken, _, err := f.svc.VotersIn(ctx, db.Read, tokens, nil); err != nil || len(byToken) != 0 {
			t.Errorf("after the sessions expired: %v, %v; want nobody", byToken, err)
		}
		if byToken, byID, err := f.svc.VotersIn(ctx, db.Read, nil, nil); err != nil || len(byToken)+len(byID) != 0 {
			t.Errorf("asked for nobody: %v %v, %v", byToken, byID, err)
		}
	})
}
