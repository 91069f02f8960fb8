package events_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/demo"
	"github.com/shahr-city/shahr/internal/events"
)

// TestDemo checks the demo's events, and that loading the demo again adds
// nothing.
func TestDemo(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		all, err := e.App.Events.Events(ctx, events.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[events.Kind]int{}
		for _, ev := range all {
			kinds[ev.Kind]++
		}
		// Five general sessions of the fifth term and the next one; three board sessions.
		if kinds[events.GeneralSession] != 6 || kinds[events.BoardSession] != 3 || kinds[events.Exhibition] != 1 || kinds[events.TrainingCourse] != 1 {
			t.Errorf("demo events by kind: %v", kinds)
		}
		// The assembly's sessions are hosted by the cities (their councils organize them).
		for _, ev := range all {
			if (ev.Kind == events.GeneralSession || ev.Kind == events.BoardSession) && !strings.HasPrefix(ev.City("fa"), "شهرداری ") {
				t.Errorf("%s is hosted by %q, want the city's municipality", ev.TitleFa, ev.City("fa"))
			}
		}
		up, err := e.App.Events.Upcoming(ctx, events.Filter{})
		if err != nil || len(up) != 2 {
			t.Fatalf("upcoming: %d, %v", len(up), err)
		}
		exhibition := all[kindAt(all, events.Exhibition)]
		xs, _ := e.App.Events.Exhibitors(ctx, exhibition.ID)
		if len(xs) != 7 || exhibition.City("fa") != "شهرداری تهران" {
			t.Errorf("exhibition: %d exhibitors in %q", len(xs), exhibition.City("fa"))
		}
		course := all[kindAt(all, events.TrainingCourse)]
		if course.Registered != 6 {
			t.Errorf("the course has %d registrations, want 6", course.Registered)
		}
		if err := demo.Load(ctx, e.App.DB, e.App.Orgs, e.App.Identity, e.Clock.Now, apptest.DiscardLog()); err != nil {
			t.Fatal(err)
		}
		again, _ := e.App.Events.Events(ctx, events.Filter{})
		if len(again) != len(all) {
			t.Errorf("loading the demo again: %d events, was %d", len(again), len(all))
		}
		if r := e.Client().Get("/events"); !strings.Contains(r.Body, "دوره آموزشی متروپلیس") {
			t.Error("the calendar does not show the coming training course")
		}
	})
}

// kindAt is the index of the first event of kind k (0 when none).
func kindAt(evs []events.Event, k events.Kind) int {
	return max(slices.IndexFunc(evs, func(ev events.Event) bool { return ev.Kind == k }), 0)
}
