package web

import (
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/i18n"
)

// Page is what the layout needs; every page struct embeds it.
type Page struct {
	L      i18n.Lang
	Who    *auth.Principal
	Title  string // already in L
	Path   string
	Switch string // this page in the other language
	Flash  string
	Errors []apperr.Field // form problems, listed at the top and beside each field
	Form   url.Values     // submitted values, to refill a form after an error
}

// NewPage starts a page for r with a title from the catalog (titleKey may
// be empty when the handler sets Title itself). It consumes any flash.
func NewPage(w http.ResponseWriter, r *http.Request, titleKey string) Page {
	l := L(r)
	p := Page{L: l, Who: Who(r), Path: r.URL.Path, Switch: switchURL(r, l.Other())}
	if titleKey != "" {
		p.Title = l.T(titleKey)
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		if _, ok := i18n.Lookup(c.Value); ok {
			p.Flash = l.T(c.Value)
		}
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1})
	}
	return p
}

func switchURL(r *http.Request, to i18n.Lang) string {
	q := r.URL.Query()
	q.Set("lang", string(to))
	return r.URL.Path + "?" + q.Encode()
}

// T translates a catalog key into the page's language.
func (p Page) T(key string) string { return p.L.T(key) }

// SetErrors records a failed form submission: its values and problems.
func (p *Page) SetErrors(r *http.Request, err error) {
	p.Form = r.PostForm
	if ae, ok := apperr.As(err); ok {
		p.Errors = ae.Fields
		if len(p.Errors) == 0 {
			p.Errors = []apperr.Field{{Msg: ae.Msg}}
		}
	}
}

// FieldError is the message for one field, or "".
func (p Page) FieldError(name string) string {
	for _, f := range p.Errors {
		if f.Name == name {
			return p.L.Text(f.Msg)
		}
	}
	return ""
}

// Value is a submitted form value, for refilling a field.
func (p Page) Value(name string) string { return p.Form.Get(name) }

// ErrorPage shows an error with its status.
type ErrorPage struct {
	Page
	Status    int
	Message   string
	RequestID string
}

// Card is one entry of a list of links, such as an organization with its
// kind on a second line.
type Card struct {
	URL   string
	Title string
	Note  string // the second line; may be empty
	Code  string // a code shown after the note, left to right (a ballot's receipt); may be empty
}

// Cards is a list of links shown as cards. It writes its own markup:
// lists are the longest part of most pages, and html/template spends most
// of a page's time in reflective calls per value, so the list is escaped
// and joined here in one pass.
type Cards []Card

// HTML is the list's markup, every value escaped.
func (cs Cards) HTML() template.HTML {
	var b strings.Builder
	b.WriteString(`<ul class="cards">`)
	for _, c := range cs {
		b.WriteString("\n<li><a href=\"")
		b.WriteString(html.EscapeString(c.URL))
		b.WriteString(`">`)
		b.WriteString(html.EscapeString(c.Title))
		b.WriteString("</a>")
		if c.Note != "" || c.Code != "" {
			b.WriteString(`<br><span class="kind">`)
			b.WriteString(html.EscapeString(c.Note))
			if c.Code != "" {
				b.WriteString(` <bdi class="code" dir="ltr">`)
				b.WriteString(html.EscapeString(c.Code))
				b.WriteString("</bdi>")
			}
			b.WriteString("</span>")
		}
		b.WriteString("</li>")
	}
	b.WriteString("\n</ul>")
	return template.HTML(b.String())
}
