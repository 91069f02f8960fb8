package rules

import (
	"reflect"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/apperr"
)

func TestSettingsFormRoundTrip(t *testing.T) {
	t.Parallel()
	st := DefaultSettings()
	st.Majorities[Referral] = OfSeated
	st.QuorumNum, st.QuorumDen = 3, 4
	got, err := ParseSettings(st.Values())
	if err != nil || !reflect.DeepEqual(got, st) {
		t.Fatalf("%+v, %v; want %+v", got, err, st)
	}
	// Persian and Arabic digits, as a clerk types them.
	form := st.Values()
	form.Set("objection_days", "۱۴")
	form.Set("reconsider_days", "١٠")
	if got, err := ParseSettings(form); err != nil || got.ObjectionDays != 14 || got.ReconsiderDays != 10 {
		t.Fatalf("%+v, %v", got, err)
	}
}

// TestSettingsFormRefusals: each bound refuses the first value outside
// it, naming its field in Persian and English.
func TestSettingsFormRefusals(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ field, value string }{
		{"quorum_den", "0"}, {"quorum_den", "13"}, {"quorum_num", "1"}, {"quorum_num", "4"},
		{"min_signatories", "0"}, {"min_signatories", "22"},
		{"commission_days", "0"}, {"commission_days", "366"}, {"commission_days_single", "31"},
		{"objection_days", "0"}, {"reconsider_days", "366"}, {"dispute_days", ""},
		{"dispute_days", "-1"}, {"dispute_days", "چهارده"}, {"dispute_days", "99999999999999999999999"},
		{"majority_clause", "most"}, {"majority_urgency_double", ""},
	} {
		form := DefaultSettings().Values()
		form.Set(c.field, c.value)
		_, err := ParseSettings(form)
		e, ok := apperr.As(err)
		if !ok || e.Code != apperr.Invalid || len(e.Fields) != 1 || e.Fields[0].Name != c.field {
			t.Errorf("%s=%q: %v", c.field, c.value, err)
			continue
		}
		if m := e.Fields[0].Msg; m.Fa == "" || m.En == "" || strings.ContainsAny(m.Fa, "0123456789يك") {
			t.Errorf("%s=%q: message %+v", c.field, c.value, m)
		}
	}
	st := DefaultSettings()
	st.Majorities["filibuster"] = OfPresent
	if err := st.Validate(); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("a majority for an unknown motion: %v", err)
	}
}

// FuzzParseSettings: whatever a form sends, parsing never panics, and
// what it accepts is valid and survives a round trip.
func FuzzParseSettings(f *testing.F) {
	f.Add("quorum_num", "2", "majority_clause", "present")
	f.Add("quorum_den", "۳", "objection_days", "١٤")
	f.Add("commission_days_single", "31", "commission_days", "30")
	f.Add("dispute_days", "+1", "majority_referral", "absolute")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		form := DefaultSettings().Values()
		form.Set(k1, v1)
		form.Set(k2, v2)
		st, err := ParseSettings(form)
		if err != nil {
			if !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("%v: %v", form, err)
			}
			return
		}
		if err := st.Validate(); err != nil {
			t.Fatalf("%v accepted as %+v: %v", form, st, err)
		}
		again, err := ParseSettings(st.Values())
		if err != nil || !reflect.DeepEqual(again, st) {
			t.Fatalf("%+v came back as %+v, %v", st, again, err)
		}
		if _, err := Decide(Tally{Yes: 5, Absent: 2}, Snapshot{Seats: 7, Seated: 7, Present: 5}, st.MajorityFor(Clause), st); err != nil {
			t.Fatal(err)
		}
	})
}
