package events_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/events"
	"github.com/shahr-city/shahr/internal/org"
)

var operator = &auth.Principal{Superuser: true}

// staffOf is a person holding role in one organization.
func staffOf(o org.Org, role auth.Role) *auth.Principal {
	return &auth.Principal{Grants: []auth.Grant{{OrgID: o.ID, Role: role}}}
}

// newEvent stores an event owned by the assembly of council chairs,
// hosted by Mashhad, a week after the test clock's start.
func newEvent(t *testing.T, e *apptest.Env, mod func(*events.Event)) events.Event {
	t.Helper()
	start := apptest.Start.AddDate(0, 0, 7)
	ev := events.Event{Kind: events.GeneralSession, TitleFa: "اجلاس عمومی مجمع، نشست آزمون", Status: events.Open,
		Organizers: []events.Organizer{{OrgID: e.Org("council-chairs-assembly").ID}}, HostOrgID: e.Org("mashhad").ID,
		StartsAt: start, EndsAt: start.Add(6 * time.Hour)}
	if mod != nil {
		mod(&ev)
	}
	ev, err := e.App.Events.Create(context.Background(), operator, ev)
	if err != nil {
		t.Fatalf("create event: %v", err)
	}
	return ev
}

func register(e *apptest.Env, who *auth.Principal, ev events.Event, o org.Org, name string) (events.Registration, error) {
	return e.App.Events.Register(context.Background(), who, events.Registration{EventID: ev.ID, OrgID: o.ID, Name: name,
		Role: "کارشناس", Email: "x@example.org"})
}

func wantCode(t *testing.T, err error, code apperr.Code, what string) {
	t.Helper()
	if apperr.CodeOf(err) != code {
		t.Fatalf("%s: error %v, want %s", what, err, code)
	}
}

func TestCapacityAndQuota(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ev := newEvent(t, e, func(ev *events.Event) { ev.Capacity, ev.OrgQuota = 3, 2 })
		tehran, mashhad, shiraz := e.Org("tehran"), e.Org("mashhad"), e.Org("shiraz")
		for _, n := range []string{"مریم احمدی", "علی رضایی"} {
			if _, err := register(e, operator, ev, tehran, n); err != nil {
				t.Fatalf("register %s: %v", n, err)
			}
		}
		_, err := register(e, operator, ev, tehran, "سوم")
		wantCode(t, err, apperr.Conflict, "a third from Tehran, quota 2")
		mine, err := register(e, operator, ev, mashhad, "حسین کاظمی")
		if err != nil {
			t.Fatal(err)
		}
		_, err = register(e, operator, ev, shiraz, "چهارم")
		wantCode(t, err, apperr.Conflict, "a fourth, capacity 3")
		if got, _ := e.App.Events.Event(context.Background(), ev.ID); got.Registered != 3 {
			t.Errorf("registered = %d, want 3", got.Registered)
		}
		if err := e.App.Events.Cancel(context.Background(), staffOf(mashhad, auth.Editor), ev.ID, mine.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := register(e, operator, ev, shiraz, "چهارم"); err != nil {
			t.Fatalf("a seat freed by a cancellation: %v", err)
		}
	})
}

// TestConcurrentRegistrations: many organizations' staff register at
// once; the capacity is never passed.
func TestConcurrentRegistrations(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		const capacity, tries = 5, 24
		ev := newEvent(t, e, func(ev *events.Event) { ev.Capacity, ev.OrgQuota = capacity, 3 })
		cities := []org.Org{e.Org("tehran"), e.Org("mashhad"), e.Org("shiraz"), e.Org("rasht")}
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, conflicts := 0, 0
		for i := range tries {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := register(e, operator, ev, cities[i%len(cities)], "شرکت‌کننده")
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case apperr.Is(err, apperr.Conflict):
					conflicts++
				default:
					t.Errorf("register: %v", err)
				}
			}()
		}
		wg.Wait()
		got, err := e.App.Events.Event(context.Background(), ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ok != capacity || got.Registered != capacity || conflicts != tries-capacity {
			t.Errorf("%d registered (%d stored), %d refused; want %d and %d", ok, got.Registered, conflicts, capacity, tries-capacity)
		}
	})
}

func TestStatusRules(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		for _, s := range []events.Status{events.Planned, events.Closed, events.Cancelled} {
			ev := newEvent(t, e, func(ev *events.Event) { ev.Status = s })
			_, err := register(e, operator, ev, e.Org("tehran"), "نام")
			wantCode(t, err, apperr.Conflict, "registering while "+string(s))
		}
		ev := newEvent(t, e, nil)
		ev.Status = events.Held
		_, err := e.App.Events.Update(ctx, operator, ev)
		wantCode(t, err, apperr.Invalid, "held before it starts")
		e.Clock.Advance(8 * 24 * time.Hour)
		if _, err := e.App.Events.Update(ctx, operator, ev); err != nil {
			t.Fatalf("held once started: %v", err)
		}
		_, err = register(e, operator, ev, e.Org("tehran"), "پس از پایان")
		wantCode(t, err, apperr.Conflict, "registering after the event")
		bad := ev
		bad.ID, bad.StartsAt, bad.EndsAt = 0, ev.EndsAt, ev.StartsAt
		_, err = e.App.Events.Create(ctx, operator, bad)
		wantCode(t, err, apperr.Invalid, "an event ending before it starts")
	})
}
