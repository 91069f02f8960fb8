package web

import (
	"html"
	"html/template"
	"strings"
)

// Field is one form field as the layout's "field" partial shows it: its
// name (the control's id), its label and hint in the page's language, and
// its problem after a failed submission.
type Field struct {
	Name, Label, Hint, Error string
	Group                    bool // a group of controls: a fieldset with a legend, not a label
}

// Field is the field name labelled by the catalog's label and hint (""
// for none: a field whose label stands apart shows only its problem), with
// its problem, if any.
func (p Page) Field(name, label, hint string) Field {
	f := Field{Name: name, Error: p.FieldError(name)}
	if label != "" {
		f.Label = p.T(label)
	}
	if hint != "" {
		f.Hint = p.T(hint)
	}
	return f
}

// FieldText is like Field with the label and hint already in the page's
// language: a label the page composes, or a hint with numbers in it.
func (p Page) FieldText(name, label, hint string) Field {
	return Field{Name: name, Label: label, Hint: hint, Error: p.FieldError(name)}
}

// Grouped is f shown as a group of controls.
func (f Field) Grouped() Field {
	f.Group = true
	return f
}

// FieldGroup is like Field for a group of controls (radio buttons, a pair
// of inputs) shown as a fieldset whose legend is the label.
func (p Page) FieldGroup(name, label, hint string) Field {
	return p.Field(name, label, hint).Grouped()
}

// Described is the attribute that ties the field's control to its hint
// and its problem for screen readers, ` aria-describedby="name-hint
// name-error"`, naming those it has; "" when it has neither.
func (f Field) Described() template.HTMLAttr {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.Name+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.Name+"-error")
	}
	if ids == nil {
		return ""
	}
	return template.HTMLAttr(` aria-describedby="` + html.EscapeString(strings.Join(ids, " ")) + `"`)
}
