package app_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/demo"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/web"
)

// TestBodyLimits sends each kind of route a body one byte over its limit
// (web.Route.MaxBody), with its length declared and streamed without one:
// it is refused, 413, with a message saying the limit, and nothing is
// stored. A body at the limit is read: a form of short fields, refused
// for its field's length; a form of long texts; a form with files; a
// route that reads no form at all.
func TestBodyLimits(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		run := newBoundsRun(t, e)
		routes := map[string]web.Route{}
		for _, rt := range e.App.Web.Routes() {
			routes[rt.Key()] = rt
		}
		ideas := run.process(demo.IdeasSlug)
		for _, c := range []struct {
			what, key, path string
			c               *apptest.Client
			field           string // the form's field the body fills
			multipart       bool
			atLimit         int // the status of a body at the limit
		}{
			{"a form of short fields", "POST /account/name", "/account/name", run.citizen, "name", false, http.StatusUnprocessableEntity},
			{"a form of long texts", "POST /admin/orgs/{slug}/practices", "/admin/orgs/tehran/practices", run.super, "x", false,
				http.StatusUnprocessableEntity},
			{"a form with files", "POST /budgets/{slug}/proposals", "/budgets/" + ideas.Slug + "/proposals", run.citizen, "files", true,
				http.StatusUnprocessableEntity},
			{"a route that reads no form", "POST /account/notifications/read", "/account/notifications/read", run.citizen, "x", false,
				http.StatusSeeOther},
		} {
			limit := routes[c.key].MaxBody()
			if c.key == "POST /admin/orgs/{slug}/practices" && limit <= 2*web.DefaultMaxBody {
				t.Errorf("%s: the practices' form may send %d bytes, no more than a form of short fields", c.what, limit)
			}
			for _, chunked := range []bool{false, true} {
				before := run.fingerprint()
				r := c.c.Do(bodyOf(e, c.path, c.field, c.multipart, chunked, int(limit)+1))
				fa := persian.FormatInt(limit>>10) + " کیلوبایت"
				if limit >= 1<<20 {
					fa = persian.FormatInt(limit>>20) + " مگابایت"
				}
				if r.Status != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body, fa) {
					t.Errorf("%s, %d bytes (chunked %v): %d, want 413 saying %s\n%.800s", c.what, limit+1, chunked, r.Status, fa, r.Body)
				}
				if after := run.fingerprint(); after != before {
					t.Errorf("%s: a body over the limit changed the database", c.what)
				}
			}
			if r := c.c.Do(bodyOf(e, c.path, c.field, c.multipart, false, int(limit))); r.Status != c.atLimit {
				t.Errorf("%s, at its limit of %d bytes: %d, want %d", c.what, limit, r.Status, c.atLimit)
			}
		}
	})
}

// bodyOf is a same-origin POST to path whose body, size bytes, is field
// filled with letters: URL-encoded, or multipart as a file.
func bodyOf(e *apptest.Env, path, field string, multi, chunked bool, size int) *http.Request {
	var body bytes.Buffer
	contentType := "application/x-www-form-urlencoded"
	if multi {
		mw := multipart.NewWriter(&body)
		mw.SetBoundary("limitsboundary")
		head := body.Len()
		fw, _ := mw.CreateFormFile(field, "big.pdf")
		frame := body.Len() - head + len("\r\n--limitsboundary--\r\n")
		fw.Write([]byte(strings.Repeat("a", size-frame)))
		mw.Close()
		contentType = mw.FormDataContentType()
	} else {
		body.WriteString(url.QueryEscape(field) + "=" + strings.Repeat("a", size-len(field)-1))
	}
	if body.Len() != size {
		panic(fmt.Sprintf("a body of %d bytes, want %d", body.Len(), size))
	}
	var r io.Reader = &body
	if chunked {
		r = struct{ io.Reader }{&body} // no length: sent in chunks
	}
	req, _ := http.NewRequest(http.MethodPost, e.Server.URL+path, r)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Origin", e.Server.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return req
}
