package iranid

import (
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestNationalIDOracle(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/national_id_cases.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var valid, invalid int
	for n, line := range strings.Split(string(data), "\n")[1:] {
		if line == "" {
			continue
		}
		id, want, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("line %d: no tab: %q", n+2, line)
		}
		got, err := NormalizeNationalID(id)
		switch want {
		case "valid":
			valid++
			if err != nil || got != id {
				t.Errorf("line %d: NormalizeNationalID(%q) = %q, %v; want valid", n+2, id, got, err)
			}
		case "invalid":
			invalid++
			if err == nil {
				t.Errorf("line %d: NormalizeNationalID(%q) = %q, want an error", n+2, id, got)
			}
		default:
			t.Fatalf("line %d: unknown validity %q", n+2, want)
		}
		if ValidNationalID(id) != (want == "valid") {
			t.Errorf("line %d: ValidNationalID(%q) disagrees with %s", n+2, id, want)
		}
	}
	if valid != 20 || invalid != 20 {
		t.Errorf("loaded %d valid and %d invalid cases, want 20 and 20", valid, invalid)
	}
}

func TestNationalID(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, want string
		err      error
	}{
		{"0014997304", "0014997304", nil},
		{"۰۰۱۴۹۹۷۳۰۴", "0014997304", nil},     // Persian digits
		{"٠٠١٤٩٩٧٣٠٤", "0014997304", nil},     // Arabic-Indic digits
		{" 001-499730-4 ", "0014997304", nil}, // the dashed printed form, padded
		{"001 499 7304", "0014997304", nil},
		{"\u200f۰۰۱۴۹۹۷۳۰۴\u200e", "0014997304", nil}, // direction marks from pasting
		{"0123456789", "0123456789", nil},             // valid by checksum (README)
		{"4591807320", "4591807320", nil},             // check digit 0
		{"1731836511", "1731836511", nil},             // check digit 1
		{"14997304", "", ErrNationalIDFormat},         // not zero-padded
		{"014997304", "", ErrNationalIDFormat},
		{"00149973041", "", ErrNationalIDFormat},
		{"", "", ErrNationalIDFormat},
		{"001499730a", "", ErrNationalIDFormat},
		{"0014997304.", "", ErrNationalIDFormat},
		{"+014997304", "", ErrNationalIDFormat},
		{"0014997305", "", ErrNationalIDChecksum},
		{"0000000000", "", ErrNationalIDChecksum},
		{"۷۷۷۷۷۷۷۷۷۷", "", ErrNationalIDChecksum},
	}
	for _, c := range cases {
		got, err := NormalizeNationalID(c.in)
		if got != c.want || !errors.Is(err, c.err) {
			t.Errorf("NormalizeNationalID(%q) = %q, %v; want %q, %v", c.in, got, err, c.want, c.err)
		}
	}
}

// TestNationalIDRepeatedDigitsPassArithmetic documents why the explicit
// repeated-digit rule is needed.
func TestNationalIDRepeatedDigitsPassArithmetic(t *testing.T) {
	t.Parallel()
	for d := byte('0'); d <= '9'; d++ {
		id := strings.Repeat(string(d), 10)
		if nationalIDCheckDigit(id) != d-'0' {
			t.Errorf("%s: expected the checksum alone to accept it", id)
		}
		if ValidNationalID(id) {
			t.Errorf("%s accepted", id)
		}
	}
}

// TestNationalIDSingleDigitChange checks that changing one digit of a valid
// ID invalidates it, except in the one case the mod-11 rule allows: r = 1
// and r = 10 both give check digit 1, so a change that moves the remainder
// between 1 and 10 keeps the ID valid. Every valid ID whose check digit is 1
// has such neighbours: 0053148071 (r = 1) and 2053148071 (r = 10) are both
// valid, since raising d0 by 2 adds 2·10 = 20 ≡ 9 (mod 11) to the sum.
func TestNationalIDSingleDigitChange(t *testing.T) {
	t.Parallel()
	rows := []string{"0014997304", "4591807320", "1731836511", "0123456789", "0832832251"}
	for _, id := range rows {
		checkSingleDigitChanges(t, id)
	}
	if !ValidNationalID("0053148071") || !ValidNationalID("2053148071") ||
		nationalIDRemainder("0053148071") != 1 || nationalIDRemainder("2053148071") != 10 {
		t.Errorf("the documented r=1/r=10 example no longer holds")
	}
}

