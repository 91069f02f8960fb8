package rules

import (
	"net/url"
	"strconv"

	"github.com/shahr-city/shahr/internal/persian"
)

// maxTyped is where a typed number is clamped, far above every bound.
const maxTyped = 1 << 20

// ParseSettings reads a council's settings from its form: each number in
// any digits, each motion's majority by name (majority_<motion>). Every
// field is required; a missing one is refused like a wrong one, so that
// a half-filled form never falls back to a value nobody chose.
func ParseSettings(form url.Values) (Settings, error) {
	var v validation
	num := func(f field) int {
		n, ok := persian.ParseWhole(form.Get(f.name))
		if !ok || form.Get(f.name) == "" {
			v.notNumber(f)
			return 0
		}
		// Any number this large is out of every bound; clamping keeps the
		// arithmetic on it from overflowing before Validate says so.
		return int(min(n, maxTyped))
	}
	st := Settings{
		QuorumNum:            num(fieldQuorumNum),
		QuorumDen:            num(fieldQuorumDen),
		MinSignatories:       num(fieldSignatories),
		CommissionDaysNormal: num(fieldCommissionNormal),
		CommissionDaysSingle: num(fieldCommissionSingle),
		ObjectionDays:        num(fieldObjection),
		ReconsiderDays:       num(fieldReconsider),
		DisputeDays:          num(fieldDispute),
		Majorities:           make(map[Motion]Majority, len(Motions())),
	}
	for _, k := range Motions() {
		st.Majorities[k] = Majority(form.Get(majorityField(k)))
	}
	if err := v.Err(); err != nil {
		return Settings{}, err
	}
	if err := st.Validate(); err != nil {
		return Settings{}, err
	}
	return st, nil
}

// Values is st as its form sends it; ParseSettings(st.Values()) is st.
func (st Settings) Values() url.Values {
	form := url.Values{}
	for f, n := range map[field]int{
		fieldQuorumNum:        st.QuorumNum,
		fieldQuorumDen:        st.QuorumDen,
		fieldSignatories:      st.MinSignatories,
		fieldCommissionNormal: st.CommissionDaysNormal,
		fieldCommissionSingle: st.CommissionDaysSingle,
		fieldObjection:        st.ObjectionDays,
		fieldReconsider:       st.ReconsiderDays,
		fieldDispute:          st.DisputeDays,
	} {
		form.Set(f.name, strconv.Itoa(n))
	}
	for k, m := range st.Majorities {
		form.Set(majorityField(k), string(m))
	}
	return form
}
