package sms_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/sms"
)

func TestHTTPSender(t *testing.T) {
	t.Parallel()
	var got struct{ To, Text string }
	var auth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		if err := json.NewDecoder(r.Body).Decode(&got); err != nil {
			t.Error(err)
		}
		if got.To == "+989120000000" {
			w.WriteHeader(http.StatusAccepted)
			return
		}
		http.Error(w, "no", http.StatusBadGateway)
	}))
	defer srv.Close()
	s := sms.NewHTTPSender(srv.URL, "secret-key")
	if err := s.Send(context.Background(), sms.Message{To: "09120000000", Text: "کد: ۱۲۳۴۵۶"}); err != nil {
		t.Fatal(err)
	}
	if auth != "Bearer secret-key" || got.Text != "کد: ۱۲۳۴۵۶" {
		t.Fatalf("gateway saw auth %q text %q", auth, got.Text)
	}
	err := s.Send(context.Background(), sms.Message{To: "09130000000", Text: "x"})
	if err == nil || !strings.Contains(err.Error(), "502") || strings.Contains(err.Error(), "secret-key") {
		t.Fatalf("failed send: %v (want the status, never the key)", err)
	}
}

func TestLogSender(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	s := sms.LogSender{Log: slog.New(slog.NewJSONHandler(&buf, nil))}
	if err := s.Send(context.Background(), sms.Message{To: "09120000000", Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"to":"09120000000"`) || !strings.Contains(buf.String(), `"text":"hello"`) {
		t.Fatalf("log = %s", buf.String())
	}
}
