// Package sms sends text messages to mobile phones. The gateway is an
// interface because providers differ and tests cannot reach one: the log
// sender (the default, for development and demos) writes the message to the
// log; the HTTP sender posts it to a provider's API.
package sms

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/shahr-city/shahr/internal/iranid"
)

// Message is one text to one canonical mobile number (09xxxxxxxxx).
type Message struct {
	To   string
	Text string
}

// Sender delivers messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// LogSender writes each message to a logger instead of sending it. It is
// for development and demos only: the log then holds one-time codes.
type LogSender struct {
	Log *slog.Logger
}

// Send logs the message.
func (s LogSender) Send(ctx context.Context, m Message) error {
	s.Log.InfoContext(ctx, "sms (log sender; not delivered)", "to", m.To, "text", m.Text)
	return nil
}

// HTTPSender posts each message as JSON {"to": "+989...", "text": "..."} to
// URL with the header "Authorization: Bearer KEY". Most Iranian SMS
// providers accept this shape or a thin adapter in front of them.
type HTTPSender struct {
	URL    string
	Key    string
	Client *http.Client
}

// NewHTTPSender returns a sender with a bounded timeout.
func NewHTTPSender(url, key string) *HTTPSender {
	return &HTTPSender{URL: url, Key: key, Client: &http.Client{Timeout: 10 * time.Second}}
}

// Send posts the message and fails unless the provider answers 2xx. The
// error names the status, never the key.
func (s *HTTPSender) Send(ctx context.Context, m Message) error {
	body, err := json.Marshal(struct {
		To   string `json:"to"`
		Text string `json:"text"`
	}{iranid.MobileE164(m.To), m.Text})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("sms: bad gateway URL: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+s.Key)
	resp, err := s.Client.Do(req)
	if err != nil {
		return fmt.Errorf("sms: gateway unreachable: %w", err)
	}
	defer resp.Body.Close()
	// Drained so the connection is reused; a failure only closes it.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("sms: gateway answered %s", resp.Status)
	}
	return nil
}
