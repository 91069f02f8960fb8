package practices_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/practices"
)

// sample is a valid practice of the organization with the given id.
func sample(orgID int64, title string) practices.Practice {
	return practices.Practice{OrgID: orgID, TitleFa: title, TitleEn: "Participatory budgeting in " + title,
		ProblemFa: "شهروندان در تصمیم‌گیری بودجه محله سهمی نداشتند.", ActionFa: "طرح‌های پیشنهادی مردم در ۱۲ منطقه به رأی گذاشته شد.",
		ResultsFa: "مشارکت بیشتر ساکنان", Tags: []string{"مشارکت", "بودجه", "نوآوری شهری"},
		ContactName: "دبیرخانه", ContactEmail: "pb@example.org"}
}

// create stores p as the operator and fails the test on error.
func create(t *testing.T, e *apptest.Env, p practices.Practice) practices.Practice {
	t.Helper()
	got, err := e.App.Library.Create(context.Background(), practices.Actor{ID: 1}, p)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// publishedTitles runs a public search and returns the titles found.
func publishedTitles(t *testing.T, e *apptest.Env, q practices.Query) []string {
	t.Helper()
	ps, total, err := e.App.Library.List(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if total != len(ps) {
		t.Errorf("total %d, listed %d", total, len(ps))
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.TitleFa)
	}
	return out
}

// TestSearchNormalized: Arabic yeh and kaf, Persian and ASCII digits and
// half-spaces typed either way find the same practice; a draft is never
// found by the public.
func TestSearchNormalized(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		karaj := e.Org("karaj").ID
		p := sample(karaj, "بودجه‌ریزی مشارکتی کرج")
		p.ResultsFa = "۱۲ طرح کوچک محله‌ای اجرا شد"
		p = create(t, e, p)
		if got := publishedTitles(t, e, practices.Query{Search: "کرج"}); len(got) != 0 { // no demo practice names Karaj
			t.Fatalf("a draft was found: %v", got)
		}
		if _, err := e.App.Library.Publish(ctx, practices.Actor{ID: 1}, karaj, p.ID); err != nil {
			t.Fatal(err)
		}
		create(t, e, sample(e.Org("mashhad").ID, "سرمایه‌گذاری مشترک شهرهای کوچک"))
		for _, q := range []string{
			"كرج",                 // Arabic kaf
			"مشاركتي",             // Arabic kaf and yeh
			"بودجه ریزی",          // a space where the title has a half-space
			"بودجهریزی",           // no space at all
			"بودجه\u200cریزی کرج", // with the half-space, two words
			"12 طرح",              // ASCII digits for Persian ones
			"۱۲ طرح",
			"participatory", // the English title, any case
		} {
			// In Karaj: the demo's District 21 practice is also about
			// participatory budgeting.
			got := publishedTitles(t, e, practices.Query{Search: q, City: "karaj"})
			if len(got) != 1 || got[0] != p.TitleFa {
				t.Errorf("search %q found %v, want the Karaj practice", q, got)
			}
		}
		for _, q := range []string{"شیراز", "13 طرح", "100%", "_"} {
			if got := publishedTitles(t, e, practices.Query{Search: q}); len(got) != 0 {
				t.Errorf("search %q found %v, want nothing", q, got)
			}
		}
	})
}

// TestFilters: by tag (either spelling), by commission, by city (its
// districts included), counted on top of the demo's practices.
func TestFilters(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		op := practices.Actor{ID: 1, Operator: true}
		before := map[practices.Query]int{}
		for _, q := range []practices.Query{{Tag: "مشاركت"}, {Tag: "نوآوری‌شهری"}, {Tag: "آموزش"}, {City: "tehran"}, {City: "karaj"}, {City: "shiraz"}, {}} {
			before[q] = len(publishedTitles(t, e, q))
		}
		for _, slug := range []string{"tehran-district-21", "karaj"} {
			p := sample(e.Org(slug).ID, "تجربه "+slug)
			if slug == "karaj" {
				p.Tags = []string{"آموزش"}
			}
			p = create(t, e, p)
			if _, err := e.App.Library.Publish(ctx, op, p.OrgID, p.ID); err != nil {
				t.Fatal(err)
			}
		}
		cases := []struct {
			q     practices.Query
			added int // how many of the two above it adds to the demo's
		}{
			{practices.Query{Tag: "مشاركت"}, 1},      // Arabic kaf
			{practices.Query{Tag: "نوآوری‌شهری"}, 1}, // the commission, half-space
			{practices.Query{Tag: "آموزش"}, 1},
			{practices.Query{City: "tehran"}, 1}, // District 21 is in Tehran
			{practices.Query{City: "karaj"}, 1},
			{practices.Query{City: "shiraz"}, 0},
			{practices.Query{}, 2},
		}
		for _, c := range cases {
			if got := publishedTitles(t, e, c.q); len(got) != before[c.q]+c.added {
				t.Errorf("%+v: found %v, want %d more than the demo's %d", c.q, got, c.added, before[c.q])
			}
		}
		tags, err := e.App.Library.Tags(ctx)
		seen := map[string]int{}
		for _, tag := range tags {
			seen[tag]++
		}
		if err != nil || seen["مشارکت"] != 1 || seen["نوآوری شهری"] != 1 || seen["آموزش"] != 1 {
			t.Errorf("tags %v, %v; want مشارکت, نوآوری شهری and آموزش once each", tags, err)
		}
	})
}

