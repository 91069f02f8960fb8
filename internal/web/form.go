package web

import (
	"errors"
	"net/http"

	"github.com/shahr-city/shahr/internal/apperr"
)

// MaxFormBytes bounds a form body; larger uploads get their own limits
// in the modules that accept files.
const MaxFormBytes = 4 << 20

var errTooLarge = apperr.New(apperr.Invalid, "حجم اطلاعات فرستاده‌شده بیش از حد مجاز است.",
	"The submitted data is too large.")

// ParseForm reads a form body of bounded size and checks its fields
// against the bounds its route declares (CheckForm). A route's body limit
// (Route.MaxBody) is the tighter one when the request came through the
// route table.
func ParseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return errTooLarge
		}
		return errUnreadable(err)
	}
	return CheckForm(r)
}

func errUnreadable(err error) error {
	return apperr.Wrap(err, apperr.Invalid, "فرم به درستی فرستاده نشد.", "The form could not be read.")
}

// CheckForm refuses a parsed form (a multipart one too) whose fields are
// outside the bounds its route declares: one error, 422, naming each
// such field and its limit. Values in the query string count too, since
// FormValue reads them first.
func CheckForm(r *http.Request) error {
	values := r.Form
	if values == nil {
		values = r.PostForm
	}
	return info(r.Context()).form.check(values)
}

// RenderForm shows a form again after a failed submission, with its values
// and problems. An internal error is not a form problem: it goes to the
// error page instead.
func (s *Server) RenderForm(w http.ResponseWriter, r *http.Request, err error, name string, page interface{ SetErrors(*http.Request, error) }, data any) error {
	code := apperr.CodeOf(err)
	if code == apperr.Internal || code == apperr.Unauthorized || code == apperr.Forbidden {
		return err
	}
	page.SetErrors(r, err)
	status := Status(code)
	if code == apperr.Invalid {
		status = http.StatusUnprocessableEntity
	}
	s.Render(w, r, status, name, data)
	return nil
}
