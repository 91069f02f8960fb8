package ical

import (
	"strings"
	"testing"
)

// unfold undoes RFC 5545 folding: a CRLF followed by a space joins lines.
func unfold(s string) string { return strings.ReplaceAll(s, "\r\n ", "") }

// unescape undoes Text.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			if s[i] == 'n' {
				b.WriteByte('\n')
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// checkLines fails the test when folded breaks the content-line rules.
func checkLines(t *testing.T, folded string) {
	t.Helper()
	if err := CheckLines(folded); err != nil {
		t.Fatal(err)
	}
}

func TestEscapeAndFold(t *testing.T) {
	t.Parallel()
	title := "نمایشگاه خواهرشهرها، مهارت‌های حکمرانی شهری; بخش \\ دوم\nتهران"
	if got, want := Text(title), `نمایشگاه خواهرشهرها، مهارت‌های حکمرانی شهری\; بخش \\ دوم\nتهران`; got != want {
		t.Errorf("escapeText = %q, want %q", got, want)
	}
	if got := Text("a,b\r\nc\rd\x01e"); got != `a\,b\nc\nde` {
		t.Errorf("escapeText = %q", got)
	}
	var w Writer
	w.Line("SUMMARY", Text(strings.Repeat(title, 4)))
	checkLines(t, w.String())
	if got := unescape(strings.TrimPrefix(strings.TrimSuffix(unfold(w.String()), "\r\n"), "SUMMARY:")); got != strings.Repeat(title, 4) {
		t.Errorf("round trip = %q", got)
	}
}

// FuzzEscapeFold: for any text, the folded line keeps every line within
// 75 octets without splitting a character, and unfolding and unescaping
// give back the text (with newlines as LF, other controls dropped).
func FuzzEscapeFold(f *testing.F) {
	for _, s := range []string{"", "a,b;c\\d", "سلام، دنیا\nخط دوم", strings.Repeat("ی", 100), "\r\n\r", "\xff\xfe", "😀😀😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var w Writer
		w.Line("DESCRIPTION", Text(s))
		out := w.String()
		checkLines(t, out)
		want := strings.ToValidUTF8(s, "\uFFFD")
		want = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(want)
		want = strings.Map(func(r rune) rune {
			if r == '\n' || r == '\t' || (r >= 0x20 && r != 0x7f) {
				return r
			}
			return -1
		}, want)
		if got := unescape(strings.TrimPrefix(strings.TrimSuffix(unfold(out), "\r\n"), "DESCRIPTION:")); got != want {
			t.Fatalf("round trip of %q = %q, want %q", s, got, want)
		}
	})
}
