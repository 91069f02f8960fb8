package web

import (
	"html"
	"html/template"
)

// Field is one form field as the layout's "field" partial shows it: its
// name (the control's id), its label and hint in the page's language, and
// its problem after a failed submission.
type Field struct {
	Name, Label, Hint, Error string
	Group                    bool // a group of controls: a fieldset with a legend, not a label
}

// Field is the field name labelled by the catalog's label and hint (""
// for none), with its problem, if any.
func (p Page) Field(name, label, hint string) Field {
	f := Field{Name: name, Label: p.T(label), Error: p.FieldError(name)}
	if hint != "" {
		f.Hint = p.T(hint)
	}
	return f
}

// FieldGroup is like Field for a group of controls (radio buttons, a pair
// of inputs) shown as a fieldset whose legend is the label.
func (p Page) FieldGroup(name, label, hint string) Field {
	f := p.Field(name, label, hint)
	f.Group = true
	return f
}

// Described is the attribute that ties a field's control to its problem
// for screen readers, ` aria-describedby="name-error"`, when it has one.
func (p Page) Described(name string) template.HTMLAttr {
	return Field{Name: name, Error: p.FieldError(name)}.Described()
}

// Described is the attribute that ties the field's control to its
// problem, when it has one.
func (f Field) Described() template.HTMLAttr {
	if f.Error == "" {
		return ""
	}
	return template.HTMLAttr(` aria-describedby="` + html.EscapeString(f.Name) + `-error"`)
}
