// Package persian holds the Persian text tools the rest of the product relies
// on: the text normalizer that runs on every stored name and every search
// input, the search key built on top of it, and digit conversion and number
// formatting for the Persian interface.
//
// The normalizer implements the profile documented in the project's oracle
// README ("Persian text normalization"). The rules are applied in the order the
// profile lists them; the comments below say why each one exists.
package persian

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const (
	zwnj       = '\u200c' // zero-width non-joiner, the Persian "half-space"
	notSign    = '\u00ac' // ¬: old Persian keyboards typed the half-space with this key
	tatweel    = '\u0640' // kashida: a stretching stroke, never part of the spelling
	persianYeh = '\u06cc' // ی
	keheh      = '\u06a9' // ک
	heh        = '\u0647' // ه
	alef       = '\u0627' // ا
	meem       = '\u0645' // م
	noon       = '\u0646' // ن
	persian0   = '\u06f0' // ۰
	arabic0    = '\u0660' // ٠
)

// Normalize rewrites Persian text into one canonical spelling so that text
// typed on different keyboards, pasted from Arabic-script sources, or written
// with or without half-spaces compares equal. The steps, in order:
//
//  0. NFKC (folds Arabic presentation forms, ligatures such as ﻻ and ﷼,
//     NBSP; composes ا+U+0653 into آ).
//  1. Arabic yeh ي and alef maksura ى → Persian yeh ی.
//  2. Arabic kaf ك and swash kaf ڪ → keheh ک.
//  3. Heh variants ە ہ ھ ۀ ة (and the Urdu ۂ ۃ) → ه.
//  4. ASCII and Arabic-Indic digits → Persian digits ۰–۹.
//  5. Diacritics U+064B–U+0655, superscript alef U+0670 and tatweel removed.
//  6. Whitespace runs → one space, ends trimmed; ¬ → ZWNJ; ZWNJ runs → one
//     ZWNJ, kept only between two Persian letters.
//  7. Standalone می / نمی followed by a space and a Persian word → joined
//     with ZWNJ.
//  8. Suffixes ها های هایی تر تری ترین after a word of two or more letters,
//     and ی ای ام ات اش اند ایم اید after a word ending in ه, joined with
//     ZWNJ; هها inside a word → ه‌ها.
//  9. No space before . : ! ، ؛ ؟ » ) ] } or after « ( [ {; a space between
//     Persian digits and Persian letters.
//
// Every whitespace character (tab, newline, NBSP, ...) counts as a space, so
// line breaks are not preserved: the function is meant for names, titles and
// search input, not for laying out paragraphs. Each run of invalid UTF-8
// bytes becomes one U+FFFD. "Persian letter" means any letter of the Arabic
// script. Other invisible characters (ZWJ, LRM/RLM, BOM) are kept as they
// are; the profile does not mention them.
//
// Normalize is idempotent: Normalize(Normalize(s)) == Normalize(s).
func Normalize(s string) string {
	if s == "" {
		return ""
	}
	if !utf8.ValidString(s) {
		// Decide once how broken bytes look, so that the NFKC step and the
		// rune loop below agree on them and a second run sees the same text.
		s = strings.ToValidUTF8(s, "\ufffd")
	}
	out, exotic := normalizeOnce(s)
	// Steps 5, 6 and 9 delete characters (marks, tatweel, ZWNJ, spaces). In
	// scripts with combining marks this can bring together two characters
	// that NFKC would now compose or reorder, e.g. Latin "e", U+0654, U+0301:
	// once U+0654 is gone, NFKC turns "e"+U+0301 into "é", so the result
	// would change on a second run. Only text that held a character outside
	// the nfkcSafe set can be affected (normalizeOnce reports it as exotic);
	// for such rare text we run the profile again until the output is
	// NFKC-stable, which makes the whole function a fixed point. One extra
	// round has always been enough in testing; the bound is a safeguard.
	for i := 0; exotic && i < 8 && !norm.NFKC.IsNormalString(out); i++ {
		next, ex := normalizeOnce(out)
		if next == out {
			break
		}
		out, exotic = next, ex
	}
	return out
}