// nationalIDRemainder returns r = Σ d_i·(10−i) mod 11 for a 10-digit string.
func nationalIDRemainder(id string) int {
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(id[i]-'0') * (10 - i)
	}
	return sum % 11
}

func checkSingleDigitChanges(t *testing.T, id string) {
	t.Helper()
	for pos := 0; pos < 10; pos++ {
		for d := byte('0'); d <= '9'; d++ {
			if d == id[pos] {
				continue
			}
			changed := id[:pos] + string(d) + id[pos+1:]
			if !ValidNationalID(changed) {
				continue
			}
			r1, r2 := nationalIDRemainder(id), nationalIDRemainder(changed)
			if pos == 9 || !(r1 == 1 && r2 == 10 || r1 == 10 && r2 == 1) {
				t.Errorf("%s valid and so is %s (one digit changed at %d; r %d → %d)", id, changed, pos, r1, r2)
			}
		}
	}
}

func TestMobileAcceptedForms(t *testing.T) {
	t.Parallel()
	const want = "09121234567"
	forms := []string{
		"09121234567",
		"+989121234567",
		"00989121234567",
		"989121234567",
		"9121234567",
		"۰۹۱۲۱۲۳۴۵۶۷",
		"٠٩١٢١٢٣٤٥٦٧",
		"+۹۸۹۱۲۱۲۳۴۵۶۷",
		"0912 123 4567",
		"0912-123-4567",
		"(0912) 123-4567",
		"+98 (912) 123 45 67",
		"0098 912 123 4567",
		" 09121234567 ",
		"\u200e+98 912 123 4567\u200f",
		"۰۹۱۲\u00a0۱۲۳\u00a0۴۵۶۷",
	}
	for _, f := range forms {
		got, err := NormalizeMobile(f)
		if err != nil || got != want {
			t.Errorf("NormalizeMobile(%q) = %q, %v; want %q", f, got, err, want)
		}
		if e := MobileE164(f); e != "+989121234567" {
			t.Errorf("MobileE164(%q) = %q", f, e)
		}
	}
}

func TestMobileUnknownPrefixAccepted(t *testing.T) {
	t.Parallel()
	// 0934 is missing from the operator table and 0997 is unassigned today;
	// neither may be rejected, since new ranges keep appearing.
	for _, in := range []string{"09341234567", "09971234567", "09001234567", "09991234567"} {
		if got, err := NormalizeMobile(in); err != nil || got != in {
			t.Errorf("NormalizeMobile(%q) = %q, %v", in, got, err)
		}
	}
}

func TestMobileRejected(t *testing.T) {
	t.Parallel()
	bad := []string{
		"",
		"0912123456",       // too short
		"091212345678",     // too long
		"912123456",        // 9 digits
		"91212345678",      // 11 digits without the 0
		"+98912123456",     // too short after +98
		"+9891212345678",   // too long after +98
		"0098912123456",    // too short after 0098
		"02112345678",      // Tehran landline
		"+982112345678",    // landline, international
		"2112345678",       // 10 digits not starting with 9
		"0812345678",       // landline without area zero
		"0912123456a",      // letter
		"09121234567x",     // trailing letter
		"abcdefghijk",      // letters only
		"+09121234567",     // + without country code
		"+19121234567",     // another country
		"++989121234567",   // double plus
		"98+9121234567",    // plus in the middle
		"0989121234567",    // 0 + 98 …
		"+9809121234567",   // +98 then trunk 0: rejected, not guessed
		"0912.123.4567",    // dots are not accepted separators
		"09121234567\x00",  // control byte
		"۰۹۱۲۱۲۳۴۵۶",       // too short in Persian digits
		"٩٨٩١٢١٢٣٤٥٦٧٨٩٠١", // far too long
	}
	for _, in := range bad {
		if got, err := NormalizeMobile(in); !errors.Is(err, ErrMobileFormat) || got != "" {
			t.Errorf("NormalizeMobile(%q) = %q, %v; want ErrMobileFormat", in, got, err)
		}
		if e := MobileE164(in); e != "" {
			t.Errorf("MobileE164(%q) = %q, want empty", in, e)
		}
	}
}

