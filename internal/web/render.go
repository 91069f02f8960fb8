package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
)

//go:embed templates
var templateFS embed.FS

// Renderer holds every page template, parsed once at start-up, each page
// joined to the shared layout and partials.
type Renderer struct {
	base  *template.Template
	pages map[string]*template.Template
	bufs  sync.Pool
}

func newRenderer() (*Renderer, error) {
	base, err := template.New("").Funcs(template.FuncMap{"asset": Asset}).
		ParseFS(templateFS, "templates/layout/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	r := &Renderer{base: base, pages: map[string]*template.Template{},
		bufs: sync.Pool{New: func() any { return new(bytes.Buffer) }}}
	sub, _ := fs.Sub(templateFS, "templates/pages")
	return r, r.add("", sub)
}

// add parses every *.html file at the root of fsys as a page.
func (r *Renderer) add(prefix string, fsys fs.FS) error {
	files, err := fs.Glob(fsys, "*.html")
	if err != nil {
		return err
	}
	for _, f := range files {
		name := strings.TrimSuffix(f, ".html")
		if prefix != "" {
			name = prefix + "/" + name
		}
		if _, dup := r.pages[name]; dup {
			return fmt.Errorf("web: page %q defined twice", name)
		}
		t, err := template.Must(r.base.Clone()).ParseFS(fsys, f)
		if err != nil {
			return fmt.Errorf("web: parse page %s: %w", path.Join(prefix, f), err)
		}
		r.pages[name] = t
	}
	return nil
}

// Has reports whether a page of that name exists.
func (s *Server) Has(name string) bool { _, ok := s.render.pages[name]; return ok }

// Render writes a page with the given status. The page is executed into a
// buffer first, so a template error becomes a clean error page rather than
// half a page.
func (s *Server) Render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := s.render.pages[name]
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

// ExecutePage renders a page into a buffer (for tests of templates).
func (s *Server) ExecutePage(name string, data any) (string, error) {
	t, ok := s.render.pages[name]
	if !ok {
		return "", fmt.Errorf("web: no page %q", name)
	}
	var b strings.Builder
	err := t.ExecuteTemplate(&b, "layout", data)
	return b.String(), err
}