// normalizeOnce runs steps 0–9 once. exotic reports whether the output may
// hold characters that could take part in an NFKC composition or reordering
// (see Normalize).
func normalizeOnce(s string) (out string, exotic bool) {
	// Short texts (names, search input) keep their rune buffer on the stack.
	var stack [256]rune
	buf, ok := foldRunes(stack[:0], s, true)
	if !ok {
		// Step 0. Most text never gets here: foldRunes handles it without
		// NFKC because every character in it is one that NFKC leaves alone
		// (see nfkcSafe). norm.NFKC.String returns s itself when nothing
		// changes.
		buf, _ = foldRunes(buf[:0], norm.NFKC.String(s), false)
		exotic = true
	}

	joinAffixes(buf) // steps 7 and 8 (except هها), in place

	// Step 8 (هها) and step 9 while writing the result.
	var b strings.Builder
	b.Grow(len(s) + 16)
	var prev rune = -1 // last rune written
	for i, r := range buf {
		if r == ' ' {
			// Step 9: Persian typography puts no space inside brackets and
			// quotes or before closing punctuation; typists often do.
			if (i > 0 && isOpener(buf[i-1])) || (i+1 < len(buf) && isCloser(buf[i+1])) {
				continue
			}
			b.WriteByte(' ')
			prev = ' '
			continue
		}
		// Step 9: "منطقه21" is two tokens, district and number; separating
		// them lets both be found and lets the number be read as a number.
		if (isPersianDigit(prev) && isPersianLetter(r)) || (isPersianLetter(prev) && isPersianDigit(r)) {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		prev = r
		// Step 8: a word ending in ه followed directly by ها ("محلهها")
		// is the plural written without its half-space. Inside a word هها
		// practically only arises that way, so it is split without a
		// lexicon (as Hazm does).
		if r == heh && i > 0 && i+2 < len(buf) && buf[i+1] == heh && buf[i+2] == alef && isPersianLetter(buf[i-1]) {
			b.WriteRune(zwnj)
			prev = zwnj
		}
	}
	return b.String(), exotic
}

// foldRunes applies steps 1–6 to s and appends the result to buf. With
// checkSafe it gives up (ok = false) at the first character that is not
// nfkcSafe, so that the caller can apply NFKC first.
func foldRunes(buf []rune, s string, checkSafe bool) (_ []rune, ok bool) {
	// Steps 1–6 in a single pass. Separators (spaces and ZWNJ) are not
	// written when seen; they are remembered and decided when the next kept
	// character arrives, because whether a ZWNJ survives depends on both of
	// its neighbours after the deletions of step 5.
	pendingSpace, pendingZWNJ := false, false
	for _, r := range s {
		if checkSafe && !nfkcSafe(r) {
			return buf, false
		}
		r = mapRune(r)
		switch {
		case r < 0:
			continue // deleted by step 5
		case r == ' ':
			pendingSpace = true
			continue
		case r == zwnj:
			pendingZWNJ = true
			continue
		}
		// Nothing is written before the first character, which trims
		// leading separators; trailing ones are never flushed.
		if len(buf) > 0 {
			if pendingSpace {
				// A run that holds any space becomes one space. A ZWNJ next
				// to a space is meaningless (the space already breaks the
				// join), so it goes.
				buf = append(buf, ' ')
			} else if pendingZWNJ && isPersianLetter(buf[len(buf)-1]) && isPersianLetter(r) {
				// A ZWNJ only does something between two Arabic-script
				// letters; elsewhere it is invisible noise that would break
				// matching.
				buf = append(buf, zwnj)
			}
		}
		pendingSpace, pendingZWNJ = false, false
		buf = append(buf, r)
	}
	return buf, true
}

// nfkcSafe reports whether r may skip step 0: NFKC leaves it unchanged in any
// context, or maps it to what the later steps produce anyway. That holds for
// ASCII, NBSP (both give a space), « » ¬ ZWNJ, and the Arabic block except the
// hamza and madda marks that compose with a preceding letter (ا+U+0653 → آ),
// the compatibility letters U+0675–U+0678 and the combining marks that step 5
// keeps (those can be reordered). The vowel marks step 5 deletes are safe:
// they compose with nothing and disappear either way.
func nfkcSafe(r rune) bool {
	switch {
	case r < 0x80:
		return true
	case r >= 0x0600 && r <= 0x06ff:
		return arabicClass[r-0x0600]&clsNFKCSafe != 0
	}
	switch r {
	case '\u00a0', '«', '»', notSign, zwnj:
		return true
	}
	return false
}

// mapRune applies steps 1–5 and the character part of step 6 to one rune. It
// returns -1 for a rune to delete, ' ' for any whitespace and zwnj for a
// half-space.
func mapRune(r rune) rune {
	switch {
	case r < 0x80:
		if r >= '0' && r <= '9' {
			// Step 4: Persian text is written with Persian digits; one digit
			// script means numbers in names and titles compare equal.
			return persian0 + (r - '0')
		}
		if r == ' ' || (r >= '\t' && r <= '\r') {
			return ' '
		}
		return r
	case r >= 0x0600 && r <= 0x06ff:
		switch r {
		case '\u064a', '\u0649':
			// Step 1: Arabic keyboards and Arabic sources give ي and ى; in
			// Persian both are the one letter ی, and the Arabic forms render
			// with dots in final position, which Persian readers see as wrong.
			return persianYeh
		case '\u0643', '\u06aa':
			// Step 2: Arabic ك and swash ڪ are the Persian ک.
			return keheh
		case '\u06d5', '\u06c1', '\u06be', '\u06c0', '\u0629', '\u06c2', '\u06c3':
			// Step 3: ە ہ ھ are other scripts' codepoints for heh; ۀ (heh
			// with the ezafe hamza) and Arabic ة are spelled with plain ه in
			// names and search, so "بودجۀ" and "بودجه" meet. ۂ and ۃ are the
			// Urdu counterparts of ۀ and ة.
			return heh
		case tatweel:
			// Step 5: tatweel only stretches a word for justification.
			return -1
		}
		if r >= arabic0 && r <= arabic0+9 {
			return persian0 + (r - arabic0) // step 4
		}
		if (r >= '\u064b' && r <= '\u0655') || r == '\u0670' {
			// Step 5: vowel marks, shadda, sukun and hamza marks are optional
			// in Persian writing; most text omits them, so they must not make
			// two spellings differ. (ا+U+0653 and friends were already composed
			// into آ أ إ ؤ ئ by NFKC, so the letters that need them keep them.)
			return -1
		}
		return r
	case r == notSign:
		return zwnj // step 6: ¬ is the half-space typed on old keyboards
	case r == zwnj:
		return zwnj
	case unicode.IsSpace(r):
		return ' ' // step 6: NBSP, tabs, line breaks and other spaces
	}
	return r
}

// joinAffixes applies steps 7 and 8 (except هها) to buf in place by turning
// selected spaces into ZWNJ. It scans left to right and reads the already
// rewritten text on its left, so the result is a fixed point: rewriting a
// space only ever removes a word boundary, which can never create a new
// match elsewhere.
func joinAffixes(buf []rune) {
	for i := 1; i+1 < len(buf); i++ {
		if buf[i] != ' ' {
			continue
		}
		next := buf[i+1]
		if !isPersianLetter(next) || !isPersianLetter(buf[i-1]) {
			// Every rule below joins two Arabic-script letters; a ZWNJ
			// anywhere else would be removed again by step 6.
			continue
		}
		if isMiPrefix(buf, i) {
			// Step 7: the verb prefix می/نمی is written attached with a
			// half-space (می‌شود). Only a standalone می is touched, so words
			// that merely start with می (میدان, میراث) are never split.
			buf[i] = zwnj
			continue
		}
		if i >= 2 && isPersianLetter(buf[i-2]) && hasSuffix(buf, i+1, pluralSuffixes) {
			// Step 8: the plural ها and comparative تر are part of the word
			// and are written with a half-space (شهرداری‌ها, بزرگ‌ترین). A
			// one-letter word (و) is never a stem, hence the two letters.
			buf[i] = zwnj
			continue
		}
		if buf[i-1] == heh && i >= 2 && isPersianLetter(buf[i-2]) && hasSuffix(buf, i+1, hehSuffixes) {
			// Step 8: after a final silent ه the ezafe ی and the enclitics
			// (ای, ام, اش, ...) cannot join in writing, so they take a
			// half-space instead of a space (بودجه‌ی, کمیته‌ای).
			buf[i] = zwnj
		}
	}
}

var (
	pluralSuffixes = [][]rune{[]rune("هایی"), []rune("های"), []rune("ها"), []rune("ترین"), []rune("تری"), []rune("تر")}
	hehSuffixes    = [][]rune{[]rune("ی"), []rune("ای"), []rune("ام"), []rune("ات"), []rune("اش"), []rune("اند"), []rune("ایم"), []rune("اید")}
)

// isMiPrefix reports whether the space at buf[i] follows a standalone می or
// نمی: one preceded by the start of the text or a word boundary.
func isMiPrefix(buf []rune, i int) bool {
	if i < 2 || buf[i-1] != persianYeh || buf[i-2] != meem {
		return false
	}
	start := i - 2
	if start > 0 && buf[start-1] == noon {
		if start-1 == 0 || !isWordRune(buf[start-2]) {
			return true // نمی
		}
	}
	return start == 0 || !isWordRune(buf[start-1])
}

// hasSuffix reports whether one of the suffixes starts at buf[at] and is a
// whole word: followed by the end of the text or a word boundary.
func hasSuffix(buf []rune, at int, suffixes [][]rune) bool {
outer:
	for _, suf := range suffixes {
		end := at + len(suf)
		if end > len(buf) {
			continue
		}
		for k, r := range suf {
			if buf[at+k] != r {
				continue outer
			}
		}
		if end == len(buf) || !isWordRune(buf[end]) {
			return true
		}
	}
	return false
}

// isWordRune reports whether r continues a word: a letter of any script, a
// combining mark or a ZWNJ. Anything else (space, digit, punctuation) is a
// word boundary. Digits must count as boundaries because step 9 later puts a
// space between digits and letters; treating them as boundaries already here
// keeps the result stable when the text is normalized again.
func isWordRune(r rune) bool {
	if r < 0x80 {
		return (r|0x20) >= 'a' && (r|0x20) <= 'z'
	}
	if r >= 0x0600 && r <= 0x06ff {
		return arabicClass[r-0x0600]&(clsLetter|clsMark) != 0
	}
	return r == zwnj || unicode.IsLetter(r) || unicode.IsMark(r)
}

// isPersianLetter reports whether r is a letter of the Arabic script (which
// is what "Persian letter" means in the profile: ZWNJ placement and the
// affix rules only make sense between joining letters of that script).
func isPersianLetter(r rune) bool {
	if r < 0x0600 {
		return false
	}
	if r <= 0x06ff {
		return arabicClass[r-0x0600]&clsLetter != 0
	}
	return unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r)
}

