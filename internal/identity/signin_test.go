package identity_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// The addresses of the sequences below: an attacker, and the owner of the
// number or account somewhere else.
const (
	attacker = "203.0.113.66"
	owner    = "198.51.100.20"
)

// The answers to a request for a code.
type codeAnswer string

const (
	codeSent     codeAnswer = "sent"        // a new code was texted
	codeStands   codeAnswer = "stands"      // no new code: the live one stands, as the answer says
	codeRefused  codeAnswer = "refused"     // 429, nothing texted
	codeNotAsked codeAnswer = "unavailable" // the gateway failed: 503, nothing texted
)

// codeStep is one request for the sequence's number, n times over.
type codeStep struct {
	after       time.Duration // the clock moves on this much first
	from        string
	n           int // 1 when 0
	gatewayDown bool
	others      bool       // each of the n requests is for another number
	want        codeAnswer // of every one of the n requests
	use         bool       // then the owner types the newest code texted, from their address: it signs in
}

func (s codeStep) times() int { return max(s.n, 1) }

// TestCodeRequestSequences: nobody can keep a number from its codes by
// asking for them. Only codes actually sent count against a number's
// allowance, and the allowance is per asking address; a live code is not
// replaced within CodeResendAfter, the request being told it stands.
func TestCodeRequestSequences(t *testing.T) {
	t.Parallel()
	minute := time.Minute
	ceiling := []codeStep{}
	for i := range 30 { // 30 addresses, one code each, a minute apart
		ceiling = append(ceiling, codeStep{after: minute, from: fmt.Sprintf("192.0.2.%d", i+1), want: codeSent})
	}
	ceiling = append(ceiling,
		codeStep{after: minute, from: owner, want: codeStands},      // the ceiling is reached, the last code stands
		codeStep{after: 5 * minute, from: owner, want: codeRefused}, // and once it has expired, nothing more today
		codeStep{after: 24 * time.Hour, from: owner, want: codeSent, use: true})
	for _, c := range []struct {
		name  string
		steps []codeStep
	}{
		{"an address flooding a number does not keep its owner out", []codeStep{
			{from: attacker, want: codeSent},
			{from: attacker, n: 19, want: codeStands}, // the attacker's address has asked 20 times in 10 minutes
			{from: attacker, n: 5, want: codeRefused},
			{after: 10 * time.Second, from: owner, want: codeStands, use: true}, // the code texted to the owner's phone works
			{after: 10 * minute, from: attacker, want: codeSent},
			{after: minute, from: attacker, want: codeSent},
			{after: minute, from: attacker, want: codeSent}, // 3 in 10 minutes for this number from this address
			{after: minute, from: attacker, want: codeStands},
			{after: 5 * minute, from: attacker, want: codeRefused}, // the last code expired: the attacker gets no more
			{from: owner, want: codeSent, use: true},               // but the owner does
		}},
		{"refused requests do not count", []codeStep{
			{from: attacker, n: 20, others: true, want: codeSent}, // the attacker's address has asked 20 times in 10 minutes
			{from: attacker, n: 10, want: codeRefused},
			{from: owner, want: codeSent, use: true},
			{after: 10 * minute, from: attacker, want: codeSent},
			{after: minute, from: attacker, want: codeSent},
			{after: minute, from: attacker, want: codeSent},
			{after: 6 * minute, from: attacker, n: 17, want: codeRefused}, // 20 asked; had they counted, today's 10 would be spent
			{after: 2 * minute, from: attacker, want: codeSent, use: true},
		}},
		{"codes the gateway did not send do not count", []codeStep{
			{from: owner, n: 5, gatewayDown: true, want: codeNotAsked},
			{from: owner, want: codeSent},
			{after: minute, from: owner, want: codeSent},
			{after: minute, from: owner, want: codeSent, use: true},
		}},
		{"a live code stands for a minute, then a new one replaces it", []codeStep{
			{from: owner, want: codeSent},
			{after: 30 * time.Second, from: owner, want: codeStands},
			{after: 29 * time.Second, from: attacker, want: codeStands},
			{after: time.Second, from: attacker, want: codeSent, use: true},
			{from: owner, want: codeSent},                          // a used code stands for nothing
			{after: identity.CodeTTL, from: owner, want: codeSent}, // nor does an expired one
		}},
		{"a number receives at most 30 codes a day, whoever asks", ceiling},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				f := newFixture(t, db)
				for i, s := range c.steps {
					f.clock.Advance(s.after)
					f.sms.Fail = s.gatewayDown
					for j := range s.times() {
						number := phone
						if s.others {
							number = fmt.Sprintf("093500%05d", j)
						}
						before := f.sms.Count(number)
						got := answerOf(f.svc.RequestCode(ctx, number, identity.Client{IP: s.from}))
						if sent := f.sms.Count(number) - before; got != s.want || (sent == 1) != (got == codeSent) {
							t.Fatalf("step %d, request %d from %s: %s with %d texted, want %s", i+1, j+1, s.from, got, sent, s.want)
						}
					}
					if s.use {
						if _, err := f.svc.VerifyCode(ctx, phone, f.sms.LastCode(t, phone), identity.Client{IP: owner}, ""); err != nil {
							t.Fatalf("step %d: the owner's newest code: %v", i+1, err)
						}
					}
				}
			})
		})
	}
}

