package persian

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// loadTSV reads a two-column oracle file from testdata. Fields are never
// trimmed: some inputs begin or end with spaces or ZWNJ on purpose.
func loadTSV(t testing.TB, name string) [][2]string {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	var rows [][2]string
	for n, line := range lines[1:] { // skip the header
		if line == "" {
			continue
		}
		a, b, ok := strings.Cut(line, "\t")
		if !ok || strings.Contains(b, "\t") {
			t.Fatalf("%s:%d: want exactly two tab-separated fields: %q", name, n+2, line)
		}
		rows = append(rows, [2]string{a, b})
	}
	return rows
}

// vis shows a string with every invisible or easily confused character
// spelled out, e.g. "شهرداری<U+200C>ها", followed by the fully escaped Go
// literal, so a failure message can be read without a hex dump.
func vis(s string) string {
	var b strings.Builder
	b.WriteString("«")
	for _, r := range s {
		switch {
		case r == ' ':
			b.WriteString("␣")
		case r == utf8.RuneError, unicode.IsMark(r), unicode.Is(unicode.Cf, r),
			unicode.IsSpace(r), unicode.IsControl(r), r == '\u0640',
			r >= 0xfb50 && r <= 0xfeff,                  // presentation forms look like normal letters
			r == '\u064a', r == '\u0649', r == '\u0643', // Arabic yeh/kaf look like Persian ones
			r >= '\u0660' && r <= '\u0669': // Arabic-Indic digits look like Persian ones
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString("» ")
	b.WriteString(fmt.Sprintf("%+q", s))
	return b.String()
}

func TestNormalizeOracle(t *testing.T) {
	t.Parallel()
	rows := loadTSV(t, "persian_normalize_cases.tsv")
	if len(rows) != 77 {
		t.Errorf("loaded %d cases, want 77", len(rows))
	}
	for i, c := range rows {
		in, want := c[0], c[1]
		if got := Normalize(in); got != want {
			t.Errorf("case %d (line %d):\n input    %s\n expected %s\n got      %s", i+1, i+2, vis(in), vis(want), vis(got))
		}
	}
}

func TestNormalizeIdempotentOnOracle(t *testing.T) {
	t.Parallel()
	for i, c := range loadTSV(t, "persian_normalize_cases.tsv") {
		// Every expected value is a fixed point of the profile.
		if got := Normalize(c[1]); got != c[1] {
			t.Errorf("case %d: expected value is not a fixed point:\n expected %s\n got      %s", i+1, vis(c[1]), vis(got))
		}
		for _, s := range c {
			once := Normalize(s)
			if twice := Normalize(once); twice != once {
				t.Errorf("case %d: not idempotent on %s:\n once  %s\n twice %s", i+1, vis(s), vis(once), vis(twice))
			}
		}
	}
}

func TestSearchKeyPairs(t *testing.T) {
	t.Parallel()
	rows := loadTSV(t, "persian_name_match_pairs.tsv")
	if len(rows) != 31 {
		t.Errorf("loaded %d pairs, want 31", len(rows))
	}
	for i, p := range rows {
		ka, kb := SearchKey(p[0]), SearchKey(p[1])
		if ka != kb {
			t.Errorf("pair %d: keys differ:\n a %s → %s\n b %s → %s", i+1, vis(p[0]), vis(ka), vis(p[1]), vis(kb))
		}
		if ka == "" {
			t.Errorf("pair %d: empty key for %s", i+1, vis(p[0]))
		}
	}
}

func TestSearchKey(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"شهرستان قائم‌شهر", "قایمشهر"},
		{"شهرستان  قائم شهر", "قایمشهر"}, // Normalize collapses the double space first
		{"شهرستان", "شهرستان"},           // no name after it: nothing to drop
		{"مرکز شهرستان کرج", "مرکزشهرستانکرج"},
		{"تأمین", "تامین"},
		{"إسلام", "اسلام"},
		{"مؤسسه", "موسسه"},
		{"آب", "اب"},
		{"جزء", "جز"},
		{"منطقه 21", "منطقه۲۱"},
		{"", ""},
	}
	for _, c := range cases {
		if got := SearchKey(c.in); got != c.want {
			t.Errorf("SearchKey(%s) = %s, want %s", vis(c.in), vis(got), vis(c.want))
		}
	}
}