func isPersianDigit(r rune) bool { return r >= persian0 && r <= persian0+9 }

func isOpener(r rune) bool {
	switch r {
	case '«', '(', '[', '{':
		return true
	}
	return false
}

func isCloser(r rune) bool {
	switch r {
	case '.', ':', '!', '\u060c', '\u061b', '\u061f', '»', ')', ']', '}':
		return true
	}
	return false
}

const (
	clsLetter   = 1 << iota
	clsMark     // a combining mark
	clsNFKCSafe // see nfkcSafe
)

// arabicClass holds the character classes of the Arabic block U+0600–U+06FF,
// which nearly every rune of Persian text falls in, so the hot loops avoid the
// binary searches of the unicode tables. A rune is a letter (clsLetter) when
// unicode.IsLetter says so, tatweel excepted; a mark (clsMark) when
// unicode.IsMark does; NFKC-safe (clsNFKCSafe) when NFKC leaves it unchanged
// on its own and it never combines with the character before it, or it is one
// of the marks step 5 deletes (U+064B–U+0652, U+0670), which combine with
// nothing. The table is written out rather than computed at start-up (the
// NFKC checks cost every process about 0.1 ms); TestArabicClass derives it
// from the unicode tables again and prints it afresh when they change.
var arabicClass = [256]uint8{
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, // U+0600
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, // U+0610
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, // U+0620
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, // U+0630
	4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, // U+0640
	6, 6, 6, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, // U+0650
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, // U+0660
	6, 5, 5, 5, 5, 1, 1, 1, 1, 5, 5, 5, 5, 5, 5, 5, // U+0670
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, // U+0680
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, // U+0690
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, // U+06A0
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, // U+06B0
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, // U+06C0
	5, 5, 5, 5, 4, 5, 2, 2, 2, 2, 2, 2, 2, 4, 4, 2, // U+06D0
	2, 2, 2, 2, 2, 5, 5, 2, 2, 4, 2, 2, 2, 2, 5, 5, // U+06E0
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 4, 4, 5, // U+06F0
}
