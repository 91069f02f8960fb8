package bitext

import (
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
// how it is typed, an optional hint's key and the most characters it
// holds.
type Spec struct {
	Name, Label string
	Input       Input
	Hint        string
	Max         int
}

// Bounds are the bounds of specs' fields, for the routes that read them.
func Bounds(specs []Spec) web.Fields {
	fs := make(web.Fields, len(specs))
	for i, s := range specs {
		fs[i] = web.Text(s.Name, s.Label, s.Max)
	}
	return fs
}

// Form is a staff form's fields with their values and problems, shown
// by the layout's "bitext-fields" partial, so that the library's and the
// catalog's forms look and behave alike.
type Form struct {
	page   *web.Page
	specs  []Spec
	values url.Values
}

// NewForm fills specs with values: the stored record's on a fresh form.
func NewForm(p *web.Page, values url.Values, specs []Spec) Form {
	return Form{page: p, specs: specs, values: values}
}

// Field is one field of a Form: the layout's field with its value and
// how it is typed.
type Field struct {
	web.Field
	Value string
	Area  bool // several lines
	Latin bool // left to right
}

// Fields are the form's fields with the submitted values after a failed
// submission (the page's Form is set then), else the stored ones.
func (f Form) Fields() []Field {
	values := f.values
	if f.page.Form != nil {
		values = f.page.Form
	}
	out := make([]Field, len(f.specs))
	for i, s := range f.specs {
		out[i] = Field{Field: f.page.Field(s.Name, s.Label, s.Hint), Value: values.Get(s.Name),
			Area: s.Input == Area || s.Input == LatinArea, Latin: s.Input == Latin || s.Input == LatinArea}
	}
	return out
}

// Read copies the submitted fields into dst, trimmed, by name.
func Read(form url.Values, dst map[string]*string) {
	for name, p := range dst {
		*p = strings.TrimSpace(form.Get(name))
	}
}
