package apperr

import (
	"errors"
	"fmt"
	"testing"
)

func TestCodeOf(t *testing.T) {
	t.Parallel()
	wrapped := fmt.Errorf("context: %w", New(Conflict, "الف", "a"))
	cases := map[error]Code{nil: "", errors.New("boom"): Internal, wrapped: Conflict, ErrNotFound: NotFound}
	for err, want := range cases {
		if got := CodeOf(err); got != want {
			t.Errorf("CodeOf(%v) = %q, want %q", err, got, want)
		}
	}
	cause := errors.New("disk full")
	if e := Wrap(cause, Unavailable, "ب", "b"); !errors.Is(e, cause) || !Is(e, Unavailable) {
		t.Error("Wrap loses its cause or code")
	}
}

func TestValidation(t *testing.T) {
	t.Parallel()
	var v Validation
	if v.Err() != nil {
		t.Fatal("an empty validation is an error")
	}
	v.Add("phone", "شماره", "number")
	v.Add("code", "کد", "code")
	e, ok := As(v.Err())
	if !ok || e.Code != Invalid || len(e.Fields) != 2 || e.Fields[1].Name != "code" || e.Msg.Fa == "" || e.Msg.En == "" {
		t.Fatalf("validation error: %+v", e)
	}
}
