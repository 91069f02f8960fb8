package bitext

import (
	"net/url"
	"testing"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/web"
)

// A search adds one escaped LIKE per word to the clause, numbered after
// the clause's own arguments; no words add nothing.
func TestSearch(t *testing.T) {
	t.Parallel()
	var w store.Where
	w.Add("status = ?", "published")
	Search(&w, "p.search_key", "  بودجه  50%_off ")
	want := ` WHERE status = $1 AND p.search_key LIKE $2 ESCAPE '\' AND p.search_key LIKE $3 ESCAPE '\'`
	if w.String() != want || len(w.Args) != 3 || w.Args[2] != `%۵۰\%\_off%` {
		t.Errorf("clause %s %q", w.String(), w.Args)
	}
	var none store.Where
	if Search(&none, "k", " \t "); none.String() != "" {
		t.Errorf("blank search: %s", none.String())
	}
}

// A form shows the stored values, or after a failed submission the
// submitted ones, each field with its label, hint and problem.
func TestFormFields(t *testing.T) {
	t.Parallel()
	specs := []Spec{{Name: "title_fa", Label: "pager.pages", Input: Line}, {Name: "body_en", Label: "pager.next", Input: LatinArea, Hint: "pager.prev"}}
	p := &web.Page{L: i18n.En}
	fs := NewForm(p, url.Values{"title_fa": {"stored"}}, specs).Fields()
	if fs[0].Value != "stored" || fs[0].Label != "Pages of the list" || fs[0].Area || fs[0].Latin ||
		!fs[1].Area || !fs[1].Latin || fs[1].Hint != "Previous page" {
		t.Errorf("fresh form: %+v", fs)
	}
	p.Form = url.Values{"title_fa": {"typed"}}
	p.Errors = []apperr.Field{{Name: "title_fa", Msg: i18n.Text{Fa: "خطا", En: "wrong"}}}
	fs = NewForm(p, url.Values{"title_fa": {"stored"}}, specs).Fields()
	if fs[0].Value != "typed" || fs[0].Error != "wrong" || fs[0].Described() != ` aria-describedby="title_fa-error"` {
		t.Errorf("after a failed submission: %+v", fs[0])
	}
}
