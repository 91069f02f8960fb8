package i18n

import (
	"testing"
	"time"
)

func init() {
	Register(map[string]Text{"test.count": {Fa: "%d پیشنهاد", En: "%d proposals"}})
}

func TestFormattingByLanguage(t *testing.T) {
	t.Parallel()
	// 2026-11-21 20:45 UTC is 1405/09/01 00:15 in Tehran (UTC+3:30).
	at := time.Date(2026, 11, 21, 20, 45, 0, 0, time.UTC)
	cases := []struct{ got, want string }{
		{Fa.Date(at), "۱ آذر ۱۴۰۵"},
		{En.Date(at), "22 Nov 2026"},
		{Fa.DateNumeric(at), "۱۴۰۵/۰۹/۰۱"},
		{En.DateNumeric(at), "2026-11-22"},
		{Fa.DateTime(at), "۱۴۰۵/۰۹/۰۱ ۰۰:۱۵"},
		{Fa.Num(1250000), "۱٬۲۵۰٬۰۰۰"},
		{En.Num(1250000), "1,250,000"},
		{Fa.Int(21), "۲۱"},
		{En.Digits("۲۱"), "21"},
		{Fa.Tf("test.count", 3), "۳ پیشنهاد"},
		{En.Tf("test.count", 3), "3 proposals"},
		{Fa.T("no.such.key"), "[no.such.key]"},
		{Fa.Dir() + En.Dir(), "rtlltr"},
		{string(Fa.Other()) + string(En.Other()), "enfa"},
		{Fa.Date(time.Time{}), ""},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: got %q, want %q", i, c.got, c.want)
		}
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	if l, ok := Parse("en"); !ok || l != En {
		t.Error("en")
	}
	if l, ok := Parse("de"); ok || l != Fa {
		t.Error("an unknown language must fall back to Persian and say so")
	}
}

func TestRegisterTwicePanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Fatal("registering a key twice did not panic")
		}
	}()
	Register(map[string]Text{"test.count": {Fa: "x", En: "x"}})
}

func TestEnglishFallsBackToPersian(t *testing.T) {
	t.Parallel()
	if got := (Text{Fa: "فقط فارسی"}).In(En); got != "فقط فارسی" {
		t.Fatalf("got %q", got)
	}
}
