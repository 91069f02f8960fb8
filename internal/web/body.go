package web

import (
	"errors"
	"fmt"
	"mime"
	"net/http"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/persian"
)

// DefaultMaxBody is the most a route's request body holds beside what its
// form's fields and its files need (Route.MaxBody): all of a route without
// either, such as a JSON document's.
const DefaultMaxBody = 64 << 10

// limitBody holds r's body to limit bytes. A form whose declared length is
// over the limit is refused unread, and an URL-encoded form is read here,
// so that a body over the limit is refused, 413, before any handler runs
// whatever the handler reads it with. A multipart form is read by its
// handler (upload.ReadMultipart), after the checks that come first; a
// JSON document by its handler's decoder, which answers its own error.
func limitBody(w http.ResponseWriter, r *http.Request, limit int64) error {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	kind, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	isForm := kind == "application/x-www-form-urlencoded" || kind == "multipart/form-data"
	if isForm && r.ContentLength > limit {
		return BodyTooLarge(limit)
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if kind != "application/x-www-form-urlencoded" {
		return nil
	}
	if err := r.ParseForm(); err != nil {
		return BodyError(err)
	}
	return nil
}

// BodyError is the error for a body that could not be read: 413 when it
// was over its route's limit, else a form that could not be read.
func BodyError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return BodyTooLarge(tooLarge.Limit)
	}
	return errUnreadable(err)
}

// BodyTooLarge is the 413 for a body over limit bytes, saying the limit.
func BodyTooLarge(limit int64) error {
	fa, en := sizeText(limit)
	return apperr.New(apperr.TooLarge,
		fmt.Sprintf("حجم اطلاعات فرستاده‌شده بیش از حد مجاز است: این نشانی حداکثر %s می‌پذیرد.", fa),
		fmt.Sprintf("The submitted data is too large: this address accepts at most %s.", en))
}

// sizeText writes a byte count in whole kilobytes or, from one megabyte,
// whole megabytes, rounded down, as Persian and English say it.
func sizeText(n int64) (fa, en string) {
	if n >= 1<<20 {
		return persian.FormatInt(n>>20) + " مگابایت", persian.FormatIntEn(n>>20) + " MB"
	}
	return persian.FormatInt(n>>10) + " کیلوبایت", persian.FormatIntEn(n>>10) + " KB"
}
