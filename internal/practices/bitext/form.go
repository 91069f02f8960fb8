package bitext

import (
	"github.com/shahr-city/shahr/internal/org"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/shahr-city/shahr/internal/web"
)

// Input is how a form field is typed.
type Input byte

const (
	Line      Input = iota // one line of Persian
	Area                   // several lines of Persian
	Latin                  // one line, left to right: English, an address, a number
	LatinArea              // several lines of English
)

// Spec is one field of a staff form: its name, its label's catalog key,
// how it is typed and an optional hint's key.
type Spec struct {
	Name, Label string
	Input       Input
	Hint        string
}

// Form is a staff form's fields with their values and problems. It
// writes its own markup, so that the library's and the catalog's forms
// look and behave alike: each field's label, hint, error and control,
// the control described by its error for screen readers.
type Form struct {
	page   *web.Page
	specs  []Spec
	values url.Values
}

// NewForm fills specs with values: the stored record's on a fresh form.
func NewForm(p *web.Page, values url.Values, specs []Spec) Form {
	return Form{page: p, specs: specs, values: values}
}

// HTML is the fields' markup, every value escaped: the submitted values
// after a failed submission (the page's Form is set then), else the
// stored ones.
func (f Form) HTML() template.HTML {
	values := f.values
	if f.page.Form != nil {
		values = f.page.Form
	}
	var b strings.Builder
	for _, s := range f.specs {
		name, errMsg := html.EscapeString(s.Name), f.page.FieldError(s.Name)
		b.WriteString("<div")
		if errMsg != "" {
			b.WriteString(` class="has-error"`)
		}
		b.WriteString(`><label for="` + name + `">` + html.EscapeString(f.page.T(s.Label)))
		if s.Hint != "" {
			b.WriteString(`<span class="hint">` + html.EscapeString(f.page.T(s.Hint)) + "</span>")
		}
		b.WriteString("</label>\n")
		attrs := ` id="` + name + `" name="` + name + `"`
		if errMsg != "" {
			b.WriteString(`<p class="field-error" id="` + name + `-error">` + html.EscapeString(errMsg) + "</p>\n")
			attrs += ` aria-describedby="` + name + `-error"`
		}
		if s.Input == Latin || s.Input == LatinArea {
			attrs += ` dir="ltr" class="ltr"`
		} else {
			attrs += ` dir="rtl" lang="fa"`
		}
		value := html.EscapeString(values.Get(s.Name))
		if s.Input == Area || s.Input == LatinArea {
			b.WriteString(`<textarea rows="5"` + attrs + ">" + value + "</textarea>")
		} else {
			b.WriteString(`<input type="text"` + attrs + ` value="` + value + `">`)
		}
		b.WriteString("</div>\n")
	}
	return template.HTML(b.String())
}

// Read copies the submitted fields into dst, trimmed, by name.
func Read(form url.Values, dst map[string]*string) {
	for name, p := range dst {
		*p = strings.TrimSpace(form.Get(name))
	}
}

// OrgHead is the top of a staff page over one organization's records:
// the organization named by the route's {slug}, its name in the page's
// language, and the address of its list.
type OrgHead struct {
	web.Page
	Org     org.Org
	OrgName string
	ListURL string
}

// NewOrgHead starts such a page; list gives the list's address from the
// organization's slug.
func NewOrgHead(w http.ResponseWriter, r *http.Request, orgs *org.Service, titleKey string, list func(slug string) string) (OrgHead, error) {
	o, err := orgs.BySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return OrgHead{}, err
	}
	hd := OrgHead{Page: web.NewPage(w, r, titleKey), Org: o, ListURL: list(o.Slug)}
	hd.OrgName = o.Name(hd.L)
	return hd, nil
}
