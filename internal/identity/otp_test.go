package identity_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

var ctx = context.Background()

// fixture is the identity service on a fresh database with a settable
// clock and a kept outbox.
type fixture struct {
	svc   *identity.Service
	clock *apptest.Clock
	sms   *apptest.Outbox
	db    *store.DB
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	clock := apptest.NewClock(apptest.Start)
	out := &apptest.Outbox{}
	svc, err := identity.New(ctx, db, clock.Now, out, apptest.DiscardLog())
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{svc: svc, clock: clock, sms: out, db: db}
}

var web = identity.Client{IP: "192.0.2.1", UserAgent: "test"}

const phone = "09121234567"

func TestCodeSignsInOnceAndCreatesTheAccount(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		got, err := f.svc.RequestCode(ctx, "+98 912 123 4567", web)
		if err != nil || got.Phone != phone || got.AlreadySent {
			t.Fatalf("RequestCode = %+v, %v", got, err)
		}
		code := f.sms.LastCode(t, phone)
		in, err := f.svc.VerifyCode(ctx, "۰۹۱۲۱۲۳۴۵۶۷", toPersian(code), web, "")
		if err != nil || !in.NewUser || in.User.Phone != phone || in.Token == "" {
			t.Fatalf("VerifyCode = %+v, %v", in, err)
		}
		if _, err := f.svc.VerifyCode(ctx, phone, code, web, ""); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("second use of a code: %v, want refused", err)
		}
		// Signing in again reaches the same account.
		f.svc.RequestCode(ctx, phone, web)
		again, err := f.svc.VerifyCode(ctx, phone, f.sms.LastCode(t, phone), web, in.Token)
		if err != nil || again.NewUser || again.User.ID != in.User.ID {
			t.Fatalf("second sign-in = %+v, %v", again, err)
		}
		// ... and rotates the session: the old token is dead.
		if _, err := f.svc.Authenticate(ctx, in.Token); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("old session after sign-in: %v, want unauthorized", err)
		}
		if p, err := f.svc.Authenticate(ctx, again.Token); err != nil || p.UserID != in.User.ID {
			t.Fatalf("new session: %+v, %v", p, err)
		}
	})
}

func toPersian(ascii string) string {
	out := []rune{}
	for _, r := range ascii {
		out = append(out, '۰'+(r-'0'))
	}
	return string(out)
}

func TestCodeExpiresAfterFiveMinutes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.svc.RequestCode(ctx, phone, web)
		code := f.sms.LastCode(t, phone)
		f.clock.Advance(identity.CodeTTL)
		if _, err := f.svc.VerifyCode(ctx, phone, code, web, ""); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("code at 5 minutes: %v, want refused", err)
		}
		f.svc.RequestCode(ctx, phone, web)
		code = f.sms.LastCode(t, phone)
		f.clock.Advance(identity.CodeTTL - time.Second)
		if _, err := f.svc.VerifyCode(ctx, phone, code, web, ""); err != nil {
			t.Fatalf("code at 4:59: %v", err)
		}
	})
}

func TestCodeLocksAfterFiveWrongTries(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.svc.RequestCode(ctx, phone, web)
		code := f.sms.LastCode(t, phone)
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		for i := 1; i <= 5; i++ {
			_, err := f.svc.VerifyCode(ctx, phone, wrong, web, "")
			want := apperr.Invalid
			if i == 5 {
				want = apperr.RateLimited
			}
			if !apperr.Is(err, want) {
				t.Fatalf("wrong try %d: %v, want %s", i, err, want)
			}
		}
		if _, err := f.svc.VerifyCode(ctx, phone, code, web, ""); !apperr.Is(err, apperr.RateLimited) {
			t.Fatalf("right code after 5 wrong tries: %v, want locked", err)
		}
		// A new code works.
		f.clock.Advance(time.Minute)
		f.svc.RequestCode(ctx, phone, web)
		if _, err := f.svc.VerifyCode(ctx, phone, f.sms.LastCode(t, phone), web, ""); err != nil {
			t.Fatalf("fresh code after a lock: %v", err)
		}
	})
}