// TestNormalizeChoices pins down behaviour the oracle file does not cover,
// mostly choices this implementation had to make.
func TestNormalizeChoices(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"only separators", " \u200c\t\u00a0 ", ""},
		{"line breaks are spaces", "شورای\nشهر\r\nتهران", "شورای شهر تهران"},
		{"zwnj next to latin dropped", "abc\u200cdef", "abcdef"},
		{"zwnj next to digit dropped", "۲\u200cب", "۲ ب"},
		{"diacritic between zwnj runs", "ب\u200c\u064e\u200cب", "ب\u200cب"},
		{"urdu heh goal with hamza", "\u06c2", "ه"},
		{"nami prefix", "نمی دانم", "نمی\u200cدانم"},
		{"mi after bracket", "( می شود )", "(می\u200cشود)"},
		{"mi after digit", "۲می شود", "۲ می\u200cشود"},
		{"mi inside word not split", "کمی بیشتر", "کمی بیشتر"},
		{"mi before number not joined", "می 2", "می ۲"},
		{"suffix before digit joins", "شهر ها2", "شهر\u200cها ۲"},
		{"suffix on one-letter word", "و ها", "و ها"},
		{"suffix not whole word", "شهر هاست", "شهر هاست"},
		{"suffix after latin not joined", "abc ها", "abc ها"},
		{"heh ezafe needs word", "ه ی", "ه ی"},
		{"heh ezafe at end", "خانه ی", "خانه\u200cی"},
		{"heh enclitic not whole word", "خانه اید\u200cها", "خانه اید\u200cها"},
		{"hehha needs a word before", "هها", "هها"},
		{"hehha in plural", "محلههای شهر", "محله\u200cهای شهر"},
		{"punctuation both sides", "« سلام »", "«سلام»"},
		{"latin digit not spaced", "A4", "A۴"},
		{"nfkc fullwidth digits", "１２", "۱۲"},
		{"latin mark composition after deletion", "e\u0654\u0301", "é"},
		{"latin composition after zwnj removal", "e\u200c\u0301", "é"},
		{"invalid utf8", "a\xffb", "a\ufffdb"},
	}
	for _, c := range cases {
		got := Normalize(c.in)
		if got != c.want {
			t.Errorf("%s: Normalize(%s)\n got  %s\n want %s", c.name, vis(c.in), vis(got), vis(c.want))
		}
		if again := Normalize(got); again != got {
			t.Errorf("%s: not idempotent: %s → %s", c.name, vis(got), vis(again))
		}
	}
}

func FuzzNormalize(f *testing.F) {
	// The committed corpus in testdata/fuzz/FuzzNormalize holds the oracle
	// inputs and tricky strings; add the oracle file too in case it grows.
	data, err := os.ReadFile("testdata/persian_normalize_cases.tsv")
	if err == nil {
		for _, line := range strings.Split(string(data), "\n")[1:] {
			if a, _, ok := strings.Cut(line, "\t"); ok {
				f.Add(a)
			}
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := Normalize(s)
		if utf8.ValidString(s) && !utf8.ValidString(once) {
			t.Fatalf("valid input %s gave invalid UTF-8 %q", vis(s), once)
		}
		if !utf8.ValidString(once) {
			t.Fatalf("output is not valid UTF-8: %q", once)
		}
		if twice := Normalize(once); twice != once {
			t.Fatalf("not idempotent:\n input %s\n once  %s\n twice %s", vis(s), vis(once), vis(twice))
		}
		// SearchKey must not panic either.
		_ = SearchKey(s)
	})
}

