package persian

import "strings"

// countyPrefix is dropped by SearchKey: official lists write "شهرستان X"
// where maps and people write just "X".
const countyPrefix = "شهرستان "

// SearchKey returns the key under which a name is indexed and looked up. Two
// spellings of one name give the same key even when they differ in hamza
// seat, half-spaces or spaces (قائم شهر / قایم شهر, بندر انزلی / بندرانزلی,
// دره‌شهر / دره شهر). It is not meant for display.
//
// Steps: Normalize; drop a leading "شهرستان "; fold the hamza letters
// ئ→ی, أ→ا, إ→ا, ؤ→و, آ→ا and delete a standalone ء, because official
// and popular spellings disagree on where (and whether) to write the hamza;
// delete every space and ZWNJ, because word division in compound names is
// inconsistent between sources.
func SearchKey(s string) string {
	n := strings.TrimPrefix(Normalize(s), countyPrefix)
	var b strings.Builder
	b.Grow(len(n))
	for _, r := range n {
		switch r {
		case '\u0626': // ئ
			r = persianYeh
		case '\u0623', '\u0625', '\u0622': // أ إ آ
			r = alef
		case '\u0624': // ؤ
			r = '\u0648' // و
		case '\u0621', ' ', zwnj: // ء, space, ZWNJ
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
