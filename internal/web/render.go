package web

import (
	"bytes"
	"embed"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/shahr-city/shahr/internal/i18n"
)

//go:embed templates
var templateFS embed.FS

// languages are the interface languages pages are compiled for.
var languages = []i18n.Lang{i18n.Fa, i18n.En}

// Renderer holds every page template, parsed once at start-up for each
// language, each page joined to the shared layout and partials.
//
// Catalog messages are fixed once the program has started, so a template's
// {{.T "key"}} is replaced by the message itself, escaped, when the
// template is compiled for a language. Pages then render with far fewer
// reflective calls, which is most of the cost of a page.
type Renderer struct {
	base  map[i18n.Lang]*template.Template
	pages map[i18n.Lang]map[string]*template.Template
	bufs  sync.Pool
}

func newRenderer() (*Renderer, error) {
	r := &Renderer{base: map[i18n.Lang]*template.Template{}, pages: map[i18n.Lang]map[string]*template.Template{},
		bufs: sync.Pool{New: func() any { return new(bytes.Buffer) }}}
	layouts, err := fs.Glob(templateFS, "templates/layout/*.html")
	if err != nil {
		return nil, err
	}
	for _, l := range languages {
		base := template.New("").Funcs(template.FuncMap{"asset": Asset})
		for _, f := range layouts {
			if err := parseTranslated(base, templateFS, f, l); err != nil {
				return nil, fmt.Errorf("web: parse layout: %w", err)
			}
		}
		r.base[l], r.pages[l] = base, map[string]*template.Template{}
	}
	sub, _ := fs.Sub(templateFS, "templates/pages")
	return r, r.add("", sub)
}

// The patterns below are compiled when the first renderer is made, not at
// start-up, which commands that render nothing should not pay for.
var (
	// staticMessage matches a catalog call with a constant key.
	staticMessage = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{\{\$?\.T "([a-z0-9_.]+)"\}\}`) })
	// staticAsset matches an asset URL call with a constant name.
	staticAsset = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{\{asset "([a-z0-9_./-]+)"\}\}`) })
)

// parseTranslated parses one file into t with its constant catalog calls
// replaced by the escaped message in l, and its asset calls by their URLs.
// Unknown keys are left as calls, so they show as [key] exactly as they
// would have.
func parseTranslated(t *template.Template, fsys fs.FS, file string, l i18n.Lang) error {
	b, err := fs.ReadFile(fsys, file)
	if err != nil {
		return err
	}
	text := staticMessage().ReplaceAllStringFunc(string(b), func(call string) string {
		key := staticMessage().FindStringSubmatch(call)[1]
		if msg, ok := i18n.Lookup(key); ok {
			return html.EscapeString(msg.In(l))
		}
		return call
	})
	text = staticAsset().ReplaceAllStringFunc(text, func(call string) string {
		return html.EscapeString(Asset(staticAsset().FindStringSubmatch(call)[1]))
	})
	text = languageConstants(l).Replace(text)
	_, err = t.New(path.Base(file)).Parse(text)
	return err
}

// languageConstants replaces the layout's questions about the language,
// whose answers are fixed for a template compiled for l.
func languageConstants(l i18n.Lang) *strings.Replacer {
	return strings.NewReplacer("{{.L}}", string(l), "{{.L.Dir}}", l.Dir(),
		"{{.L.Other}}", string(l.Other()), "{{.L.Other.Name}}", html.EscapeString(l.Other().Name()))
}

// add parses every *.html file at the root of fsys as a page. Files whose
// names start with "_" are the module's partials: they are parsed into
// each of its pages, not rendered alone.
func (r *Renderer) add(prefix string, fsys fs.FS) error {
	files, err := fs.Glob(fsys, "*.html")
	if err != nil {
		return err
	}
	partials, _ := fs.Glob(fsys, "_*.html")
	for _, f := range files {
		if strings.HasPrefix(f, "_") {
			continue
		}
		name := strings.TrimSuffix(f, ".html")
		if prefix != "" {
			name = prefix + "/" + name
		}
		for _, l := range languages {
			if _, dup := r.pages[l][name]; dup {
				return fmt.Errorf("web: page %q defined twice", name)
			}
			t := template.Must(r.base[l].Clone())
			for _, part := range append(partials, f) {
				if err := parseTranslated(t, fsys, part, l); err != nil {
					return fmt.Errorf("web: parse page %s: %w", path.Join(prefix, part), err)
				}
			}
			r.pages[l][name] = t
		}
	}
	return nil
}

// Render writes a page with the given status. The page is executed into a
// buffer first, so a template error becomes a clean error page rather than
// half a page.
func (s *Server) Render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := s.render.pages[L(r)][name]
	if !ok {
		s.opts.Log.ErrorContext(r.Context(), "no such page template", "page", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	buf := s.render.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer s.render.bufs.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
		s.opts.Log.ErrorContext(r.Context(), "render", "page", name, "request_id", RequestID(r), "error", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
