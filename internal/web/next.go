package web

import (
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SafeNext returns the "next" form or query value if it is a local path,
// and "/" otherwise: where to go after signing in, or saving a form.
func SafeNext(r *http.Request) string { return safeNext(r.FormValue("next")) }

// safeNext returns next when every browser resolves it to a page of this
// site, and "/" otherwise. It refuses rather than repairs: a next this
// site wrote is already a clean path, so anything else is a crafted one.
func safeNext(next string) string {
	if !isLocalPath(next) {
		return "/"
	}
	return next
}

// maxDecodings is how many layers of percent-encoding isLocalPath peels
// off a path; one wrapped deeper is refused. No link of this site
// encodes a path more than once.
const maxDecodings = 3

// isLocalPath reports whether next is a path on this site, with an
// optional query: no scheme, host or user, and a path that, raw and at
// every layer of percent-decoding, starts with a single "/", is already
// clean (no dot segments, no doubled slashes) and holds no backslash,
// control or white-space character. Browsers read "\" as "/", drop tabs
// and newlines, and trim spaces, so each of those could turn "/x" into
// "//host"; a page behind this site that decodes a path once more must
// not find one either. http.Redirect cleans the path it is given, so a
// path must be clean already for the one checked to be the one sent.
func isLocalPath(next string) bool {
	if !strings.HasPrefix(next, "/") || hasUnsafeRune(next) {
		return false
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return false
	}
	p, _, _ := strings.Cut(next, "?")
	p, _, _ = strings.Cut(p, "#")
	for range maxDecodings + 1 {
		if !isCleanPath(p) {
			return false
		}
		decoded, err := url.PathUnescape(p)
		if err != nil {
			return false
		}
		if decoded == p {
			return true
		}
		p = decoded
	}
	return false
}

// isCleanPath reports whether p starts with one slash, not two, holds no
// unsafe rune, and is left as it is by path.Clean but for a trailing
// slash.
func isCleanPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || hasUnsafeRune(p) {
		return false
	}
	return p == "/" || path.Clean(p) == strings.TrimSuffix(p, "/")
}

// hasUnsafeRune reports a backslash, a control or white-space character
// (Unicode's too: U+00A0, U+3000...) or bytes that are not UTF-8.
func hasUnsafeRune(s string) bool {
	for _, r := range s {
		if r == '\\' || r == utf8.RuneError || unicode.IsControl(r) || unicode.IsSpace(r) {
			return true
		}
	}
	return false
}

// nextParam writes a local path as the value of a "next" query parameter.
// Slashes may stay as they are in a query, and stay readable; everything
// else that has a meaning there ("&", "#", "%", "+") is escaped, so the
// path's own query string comes back whole.
func nextParam(next string) string {
	return strings.ReplaceAll(url.QueryEscape(next), "%2F", "/")
}