func TestMobileE164(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"09121234567": "+989121234567",
		"09351234567": "+989351234567",
		"09901234567": "+989901234567",
	}
	for in, want := range cases {
		if got := MobileE164(in); got != want {
			t.Errorf("MobileE164(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPostalCode(t *testing.T) {
	t.Parallel()
	good := map[string]string{
		"1345678901":   "1345678901",
		"13456-78901":  "1345678901",
		"۱۳۴۵۶-۷۸۹۰۱":  "1345678901",
		"١٣٤٥٦ ٧٨٩٠١":  "1345678901",
		" 9999900000 ": "9999900000",
		"3333322222":   "3333322222", // 2 and 0 are fine in the last five
		"1111111111":   "1111111111", // the strict rule has no repeat clause
	}
	for in, want := range good {
		got, err := NormalizePostalCode(in)
		if err != nil || got != want {
			t.Errorf("NormalizePostalCode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := []string{
		"",
		"134567890",   // 9 digits
		"13456789012", // 11 digits
		"0345678901",  // 0 in the first five
		"1345078901",
		"2345678901", // 2 in the first five
		"1342678901",
		"13456-7890a",
		"13456_78901",
		"1234567890", // 2 in position 2
	}
	for _, in := range bad {
		if got, err := NormalizePostalCode(in); !errors.Is(err, ErrPostalCodeFormat) || got != "" {
			t.Errorf("NormalizePostalCode(%q) = %q, %v; want ErrPostalCodeFormat", in, got, err)
		}
	}
}

var (
	tenDigits   = regexp.MustCompile(`^[0-9]{10}$`)
	mobileCanon = regexp.MustCompile(`^09[0-9]{9}$`)
	postalCanon = regexp.MustCompile(`^[13-9]{5}[0-9]{5}$`)
)

func FuzzNationalID(f *testing.F) {
	for _, s := range []string{"0014997304", "۰۰۱۴۹۹۷۳۰۴", "001-499730-4", "0000000000", "12345678", "2053148071"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := NormalizeNationalID(s)
		if err != nil {
			if id != "" {
				t.Fatalf("error %v with result %q", err, id)
			}
			if !errors.Is(err, ErrNationalIDFormat) && !errors.Is(err, ErrNationalIDChecksum) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if !tenDigits.MatchString(id) {
			t.Fatalf("accepted %q as %q: not 10 ASCII digits", s, id)
		}
		again, err := NormalizeNationalID(id)
		if err != nil || again != id {
			t.Fatalf("re-validating %q gave %q, %v", id, again, err)
		}
		// A single changed digit must invalidate the ID, except for the
		// remainder pair r=1 / r=10 that shares check digit 1.
		checkSingleDigitChanges(t, id)
	})
}

func FuzzMobile(f *testing.F) {
	for _, s := range []string{"09121234567", "+989121234567", "00989121234567", "989121234567", "9121234567", "۰۹۱۲ ۱۲۳ ۴۵۶۷", "(0912) 123-4567", "02112345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := NormalizeMobile(s)
		if err != nil {
			if m != "" || !errors.Is(err, ErrMobileFormat) {
				t.Fatalf("NormalizeMobile(%q) = %q, %v", s, m, err)
			}
			if MobileE164(s) != "" {
				t.Fatalf("MobileE164(%q) not empty for rejected input", s)
			}
			return
		}
		if !mobileCanon.MatchString(m) {
			t.Fatalf("NormalizeMobile(%q) = %q: not ^09\\d{9}$", s, m)
		}
		if again, err := NormalizeMobile(m); err != nil || again != m {
			t.Fatalf("canonical %q is not a fixed point: %q, %v", m, again, err)
		}
		if e := MobileE164(s); e != "+98"+m[1:] {
			t.Fatalf("MobileE164(%q) = %q", s, e)
		}
	})
}

func FuzzPostalCode(f *testing.F) {
	for _, s := range []string{"1345678901", "13456-78901", "۱۳۴۵۶-۷۸۹۰۱", "2345678901"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := NormalizePostalCode(s)
		if err != nil {
			if p != "" || !errors.Is(err, ErrPostalCodeFormat) {
				t.Fatalf("NormalizePostalCode(%q) = %q, %v", s, p, err)
			}
			return
		}
		if !postalCanon.MatchString(p) {
			t.Fatalf("NormalizePostalCode(%q) = %q", s, p)
		}
		if again, err := NormalizePostalCode(p); err != nil || again != p {
			t.Fatalf("%q is not a fixed point: %q, %v", p, again, err)
		}
	})
}
