package events_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/events"
	"github.com/shahr-city/shahr/internal/upload"
)

func TestAttendance(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		ev := newEvent(t, e, nil)
		a, _ := register(e, operator, ev, e.Org("tehran"), "حاضر")
		b, _ := register(e, operator, ev, e.Org("shiraz"), "غایب")
		err := e.App.Events.SetAttendance(ctx, staffOf(e.Org("mashhad"), auth.Admin), ev.ID, []int64{a.ID})
		wantCode(t, err, apperr.Forbidden, "attendance by a city that does not organize")
		organizer := staffOf(e.Org("council-chairs-assembly"), auth.Secretariat)
		if err := e.App.Events.SetAttendance(ctx, organizer, ev.ID, []int64{a.ID}); err != nil {
			t.Fatal(err)
		}
		x, _ := register(e, operator, newEvent(t, e, nil), e.Org("karaj"), "دیگری")
		err = e.App.Events.SetAttendance(ctx, organizer, ev.ID, []int64{x.ID})
		wantCode(t, err, apperr.NotFound, "attendance naming another event's registration")
		regs, err := e.App.Events.Registrations(ctx, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range regs {
			if g.Attended != (g.ID == a.ID) {
				t.Errorf("%s attended = %v", g.Name, g.Attended)
			}
		}
		ev.Status = events.Cancelled
		if _, err := e.App.Events.Update(ctx, organizer, ev); err != nil {
			t.Fatal(err)
		}
		err = e.App.Events.SetAttendance(ctx, organizer, ev.ID, []int64{b.ID})
		wantCode(t, err, apperr.Conflict, "attendance at a cancelled event")
	})
}

var pdf = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

func TestMaterials(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		ev := newEvent(t, e, nil)
		add := func(m events.Material, files ...upload.File) (events.Material, error) {
			m.EventID = ev.ID
			return e.App.Events.AddMaterial(ctx, operator, m, files)
		}
		_, err := add(events.Material{TitleFa: "متن", URL: "javascript:alert(1)"})
		wantCode(t, err, apperr.Invalid, "a script link")
		_, err = add(events.Material{TitleFa: "هر دو", URL: "https://example.org"}, upload.File{Name: "a.pdf", Data: pdf})
		wantCode(t, err, apperr.Invalid, "a link and a file")
		_, err = add(events.Material{TitleFa: "صفحه", URL: ""}, upload.File{Name: "a.pdf", Data: []byte("<html><script>x</script>")})
		wantCode(t, err, apperr.Invalid, "an HTML file named .pdf")
		_, err = add(events.Material{TitleFa: "هیچ"})
		wantCode(t, err, apperr.Invalid, "neither file nor link")
		link, err := add(events.Material{TitleFa: "گزارش خبری", URL: "https://example.org/report"})
		if err != nil {
			t.Fatal(err)
		}
		file, err := add(events.Material{TitleFa: "برنامه اجلاس"}, upload.File{Name: "../برنامه.pdf", Data: pdf})
		if err != nil {
			t.Fatal(err)
		}
		ms, err := e.App.Events.Materials(ctx, ev.ID)
		if err != nil || len(ms) != 2 || ms[0].ID != link.ID || ms[1].ContentType != "application/pdf" || ms[1].Name != "برنامه.pdf" {
			t.Fatalf("materials = %+v, %v", ms, err)
		}
		_, data, err := e.App.Events.File(ctx, file.ID)
		if err != nil || !bytes.Equal(data, pdf) {
			t.Fatalf("file: %v", err)
		}
		_, _, err = e.App.Events.File(ctx, link.ID)
		wantCode(t, err, apperr.NotFound, "a link has no file")
	})
}