// answerOf names the outcome of a request for a code.
func answerOf(r identity.CodeRequest, err error) codeAnswer {
	switch {
	case err == nil && r.AlreadySent:
		return codeStands
	case err == nil:
		return codeSent
	case apperr.Is(err, apperr.RateLimited):
		return codeRefused
	case apperr.Is(err, apperr.Unavailable):
		return codeNotAsked
	}
	return codeAnswer(err.Error())
}

// passwordStep is one staff sign-in attempt.
type passwordStep struct {
	after time.Duration
	from  string
	right bool // the right password, or a wrong one
	want  passwordAnswer
}

type passwordAnswer string

const (
	signedIn  passwordAnswer = "signed in"
	wrongPass passwordAnswer = "wrong"   // 422, the attempt counted as a failure
	mustWait  passwordAnswer = "waiting" // 429, the password not even checked
)

// TestPasswordFailuresSlowOnlyTheirAddress: wrong passwords slow down the
// address that sends them, for that account: five are free, then the next
// attempt waits 1, 2, 4 ... minutes, up to an hour. The owner at another
// address signs in all along; a success, or a quiet day, forgets.
func TestPasswordFailuresSlowOnlyTheirAddress(t *testing.T) {
	t.Parallel()
	wrong := func(after time.Duration, from string, want passwordAnswer) passwordStep {
		return passwordStep{after: after, from: from, want: want}
	}
	free := []passwordStep{}
	for range 5 {
		free = append(free, wrong(0, attacker, wrongPass))
	}
	growing := append([]passwordStep{}, free...)
	growing = append(growing,
		passwordStep{from: attacker, right: true, want: mustWait}, // even the right password waits, from there
		passwordStep{from: owner, right: true, want: signedIn})    // and not from elsewhere
	for _, wait := range []time.Duration{1, 2, 4, 8, 16, 32, 60, 60} {
		growing = append(growing,
			wrong(wait*time.Minute-time.Second, attacker, mustWait),
			passwordStep{from: owner, right: true, want: signedIn},
			wrong(time.Second, attacker, wrongPass))
	}
	growing = append(growing,
		wrong(0, attacker, mustWait),
		passwordStep{after: time.Hour, from: attacker, right: true, want: signedIn}) // a success forgets
	growing = append(growing, free...)
	growing = append(growing, wrong(0, attacker, mustWait))

	forgotten := append([]passwordStep{}, free...)
	forgotten = append(forgotten, wrong(24*time.Hour, attacker, wrongPass)) // a quiet day forgets too
	forgotten = append(forgotten, free[1:]...)
	forgotten = append(forgotten, wrong(0, attacker, mustWait))

	for _, c := range []struct {
		name  string
		email string
		steps []passwordStep
	}{
		{"the waits grow for the attacker's address only", "staff@shahr.example", growing},
		{"failures are forgotten after a quiet day", "staff@shahr.example", forgotten},
		{"an unknown email waits alike", "nobody@shahr.example", append(append([]passwordStep{}, free...), wrong(0, attacker, mustWait),
			wrong(time.Minute, attacker, wrongPass), wrong(0, attacker, mustWait), wrong(2*time.Minute, owner, wrongPass))},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				clock := apptest.NewClock(apptest.Start)
				svc, err := identity.New(ctx, db, clock.Now, &apptest.Outbox{}, apptest.DiscardLog(), identity.WithPasswordCost(apptest.TestPasswordCost))
				if err != nil {
					t.Fatal(err)
				}
				const password = "the staff member's password"
				if _, err := svc.CreateStaff(ctx, 0, identity.StaffInput{Email: "staff@shahr.example", Name: "کارمند", Password: password}); err != nil {
					t.Fatal(err)
				}
				for i, s := range c.steps {
					clock.Advance(s.after)
					pw := "a wrong password, guessed"
					if s.right {
						pw = password
					}
					_, err := svc.PasswordSignIn(ctx, c.email, pw, identity.Client{IP: s.from}, "")
					if got := passwordAnswerOf(err); got != s.want {
						t.Fatalf("step %d from %s (right password: %v): %s, want %s", i+1, s.from, s.right, got, s.want)
					}
				}
			})
		})
	}
}

func passwordAnswerOf(err error) passwordAnswer {
	switch {
	case err == nil:
		return signedIn
	case apperr.Is(err, apperr.Invalid):
		return wrongPass
	case apperr.Is(err, apperr.RateLimited):
		ae, _ := apperr.As(err)
		if ae.Msg.Fa == "" || ae.Msg.En == "" {
			return passwordAnswer("a wait without a bilingual message: " + err.Error())
		}
		return mustWait
	}
	return passwordAnswer(err.Error())
}
