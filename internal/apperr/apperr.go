// Package apperr is the one application error type. Services return it; the
// web layer maps its Code to an HTTP status in one place and shows its
// bilingual message. Any other error is internal: logged, never shown.
package apperr

import (
	"errors"
	"fmt"

	"github.com/shahr-city/shahr/internal/i18n"
)

// Code classifies an application error.
type Code string

const (
	Invalid      Code = "invalid"       // the input is wrong; the message says how to fix it
	NotFound     Code = "not_found"     // no such record
	Conflict     Code = "conflict"      // the change clashes with existing data (a duplicate)
	Unauthorized Code = "unauthorized"  // the person must sign in first
	Forbidden    Code = "forbidden"     // signed in, but not allowed
	RateLimited  Code = "rate_limited"  // too many attempts; wait
	OutOfBounds  Code = "out_of_bounds" // a field is longer or larger than its documented limit
	TooLarge     Code = "too_large"     // the request's body is larger than its route accepts
	Unavailable  Code = "unavailable"   // a dependency (database, SMS gateway) is down
	Internal     Code = "internal"      // a bug or an unexpected failure
)

// Field is a problem with one input field of a form.
type Field struct {
	Name string
	Msg  i18n.Text
}

// Error is an application error with a message a person can read.
type Error struct {
	Code   Code
	Msg    i18n.Text
	Fields []Field
	Err    error // the underlying cause, for logs only
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Msg.En, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Msg.En)
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error with the given code and message.
func New(code Code, fa, en string) *Error {
	return &Error{Code: code, Msg: i18n.Text{Fa: fa, En: en}}
}

// Wrap attaches a cause to a new application error.
func Wrap(err error, code Code, fa, en string) *Error {
	e := New(code, fa, en)
	e.Err = err
	return e
}

// CodeOf returns the code of err: the code of the application error in its
// chain, or Internal for anything else.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var ae *Error
	if errors.As(err, &ae) {
		return ae.Code
	}
	return Internal
}

// As returns the application error in err's chain, if any.
func As(err error) (*Error, bool) {
	var ae *Error
	ok := errors.As(err, &ae)
	return ae, ok
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool { return CodeOf(err) == code }

// Validation collects field problems and becomes one Invalid error.
type Validation struct {
	Fields []Field
}

// Add records a problem with a field.
func (v *Validation) Add(field, fa, en string) {
	v.Fields = append(v.Fields, Field{Name: field, Msg: i18n.Text{Fa: fa, En: en}})
}

// Err returns nil when no problem was recorded, else an Invalid error.
func (v *Validation) Err() error {
	if len(v.Fields) == 0 {
		return nil
	}
	e := New(Invalid, "لطفاً خطاهای فرم را برطرف کنید.", "Please correct the errors in the form.")
	e.Fields = v.Fields
	return e
}

// Common errors.
var (
	ErrNotFound     = New(NotFound, "صفحه یا موردی که خواستید پیدا نشد.", "The page or item you asked for was not found.")
	ErrForbidden    = New(Forbidden, "شما اجازه دسترسی به این بخش را ندارید.", "You are not allowed to access this.")
	ErrUnauthorized = New(Unauthorized, "برای ادامه وارد شوید.", "Please sign in to continue.")
)