// TestPublishRules walks a practice through its states: draft →
// published → taken down by the operator with a reason → restored only
// by the operator; each change audited under the organization's path.
func TestPublishRules(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		lib := e.App.Library
		karaj := e.Org("karaj")
		staff, op := practices.Actor{ID: 7}, practices.Actor{ID: 1, Operator: true}
		p := create(t, e, sample(karaj.ID, "عضویت در متروپلیس"))
		if p.Status != practices.Draft {
			t.Fatalf("new practice is %s, want draft", p.Status)
		}
		if _, err := lib.Publish(ctx, staff, e.Org("mashhad").ID, p.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another city published it: %v", err)
		}
		if _, err := lib.Unpublish(ctx, op, p.ID, "نادرست"); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("a draft was taken down: %v", err)
		}
		p, err := lib.Publish(ctx, staff, karaj.ID, p.ID)
		if err != nil || p.Status != practices.Published || p.PublishedAt.IsZero() {
			t.Fatalf("publish: %+v, %v", p, err)
		}
		if _, err := lib.Publish(ctx, staff, karaj.ID, p.ID); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("published twice: %v", err)
		}
		if _, err := lib.Unpublish(ctx, staff, p.ID, "دلیل"); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("staff took it down: %v", err)
		}
		if _, err := lib.Unpublish(ctx, op, p.ID, ""); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("taken down without a reason: %v", err)
		}
		p, err = lib.Unpublish(ctx, op, p.ID, "اطلاعات تماس نادرست است")
		if err != nil || p.Status != practices.Unpublished || p.UnpublishReason != "اطلاعات تماس نادرست است" {
			t.Fatalf("unpublish: %+v, %v", p, err)
		}
		// Staff may still correct it, but not put it back.
		p.ContactPhone = "۰۲۶-۳۴۵۶۷۸۹۰"
		if p, err = lib.Update(ctx, staff, karaj.ID, p); err != nil || p.Status != practices.Unpublished {
			t.Fatalf("update: %+v, %v", p, err)
		}
		if _, err := lib.Publish(ctx, staff, karaj.ID, p.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("staff restored it: %v", err)
		}
		if p, err = lib.Publish(ctx, op, karaj.ID, p.ID); err != nil || p.Status != practices.Published || p.UnpublishReason != "" {
			t.Fatalf("operator restore: %+v, %v", p, err)
		}
		entries, err := audit.List(ctx, e.App.DB.Read, e.App.Identity, audit.Query{OrgPath: karaj.Path})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, en := range entries {
			if en.Entity == "practice" && en.EntityID == strconv.FormatInt(p.ID, 10) {
				actions = append(actions, en.Action)
			}
		}
		if len(actions) != 5 {
			t.Errorf("audited %v, want create, publish, unpublish, update, publish", actions)
		}
	})
}

// TestValidation: missing texts and bad contacts are refused with a field
// error, and a second practice with the same title (in another spelling)
// in one organization is a conflict.
func TestValidation(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		karaj := e.Org("karaj").ID
		bad := map[string]func(*practices.Practice){
			"title_fa":      func(p *practices.Practice) { p.TitleFa = " " },
			"problem_fa":    func(p *practices.Practice) { p.ProblemFa = "" },
			"action_fa":     func(p *practices.Practice) { p.ActionFa = "" },
			"contact_name":  func(p *practices.Practice) { p.ContactName = "" },
			"contact_email": func(p *practices.Practice) { p.ContactEmail = "not-an-address" },
			"contact_phone": func(p *practices.Practice) { p.ContactPhone = "call me" },
		}
		for field, spoil := range bad {
			p := sample(karaj, "تجربه")
			spoil(&p)
			_, err := e.App.Library.Create(ctx, practices.Actor{ID: 1}, p)
			ae, ok := apperr.As(err)
			if !ok || ae.Code != apperr.Invalid || len(ae.Fields) == 0 || ae.Fields[0].Name != field {
				t.Errorf("%s: got %v", field, err)
			}
		}
		create(t, e, sample(karaj, "آموزش کارکنان"))
		if _, err := e.App.Library.Create(ctx, practices.Actor{ID: 1}, sample(karaj, "آموزش\u200cکارکنان")); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("same title twice: %v", err)
		}
		create(t, e, sample(e.Org("mashhad").ID, "آموزش کارکنان")) // another city may use it
	})
}
