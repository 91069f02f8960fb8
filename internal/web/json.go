package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/shahr-city/shahr/internal/apperr"
)

// JSON writes v as a JSON response.
func JSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, err = w.Write(append(b, '\n'))
	return err
}

type jsonField struct {
	Name      string `json:"name"`
	Message   string `json:"message"`
	MessageFa string `json:"message_fa"`
}

type jsonError struct {
	Code      apperr.Code `json:"code"`
	Message   string      `json:"message"`
	MessageFa string      `json:"message_fa"`
	Fields    []jsonField `json:"fields,omitempty"`
}

// writeJSONError answers {"error": {...}} with both languages' messages.
func writeJSONError(w http.ResponseWriter, status int, ae *apperr.Error) {
	e := jsonError{Code: ae.Code, Message: ae.Msg.En, MessageFa: ae.Msg.Fa}
	for _, f := range ae.Fields {
		e.Fields = append(e.Fields, jsonField{Name: f.Name, Message: f.Msg.En, MessageFa: f.Msg.Fa})
	}
	// An error here is a client gone away: there is no one left to tell.
	_ = JSON(w, status, map[string]jsonError{"error": e})
}

// PathID parses a numeric id from the path. Anything else is a 404: a
// malformed id names no record.
func PathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.ErrNotFound
	}
	return id, nil
}