// benchSentence is a realistic council news sentence: mixed digit scripts,
// Arabic yeh and kaf, a tatweel, a fathatan, spaced suffixes and a prefix.
const benchSentence = "شوراي اسلامي شهر تهـران در جلسه 12 آبان، لايحه بودجه ٤٥٦ را با " +
	"اصلاحات تصويب كرد و شهرداري ها موظف شدند گزارش پروژه هاي منطقه21 را " +
	"تا پايان سال 1403 ارائه كنند؛ اين مصوبه حتماً اجرا مي شود ( به گفته رئيس شورا ) ."

func BenchmarkNormalize(b *testing.B) {
	b.SetBytes(int64(len(benchSentence)))
	b.ReportAllocs()
	for b.Loop() {
		Normalize(benchSentence)
	}
}

// BenchmarkNormalizeClean measures the common case of already-normalized
// text, such as a stored name being re-checked.
func BenchmarkNormalizeClean(b *testing.B) {
	clean := Normalize(benchSentence)
	b.SetBytes(int64(len(clean)))
	b.ReportAllocs()
	for b.Loop() {
		Normalize(clean)
	}
}

func BenchmarkSearchKey(b *testing.B) {
	const name = "شهرستان قائم شهر"
	b.ReportAllocs()
	for b.Loop() {
		SearchKey(name)
	}
}

// alphabet for TestNormalizeIdempotentRandom: the characters the rules look
// at, so that random strings hit rule boundaries far more often than the
// byte-level fuzzer does.
var alphabet = []rune(" \u200c\u00ac\u00a0\t\nمینهاترایشدوبکك يى ة ۀ ە ھ ہ ء أ ئ ؤ آ ا ٔ ٓ ً َ ِ ّ ـ ٰ" +
	"0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹.:!،؛؟»)]}«([{/-" +
	"aeAé\u0301\u0308\u0327\u200d\u200e\u1100\u1161\u11a8\u0656\u065f\u06d6\u06ed\ufdfc\ufefb\ufe70\ufc5e\ufb8e\uffff")

func TestNormalizeIdempotentRandom(t *testing.T) {
	t.Parallel()
	n := 50000
	if testing.Short() {
		n = 5000
	}
	rng := rand.New(rand.NewPCG(1, 2))
	buf := make([]rune, 0, 24)
	for range n {
		buf = buf[:0]
		for range 1 + rng.IntN(16) {
			buf = append(buf, alphabet[rng.IntN(len(alphabet))])
		}
		s := string(buf)
		once := Normalize(s)
		if twice := Normalize(once); twice != once {
			t.Fatalf("not idempotent:\n input %s\n once  %s\n twice %s", vis(s), vis(once), vis(twice))
		}
	}
}

// TestArabicClass derives the classes of the Arabic block from the unicode
// and NFKC tables, as arabicClass documents them, and compares.
func TestArabicClass(t *testing.T) {
	t.Parallel()
	var want [256]uint8
	for i := range want {
		r := rune(0x0600 + i)
		if unicode.IsLetter(r) && r != tatweel {
			want[i] |= clsLetter
		}
		if unicode.IsMark(r) {
			want[i] |= clsMark
		}
		if p := norm.NFKC.PropertiesString(string(r)); p.BoundaryBefore() && norm.NFKC.String(string(r)) == string(r) ||
			(r >= '\u064b' && r <= '\u0652') || r == '\u0670' {
			want[i] |= clsNFKCSafe
		}
	}
	if want == arabicClass {
		return
	}
	var b strings.Builder
	for i := 0; i < len(want); i += 16 {
		b.WriteByte('\t')
		for j := i; j < i+16; j++ {
			fmt.Fprintf(&b, "%d, ", want[j])
		}
		fmt.Fprintf(&b, "// U+%04X\n", 0x0600+i)
	}
	t.Errorf("arabicClass differs from the unicode tables; it should read:\n%s", b.String())
}