func TestNewCodeVoidsTheOld(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.svc.RequestCode(ctx, phone, web)
		old := f.sms.LastCode(t, phone)
		f.clock.Advance(identity.CodeResendAfter) // until then the old code stands
		f.svc.RequestCode(ctx, phone, web)
		if n := f.sms.Count(phone); n != 2 {
			t.Fatalf("%d codes sent, want 2", n)
		}
		fresh := f.sms.LastCode(t, phone)
		if old != fresh {
			if _, err := f.svc.VerifyCode(ctx, phone, old, web, ""); err == nil {
				t.Fatal("a replaced code still works")
			}
		}
		if _, err := f.svc.VerifyCode(ctx, phone, fresh, web, ""); err != nil {
			t.Fatalf("newest code: %v", err)
		}
	})
}

func TestCodeRequestsAreRateLimited(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for i := 1; i <= 4; i++ {
			if i > 1 {
				f.clock.Advance(identity.CodeResendAfter) // a younger live code stands
			}
			if i == 4 {
				f.clock.Advance(identity.CodeTTL) // and so would an older one
			}
			_, err := f.svc.RequestCode(ctx, phone, web)
			if (i <= 3) != (err == nil) {
				t.Fatalf("request %d for one number: %v", i, err)
			}
		}
		if n := f.sms.Count(phone); n != 3 {
			t.Fatalf("%d messages sent, want 3", n)
		}
		// Per address: 20 requests in 10 minutes, whatever the numbers.
		other := identity.Client{IP: "198.51.100.7"}
		for i := range 21 {
			p := "0935000" + string(rune('0'+i/10)) + string(rune('0'+i%10)) + "00"
			_, err := f.svc.RequestCode(ctx, p, other)
			if (i < 20) != (err == nil) {
				t.Fatalf("request %d from one address: %v", i+1, err)
			}
			if i == 20 && !apperr.Is(err, apperr.RateLimited) {
				t.Fatalf("21st request: %v, want rate limited", err)
			}
		}
		f.clock.Advance(10 * time.Minute)
		if _, err := f.svc.RequestCode(ctx, phone, web); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}

// Two requests racing with the same right code: exactly one signs in.
func TestCodeIsSingleUseUnderConcurrency(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.svc.RequestCode(ctx, phone, web)
		code := f.sms.LastCode(t, phone)
		var wg sync.WaitGroup
		results := make([]error, 8)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, results[i] = f.svc.VerifyCode(ctx, phone, code, web, "")
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range results {
			if err == nil {
				ok++
			} else if !apperr.Is(err, apperr.Invalid) {
				t.Errorf("racing verify: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d of %d racing requests signed in, want exactly 1", ok, len(results))
		}
		var users int
		db.Read.QueryRow(`SELECT count(*) FROM users`).Scan(&users)
		if users != 1 {
			t.Fatalf("%d accounts, want 1", users)
		}
	})
}

func TestFailedSMSLeavesNoUsableCode(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.sms.Fail = true
		if _, err := f.svc.RequestCode(ctx, phone, web); !apperr.Is(err, apperr.Unavailable) {
			t.Fatalf("send failure: %v, want unavailable", err)
		}
		var live int
		db.Read.QueryRow(`SELECT count(*) FROM otp_codes WHERE voided_at IS NULL`).Scan(&live)
		if live != 0 {
			t.Fatalf("%d live codes after a failed send, want 0", live)
		}
	})
}

func TestBadInputIsRefusedWithFieldErrors(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, p := range []string{"", "021-12345678", "0912123456", "abc", "09121234567890"} {
			_, err := f.svc.RequestCode(ctx, p, web)
			ae, ok := apperr.As(err)
			if !ok || ae.Code != apperr.Invalid || len(ae.Fields) != 1 || ae.Fields[0].Name != "phone" ||
				ae.Fields[0].Msg.Fa == "" || ae.Fields[0].Msg.En == "" {
				t.Errorf("RequestCode(%q) = %v, want a bilingual phone field error", p, err)
			}
		}
		for _, c := range []string{"", "12345", "1234567", "12a456"} {
			if _, err := f.svc.VerifyCode(ctx, phone, c, web, ""); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("VerifyCode(%q) = %v, want invalid", c, err)
			}
		}
	})
}
