package pb

import (
	"fmt"
	"io"
	"io/fs"
	"math"
	mathbits "math/bits"
	"strconv"
	"strings"
)

// ParseError is what Read returns for input that is not a valid .pb file.
// It names the place and what was expected there:
//
//	pb: VOTES line 1234, field "points": expected 3 comma-separated integers (one per project in "vote"), got "5,2"
type ParseError struct {
	// Section is the section being read ("META", "PROJECTS", "VOTES"), or
	// the one found missing.
	Section string
	// Line is the 1-based line of the file where the offending record (or
	// the unclosed quote) starts. A META value checked later (num_votes
	// against the rows read, say) is reported at its own line. For a
	// missing section it is the last line of the file; 0 for empty input.
	Line int
	// Field is the column (for META, the key) concerned, "" when the
	// problem is the row as a whole.
	Field string
	// Msg says what was expected and what was found.
	Msg string
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("pb: ")
	b.WriteString(e.Section)
	if e.Line > 0 {
		if e.Section != "" {
			b.WriteByte(' ')
		}
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(e.Line))
	}
	if e.Field != "" {
		b.WriteString(", field ")
		b.WriteString(strconv.Quote(e.Field))
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Read parses a pabulib .pb file. It reads the whole input first and keeps
// it: fields are cut from it without a copy each, the voters' ids are
// positions in it, and a voter's Fields are its record read again.
//
// What it accepts (see shared/pabulib/FORMAT.md):
//   - an optional UTF-8 byte order mark; LF, CRLF or mixed line endings;
//     blank lines (empty or only spaces and tabs) anywhere between records
//     are skipped;
//   - the sections META, PROJECTS, VOTES in that order, each title alone on
//     its line (any case, spaces around ignored), each followed by a
//     header row: "key;value" for META, one starting "project_id;cost" for
//     PROJECTS and one starting "voter_id;vote" for VOTES; header columns
//     must be non-empty and distinct, and every row must have as many
//     fields as its header;
//   - CSV fields separated by ';': a field that starts with '"' is quoted
//     and may contain ';', line breaks (stored as "\n", whatever the file
//     uses) and '""' for a quote; text after the closing quote is kept as
//     is, and a '"' inside an unquoted field is an ordinary character (as
//     Python's csv reads them). Fields are not trimmed: ids are compared
//     exactly, while numbers (budget, costs, points, counts) may have
//     spaces around them;
//   - in PROJECTS and VOTES, the value None (any case) means missing and
//     is stored as "" (META values are kept as written).
//
// META: keys must be distinct. budget is required: a non-negative decimal
// with a decimal point ("400000", "400000.0", "123.45"). Costs are the same
// but may also use a decimal comma ("12,5"), as pabutools allows (so
// "1,000" is 1, not a thousand: no real file uses a comma). The
// instance's Scale is the largest number of significant decimal places
// among the budget and the costs (trailing zeros after the point do not
// count), and every amount is stored as an int64 count of 10^-Scale units.
// vote_type defaults to approval; num_projects and num_votes, when given,
// must equal the number of rows read.
//
// Ballots: vote is a comma list of project ids (ids are compared as
// strings, exactly) and points, when read, a comma list of as many
// integers. points is required for cumulative and scoring ballots, read
// when present for ordinal ones (a voter whose points field is empty then
// gets nil Points) and ignored for approval and choose-1 ballots (only
// kept in Fields). Choose-1 ballots are read like approval ones; that each
// lists exactly one project is checked by CheckConstraints, not here.
//
// A ballot that lists a project more than once keeps one entry for it, as
// pabutools does so that outcomes match the reference: approval, choose-1
// and ordinal ballots keep the first occurrence (its position, and for
// ordinal ballots with points its points) and drop the later ones;
// cumulative and scoring ballots keep the entry at the first occurrence's
// position with the points of the last occurrence ("579,579" with points
// "2,1" becomes 579 with 1 point).
//
// Project ids must be non-empty and distinct, and voter ids distinct.
// Read never panics; malformed input gives a *ParseError, an error of r is
// returned as is, and so is one for input over 2 GiB.
func Read(r io.Reader) (*Instance, error) { return read(r, true) }

// ReadBallots is Read for counting: it accepts and rejects exactly what
// Read does, with the same errors, but keeps of each voter only its id and
// ballot: Voters.Fields is nil. It saves Read's 4 bytes a voter that say
// where each voter's record is (Fields reads the record again), which no
// rule needs.
func ReadBallots(r io.Reader) (*Instance, error) { return read(r, false) }

// maxInput is the most Read takes: positions in the text Voters keeps
// (the input and any voter ids decoded from quotes, shorter than their
// records) must fit in 32 bits.
const maxInput = 1<<31 - 1

func read(r io.Reader, voterFields bool) (*Instance, error) {
	text, err := readAll(r)
	if err != nil {
		return nil, err
	}
	if len(text) > maxInput {
		return nil, fmt.Errorf("pb: the input is larger than %d bytes, the most Read takes", maxInput)
	}
	p := &pbParser{in: &Instance{}, voterFields: voterFields}
	p.lx.src = strings.TrimPrefix(text, "\uFEFF")
	if err := p.run(); err != nil {
		return nil, err
	}
	return p.in, nil
}

// readAll reads r to its end into one string, sized at once when r tells
// its length (a file, a bytes.Reader).
func readAll(r io.Reader) (string, error) {
	var sb strings.Builder
	size := -1 // r's length, when it tells it
	switch v := r.(type) {
	case interface{ Len() int }:
		size = v.Len()
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			size = int(min(fi.Size(), 1<<30))
		}
	}
	// In pieces, through a buffer the cache holds: one copy of a whole
	// large input is a stretch of the runtime's memmove, where the
	// collector cannot stop the goroutine to scan its stack and spins
	// until the copy ends. (No larger than the input when its length is
	// known: small files would pay more for the buffer than for the copy.)
	piece := 64 << 10
	if size >= 0 {
		sb.Grow(size)
		piece = min(piece, size+1)
	}
	if _, err := io.CopyBuffer(&sb, struct{ io.Reader }{r}, make([]byte, piece)); err != nil {
		return "", err
	}
	return sb.String(), nil
}

// pbLexer splits the input into records (rows of ';'-separated fields).
// It does not copy fields: each is a span of the input, or of rec when
// the record has quotes.
type pbLexer struct {
	src    string // the input, without its byte order mark
	pos    int    // where the next line starts
	line   int    // physical lines read so far
	quote  int    // no '"' from the current record's start to quote (which may be one)
	qblock int    // how far quoteIn last looked ahead

	fs       []span // the current record's fields, in src or rec
	ends     []int  // where the current record's ';' are, for splitLine
	decoded  bool   // the record had quotes: fs is in rec
	rec      string // the decoded record
	recStart int    // where the record starts in src
	recLine  int    // line where the record starts

	// A record with quotes is decoded into buf and kept in arena: its
	// fields are cut from blocks of it rather than allocated one per
	// record.
	buf   []byte
	arena strings.Builder
}

// keep returns b as a string in the arena. A block, once written, is never
// written again (a new one is started when it is full), so strings cut
// from it stay as they are.
func (l *pbLexer) keep(b []byte) string {
	if l.arena.Cap()-l.arena.Len() < len(b) {
		size := max(nextBlock(l.arena.Cap(), 1<<20), len(b))
		l.arena = strings.Builder{}
		l.arena.Grow(size)
	}
	start := l.arena.Len()
	l.arena.Write(b)
	return l.arena.String()[start:]
}

// readLine returns the next physical line without its line ending (the
// '\n' and any '\r' before it); ok is false at the end of the input.
func (l *pbLexer) readLine() (line string, ok bool) {
	rest := l.src[l.pos:]
	if rest == "" {
		return "", false
	}
	l.line++
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		line, l.pos = rest[:i], l.pos+i+1
	} else {
		line, l.pos = rest, len(l.src)
	}
	for len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	return line, true
}

func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '\t' {
			return false
		}
	}
	return true
}

// next reads the next record, skipping blank lines; ok is false at the end
// of the input. unclosed is the line of a quote never closed (then the
// fields are those before it), 0 otherwise.
func (l *pbLexer) next() (ok bool, unclosed int) {
	s := l.src
	for l.pos < len(s) {
		lineStart := l.pos
		l.line++
		l.fs = l.fs[:0]
		start, end := l.splitLine(lineStart)
		l.recStart, l.recLine = lineStart, l.line
		if l.quoteIn(lineStart, end) {
			// Quotes: the line again, the slow way.
			l.pos, l.line = lineStart, l.line-1
			line, _ := l.readLine()
			l.fs, l.decoded = l.fs[:0], true
			return true, l.quoted(line)
		}
		l.pos = min(end+1, len(s)) // past the '\n'
		for end > start && s[end-1] == '\r' {
			end--
		}
		if len(l.fs) == 0 && isBlank(s[start:end]) {
			continue
		}
		l.decoded = false
		l.fs = append(l.fs, span{uint32(start), uint32(end)})
		return true, 0
	}
	return false, 0
}

// quoteIn reports whether src[from:end] holds a '"'. It looks ahead for
// quotes in blocks, larger as it goes on: a file without quotes is
// searched once, with the processor's fastest search for a byte, and a
// lexer that reads one record searches little more than that record.
func (l *pbLexer) quoteIn(from, end int) bool {
	s := l.src
	l.quote = max(l.quote, from)
	for l.quote < end {
		if s[l.quote] == '"' {
			return true
		}
		to := min(len(s), max(l.quote+l.qblock, end)) // the line first
		l.qblock = nextBlock(l.qblock, 1<<16)
		if i := strings.IndexByte(s[l.quote:to], '"'); i >= 0 {
			l.quote += i
		} else {
			l.quote = to
		}
	}
	return false
}

// The lexer finds the bytes that split a line eight at a time: a word of
// input is compared with each special byte at once, with arithmetic that
// keeps the bytes apart (no carry crosses from one to the next).
const (
	ones = 0x0101010101010101
	lows = 0x7F7F7F7F7F7F7F7F
)

// zeroBytes sets the high bit of every byte of x that is zero, and of no
// other.
func zeroBytes(x uint64) uint64 { return ^((x&lows + lows) | x | lows) }

// load64 reads 8 bytes of s from i on, little-endian (one load).
func load64(s string, i int) uint64 {
	b := s[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// loadTail is load64 for the last bytes of s, less than 8: past the end
// it reads zeros, which are no byte the lexer looks for.
func loadTail(s string, i int) uint64 {
	var w uint64
	for k := len(s) - 1; k >= i; k-- {
		w = w<<8 | uint64(s[k])
	}
	return w
}

// scanLine finds the ';' of the line of s from start on: it appends to
// ends where the first keep of them are, counts them all, and returns
// where the line ends (at its '\n', or the end of s). Quotes are not
// looked at: the lexer knows where they are (quoteIn).
func scanLine(s string, start, keep int, ends []int) (_ []int, semis, end int) {
	for i := start; i < len(s); i += 8 {
		var w uint64 // (two loads written out: as a function, too costly to inline)
		if i+8 <= len(s) {
			w = load64(s, i)
		} else {
			w = loadTail(s, i)
		}
		m, nl := zeroBytes(w^(';'*ones)), zeroBytes(w^('\n'*ones))
		if nl != 0 {
			m &= nl&-nl - 1 // those before the line's end
		}
		for ; m != 0 && semis < keep; m &= m - 1 {
			ends = append(ends, i+mathbits.TrailingZeros64(m)/8)
			semis++
		}
		semis += mathbits.OnesCount64(m)
		if nl != 0 {
			return ends, semis, i + mathbits.TrailingZeros64(nl)/8
		}
	}
	return ends, semis, len(s)
}

// splitLine appends to l.fs the fields of the line from start on that a
// ';' ends, and returns where its last field starts and where the line
// ends.
func (l *pbLexer) splitLine(start int) (last, end int) {
	l.ends, _, end = scanLine(l.src, start, math.MaxInt, l.ends[:0])
	for _, j := range l.ends {
		l.fs = append(l.fs, span{uint32(start), uint32(j)})
		start = j + 1
	}
	return start, end
}

// maxPlain is how far into a voter's record plainVoter finds fields.
const maxPlain = 8

// plainVoter reads the line at pos when it is a plain voter's record: no
// quote, and nf fields (nf > 1). It returns where its fields id (0), vote
// (1) and points (pc, when pc > 1) are; ok false leaves the lexer as it
// was, for next to read the line. Voters are most of a file, and this is
// next for them: what it finds stays in registers rather than in l.fs,
// and only the first pc+1 fields are located, the others counted.
func (l *pbLexer) plainVoter(pc, nf int) (id, vote, pts span, ok bool) {
	s, start := l.src, l.pos
	want := max(2, pc+1)
	if want > maxPlain || start >= len(s) {
		return id, vote, pts, false
	}
	var buf [maxPlain]int
	ends, semis, end := scanLine(s, start, want, buf[:0]) // ends[k]: the ';' that ends field k
	if semis+1 != nf || l.quoteIn(start, end) {
		return id, vote, pts, false
	}
	last := end // the last field ends before any '\r'
	for last > start && s[last-1] == '\r' {
		last--
	}
	field := func(k int) span {
		from, to := start, last
		if k > 0 {
			from = ends[k-1] + 1
		}
		if k < semis {
			to = ends[k]
		}
		return span{uint32(from), uint32(to)}
	}
	id, vote = field(0), field(1)
	if pc > 1 && pc <= semis {
		pts = field(pc)
	}
	l.line++
	l.recStart, l.recLine = start, l.line
	l.pos = min(end+1, len(s))
	l.fs, l.decoded = l.fs[:0], false
	return id, vote, pts, true
}

// quoted splits a record that contains a '"', reading more lines while a
// quoted field is open. It returns the line of a quote never closed, or 0.
func (l *pbLexer) quoted(b string) (unclosed int) {
	l.buf = l.buf[:0]
	i, start := 0, 0
	for {
		if i < len(b) && b[i] == '"' {
			i++
			open := l.line
		quoted:
			for {
				if i >= len(b) {
					nb, ok := l.readLine()
					if !ok {
						return open
					}
					l.buf = append(l.buf, '\n')
					b, i = nb, 0
					continue
				}
				j := strings.IndexByte(b[i:], '"')
				if j < 0 {
					l.buf = append(l.buf, b[i:]...)
					i = len(b)
					continue
				}
				l.buf = append(l.buf, b[i:i+j]...)
				i += j + 1
				if i < len(b) && b[i] == '"' {
					l.buf = append(l.buf, '"')
					i++
					continue
				}
				break quoted
			}
		}
		// An unquoted field, or what follows a closing quote: up to ';'.
		j := strings.IndexByte(b[i:], ';')
		if j < 0 {
			j = len(b) - i
		}
		l.buf = append(l.buf, b[i:i+j]...)
		i += j
		l.fs = append(l.fs, span{uint32(start), uint32(len(l.buf))})
		start = len(l.buf)
		if i >= len(b) {
			break
		}
		i++ // the ';'
	}
	l.rec = l.keep(l.buf)
	return 0
}

func (l *pbLexer) nfields() int { return len(l.fs) }

// field returns field i.
func (l *pbLexer) field(i int) string {
	if l.decoded {
		return l.rec[l.fs[i].start:l.fs[i].end]
	}
	return l.src[l.fs[i].start:l.fs[i].end]
}

// value returns field i, None as "".
func (l *pbLexer) value(i int) string { return noneAsEmpty(l.field(i)) }

func noneAsEmpty(s string) string {
	if isNone(s) {
		return ""
	}
	return s
}

// text is the record as one string, for error messages.
func (l *pbLexer) text() string {
	f := make([]string, len(l.fs))
	for i := range f {
		f[i] = l.field(i)
	}
	return strings.Join(f, ";")
}

// recordReader reads records again, read before without error (a voter's
// Fields), reusing its buffers from one record to the next.
type recordReader struct {
	lx  pbLexer
	out []string
}

// fields returns the fields of the record at src[at:], None as "", in a
// slice good until the next call.
func (r *recordReader) fields(src string, at int) []string {
	r.lx = pbLexer{src: src, pos: at, fs: r.lx.fs[:0], ends: r.lx.ends[:0], buf: r.lx.buf[:0]}
	r.lx.next()
	r.out = r.out[:0]
	for k := range r.lx.fs {
		r.out = append(r.out, r.lx.value(k))
	}
	return r.out
}

// pbParser turns records into an Instance.
type pbParser struct {
	lx     pbLexer
	in     *Instance
	sec    string
	header []string // of the current section, to name fields in errors
	strs   []string // arena for the projects' Fields slices

	voterFields bool            // keep where each voter's record is, for Fields
	quotedIDs   strings.Builder // voter ids decoded from quotes, to follow the input in Voters.text

	metaLine map[string]int // line of each META key
	budget   amount
	nProj    int64 // META num_projects, -1 when absent
	nVotes   int64 // META num_votes, -1 when absent
}

func (p *pbParser) errAt(line int, field, format string, args ...any) *ParseError {
	return &ParseError{Section: p.sec, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// err reports a problem with the current record.
func (p *pbParser) err(field, format string, args ...any) *ParseError {
	return p.errAt(p.lx.recLine, field, format, args...)
}

// column names field i of the current section's rows.
func (p *pbParser) column(i int) string {
	if i < len(p.header) {
		return p.header[i]
	}
	return ""
}

// title returns the section title the current record is ("META",
// "PROJECTS", "VOTES"), or "".
func (p *pbParser) title() string {
	if p.lx.nfields() != 1 {
		return ""
	}
	f := trimSpace(p.lx.field(0))
	for _, t := range [...]string{"META", "PROJECTS", "VOTES"} {
		if strings.EqualFold(f, t) {
			return t
		}
	}
	return ""
}

// row returns the current record's fields as a new slice, None as "".
func (p *pbParser) row() []string {
	n := p.lx.nfields()
	if cap(p.strs)-len(p.strs) < n {
		p.strs = make([]string, 0, max(nextBlock(cap(p.strs), 8192), n))
	}
	k := len(p.strs)
	f := p.strs[k : k+n : k+n]
	p.strs = p.strs[:k+n]
	for i := range f {
		f[i] = p.lx.value(i)
	}
	return f
}

// next reads the next record (see pbLexer.next).
func (p *pbParser) next() (ok bool, err error) {
	ok, unclosed := p.lx.next()
	if unclosed > 0 {
		return false, p.unclosed(unclosed)
	}
	return ok, nil
}

func (p *pbParser) unclosed(line int) *ParseError {
	return p.errAt(line, p.column(p.lx.nfields()),
		"unterminated quoted field: the quote opened on line %d is never closed", line)
}

// nextRecord reads the next record of the current section. At the end of
// the input it returns ok false; a section title other than want (or any
// title when want is "") is an error; title reports want was found.
func (p *pbParser) nextRecord(want string) (ok, title bool, err error) {
	// The lexer and the title test called directly: most records are
	// voters, and this is done for each.
	ok, unclosed := p.lx.next()
	switch {
	case unclosed > 0:
		return false, false, p.unclosed(unclosed)
	case !ok:
		return false, false, nil
	case len(p.lx.fs) != 1:
		return true, false, nil
	}
	if t := p.title(); t != "" {
		if t == want {
			return true, true, nil
		}
		if want == "" {
			return false, false, p.err("", "unexpected section title %s: VOTES is the last section", t)
		}
		return false, false, p.err("", "unexpected section title %s: expected rows of %s, then the section %s", t, p.sec, want)
	}
	return true, false, nil
}

// missing reports that the input ends before section sec.
func (p *pbParser) missing(sec string) *ParseError {
	return &ParseError{Section: sec, Line: p.lx.line, Msg: fmt.Sprintf("missing section: the file ends in %s, before the title %s", p.sec, sec)}
}

// readHeader reads the header row after a section title; it must start
// with the columns first.
func (p *pbParser) readHeader(first ...string) ([]string, error) {
	want := strings.Join(first, ";")
	p.header = nil
	ok, err := p.next()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, p.errAt(p.lx.line, "", "missing the header row (expected %s...) after the title %s", want, p.sec)
	}
	if t := p.title(); t != "" {
		return nil, p.err("", "expected the header row %s..., got the section title %s", want, t)
	}
	cols := make([]string, p.lx.nfields())
	for i := range cols {
		cols[i] = p.lx.field(i)
	}
	if len(cols) < len(first) || !slicesHavePrefix(cols, first) {
		return nil, p.err("", "expected a header row starting %s, got %s", want, clip(p.lx.text()))
	}
	seen := make(map[string]bool, len(cols))
	for i, c := range cols {
		if trimSpace(c) == "" {
			return nil, p.err("", "header column %d is empty", i+1)
		}
		if seen[c] {
			return nil, p.err(c, "header column %q appears twice", c)
		}
		seen[c] = true
	}
	return cols, nil
}

func slicesHavePrefix(s, prefix []string) bool {
	for i, x := range prefix {
		if s[i] != x {
			return false
		}
	}
	return true
}

func (p *pbParser) run() error {
	in := p.in
	p.sec = "META"
	ok, err := p.next()
	if err != nil {
		return err
	}
	if !ok {
		return p.errAt(0, "", "empty input: expected the section title META")
	}
	if p.title() != "META" {
		return p.err("", "expected the section title META, got %s", clip(p.lx.text()))
	}
	if err := p.readMeta(); err != nil {
		return err
	}

	p.sec = "PROJECTS"
	cols, err := p.readHeader("project_id", "cost")
	if err != nil {
		return err
	}
	in.ProjectColumns, p.header = cols, cols
	if err := p.readProjects(); err != nil {
		return err
	}

	p.sec = "VOTES"
	cols, err = p.readHeader("voter_id", "vote")
	if err != nil {
		return err
	}
	in.VoteColumns, p.header = cols, cols
	return p.readVotes()
}

func (p *pbParser) readMeta() error {
	in := p.in
	p.nProj, p.nVotes = -1, -1
	p.metaLine = make(map[string]int)
	ok, err := p.next()
	if err != nil {
		return err
	}
	if !ok {
		return p.errAt(p.lx.line, "", "missing the header row key;value after the title META")
	}
	if p.lx.nfields() != 2 || !strings.EqualFold(trimSpace(p.lx.field(0)), "key") ||
		!strings.EqualFold(trimSpace(p.lx.field(1)), "value") {
		return p.err("", "expected the header row key;value, got %s", clip(p.lx.text()))
	}
	p.header = []string{"key", "value"}
	haveBudget := false
	in.VoteType = Approval
	for {
		ok, title, err := p.nextRecord("PROJECTS")
		if err != nil {
			return err
		}
		if !ok {
			return p.missing("PROJECTS")
		}
		if title {
			break
		}
		if n := p.lx.nfields(); n != 2 {
			return p.err("", "expected 2 fields (key;value), got %d", n)
		}
		key, val := p.lx.field(0), p.lx.field(1)
		if key == "" {
			return p.err("key", "empty key")
		}
		if l, dup := p.metaLine[key]; dup {
			return p.err(key, "duplicate key %q (first on line %d)", key, l)
		}
		p.metaLine[key] = p.lx.recLine
		in.Meta = append(in.Meta, MetaEntry{Key: key, Value: val})
		switch key {
		case "budget":
			a, msg := parseAmount(val, false)
			if msg != "" {
				return p.err(key, "%s", msg)
			}
			p.budget, haveBudget = a, true
		case "vote_type":
			vt, ok := parseVoteType(val)
			if !ok {
				return p.err(key, "unknown vote type %s: expected approval, choose-1, ordinal, cumulative or scoring", clip(val))
			}
			in.VoteType = vt
		case "num_projects", "num_votes":
			n, ok := parseCount(val)
			if !ok {
				return p.err(key, "expected a non-negative integer, got %s", clip(val))
			}
			if key == "num_projects" {
				p.nProj = n
			} else {
				p.nVotes = n
			}
		}
	}
	if !haveBudget {
		return p.err("budget", "missing key budget (obligatory), found the title PROJECTS")
	}
	return nil
}

// parseVoteType reads a META vote_type (any case, spaces around ignored;
// empty or None means approval).
func parseVoteType(s string) (VoteType, bool) {
	t := trimSpace(s)
	if t == "" || strings.EqualFold(t, "none") {
		return Approval, true
	}
	for _, vt := range VoteTypes {
		if strings.EqualFold(t, string(vt)) {
			return vt, true
		}
	}
	return "", false
}

// parseCount reads num_projects or num_votes: -1 when empty or None.
func parseCount(s string) (int64, bool) {
	t := trimSpace(s)
	if t == "" || strings.EqualFold(t, "none") {
		return -1, true
	}
	n, ok := parseInt(t)
	return n, ok && n >= 0
}

// parseInt reads a decimal int64 with an optional sign; spaces around are
// ignored.
func parseInt(s string) (int64, bool) {
	s = trimSpace(s)
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return 0, false
	}
	var u uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if u > (math.MaxInt64+1)/10 {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	if neg {
		if u > math.MaxInt64+1 {
			return 0, false
		}
		return int64(-u), true
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

func (p *pbParser) readProjects() error {
	in := p.in
	if p.nProj > 0 {
		in.Projects = make([]Project, 0, min(p.nProj, 1<<16))
	}
	index := make(map[string]int32)
	var (
		costs []amount
		lines []int
	)
	for {
		ok, title, err := p.nextRecord("VOTES")
		if err != nil {
			return err
		}
		if !ok {
			return p.missing("VOTES")
		}
		if title {
			break
		}
		if n := p.lx.nfields(); n != len(p.header) {
			return p.err("", "expected %d fields (as in the header), got %d", len(p.header), n)
		}
		f := p.row()
		id := f[0]
		if id == "" {
			return p.err("project_id", "empty project id")
		}
		if k, dup := index[id]; dup {
			return p.err("project_id", "duplicate project id %q (first on line %d)", id, lines[k])
		}
		if len(in.Projects) >= math.MaxInt32 {
			return p.err("", "too many projects")
		}
		a, msg := parseAmount(f[1], true)
		if msg != "" {
			return p.err("cost", "%s", msg)
		}
		index[id] = int32(len(in.Projects))
		in.Projects = append(in.Projects, Project{ID: id, Fields: f})
		costs = append(costs, a)
		lines = append(lines, p.lx.recLine)
	}

	// Money: one scale for the budget and every cost.
	scale := p.budget.dec
	for _, a := range costs {
		scale = max(scale, a.dec)
	}
	in.Scale = scale
	var ok bool
	if in.Budget, ok = p.budget.units(scale); !ok {
		return &ParseError{Section: "META", Line: p.metaLine["budget"], Field: "budget",
			Msg: fmt.Sprintf("budget does not fit in 64 bits at %d decimal places", scale)}
	}
	for i, a := range costs {
		if in.Projects[i].Cost, ok = a.units(scale); !ok {
			return p.errAt(lines[i], "cost", "cost %s does not fit in 64 bits at %d decimal places (the most any amount has)",
				clip(in.Projects[i].Fields[1]), scale)
		}
	}
	if p.nProj >= 0 && p.nProj != int64(len(in.Projects)) {
		return &ParseError{Section: "META", Line: p.metaLine["num_projects"], Field: "num_projects",
			Msg: fmt.Sprintf("num_projects is %d but PROJECTS has %d rows", p.nProj, len(in.Projects))}
	}
	return nil
}

func (p *pbParser) readVotes() error {
	in := p.in
	vt := in.VoteType
	pc := -1
	for i, c := range in.VoteColumns {
		if c == "points" {
			pc = i
		}
	}
	if vt.HasPoints() && pc < 0 {
		return p.err("points", "vote_type %s needs a points column", vt)
	}
	withPoints := pc >= 0 && (vt.HasPoints() || vt == Ordinal)
	br := newBallotReader(in.Projects)
	vs := &in.Voters
	vs.text = p.lx.src
	// Room for num_votes voters, but no more than the rest of the input
	// can hold (a voter's line has at least 2 bytes); without num_votes,
	// for as many as there are lines left.
	rest := p.lx.src[p.lx.pos:]
	hint := len(rest)/2 + 1
	if p.nVotes >= 0 {
		hint = int(min(p.nVotes, int64(hint)))
	} else {
		hint = strings.Count(rest, "\n") + 1
	}
	vs.ids, vs.vend = make([]span, 0, hint), make([]uint32, 0, hint)
	if p.voterFields {
		vs.recs = make([]uint32, 0, hint)
	}
	if withPoints {
		vs.pend = make([]uint32, 0, hint)
	}
	ids := voterIDs{p: p, hint: hint, first: pbLexer{src: p.lx.src, pos: p.lx.pos, line: p.lx.line}}
	if !withPoints {
		pc = -1
	}
	from := p.lx.pos
	for {
		if vs.Len() == 1024 { // enough to tell the size of a ballot
			br.reserve(p.lx.pos-from, len(p.lx.src)-from)
		}
		ok, id, vote, pts, err := p.nextVoter(pc)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if first := ids.repeated(id); first >= 0 {
			return p.err("voter_id", "duplicate voter id %q (first on line %d)", p.idText(id), first)
		}
		if field, msg := br.parse(vote, pts, withPoints, vt); msg != "" {
			return p.err(field, "%s", msg)
		}
		vs.ids = append(vs.ids, id)
		vs.vend = append(vs.vend, uint32(len(br.votes)))
		if withPoints {
			vs.pend = append(vs.pend, uint32(len(br.points)))
		}
		if p.voterFields {
			vs.recs = append(vs.recs, uint32(p.lx.recStart))
		}
	}
	vs.votes, vs.points = br.votes, br.points
	if p.quotedIDs.Len() > 0 {
		vs.text = p.lx.src + "\n" + p.quotedIDs.String()
	}
	if p.nVotes >= 0 && p.nVotes != int64(vs.Len()) {
		return &ParseError{Section: "META", Line: p.metaLine["num_votes"], Field: "num_votes",
			Msg: fmt.Sprintf("num_votes is %d but VOTES has %d rows", p.nVotes, vs.Len())}
	}
	return nil
}

// nextVoter reads the next voter's record: where its id will lie in
// Voters.text, its vote and, when pc >= 0, its points (column pc), None
// as "". ok is false at the end of the input.
func (p *pbParser) nextVoter(pc int) (ok bool, id span, vote, pts string, err error) {
	if id, v, pt, plain := p.lx.plainVoter(pc, len(p.header)); plain {
		src := p.lx.src
		if isNone(src[id.start:id.end]) {
			id = span{}
		}
		return true, id, noneAsEmpty(src[v.start:v.end]), noneAsEmpty(src[pt.start:pt.end]), nil
	}
	ok, _, err = p.nextRecord("")
	if err != nil || !ok {
		return false, id, "", "", err
	}
	if n := p.lx.nfields(); n != len(p.header) {
		return false, id, "", "", p.err("", "expected %d fields (as in the header), got %d", len(p.header), n)
	}
	if pc >= 0 {
		pts = p.lx.value(pc)
	}
	return true, p.voterID(), p.lx.value(1), pts, nil
}

// voterID returns where the current record's voter id will lie in
// Voters.text: in the input, unless quotes made it differ from the text
// there; then after the input (and a line break, which ends the input's
// last record for Fields).
func (p *pbParser) voterID() span {
	lx := &p.lx
	id := lx.field(0)
	switch {
	case id == "" || isNone(id):
		return span{}
	case !lx.decoded:
		return lx.fs[0]
	}
	start := len(lx.src) + 1 + p.quotedIDs.Len()
	p.quotedIDs.WriteString(id)
	return span{uint32(start), uint32(start + len(id))}
}

// idWord is packID of the id at s, read with one load when the id is in
// the input.
func (p *pbParser) idWord(s span) uint64 {
	if s.end <= uint32(len(p.lx.src)) {
		return packSpan(p.lx.src, int(s.start), int(s.end))
	}
	return packID(p.idText(s))
}

// idText is the id at s, while the voters are read.
func (p *pbParser) idText(s span) string {
	if n := uint32(len(p.lx.src)); s.start > n {
		return p.quotedIDs.String()[s.start-n-1 : s.end-n-1]
	}
	return p.lx.src[s.start:s.end]
}

// voterIDs checks that no voter id repeats. Most files list voters with
// increasing ids (shorter first, then in byte order), which cannot repeat;
// a table of the ids read, the costly part, is built only when the order
// breaks.
type voterIDs struct {
	p       *pbParser
	last    uint64 // the previous voter's id, packed
	lastLen uint32 // and its length
	seen    *idTable
	hint    int     // how many voters there will be
	first   pbLexer // a lexer of its own, before the first voter's record
}

// repeated returns the line of the voter that has the id at s already,
// or -1, for the next voter to be added to the instance's Voters.
func (v *voterIDs) repeated(s span) int {
	vs := &v.p.in.Voters
	w := v.p.idWord(s)
	if k := vs.Len(); v.seen == nil && k > 0 && !v.follows(s, w, k) {
		t := newIDTable(max(2*k, v.hint), func(i int32) string { return v.p.idText(vs.ids[i]) })
		for i, s := range vs.ids {
			vid := v.p.idText(s)
			t.add(vid, packID(vid), int32(i))
		}
		v.seen = &t
	}
	v.last, v.lastLen = w, s.end-s.start
	if v.seen == nil {
		return -1
	}
	id := v.p.idText(s)
	if i := v.seen.find(id, w); i >= 0 {
		return v.line(int(i))
	}
	v.seen.add(id, w, int32(vs.Len()))
	return -1
}

// line returns the line where voter i's record starts, lexing the records
// again: only an error message needs it, and keeping every voter's line
// would cost more memory than the voters' ballots.
func (v *voterIDs) line(i int) int {
	lx := v.first
	for range i + 1 {
		lx.next() // these records were read once without error
	}
	return lx.recLine
}

// follows reports whether the id at s, packed as w, comes after voter
// k-1's id, ordering ids by length, then bytes. Ids of up to 8 bytes and
// the same length compare as their packed words.
func (v *voterIDs) follows(s span, w uint64, k int) bool {
	switch n := s.end - s.start; {
	case v.lastLen != n:
		return v.lastLen < n
	case n <= 8:
		return v.last < w
	}
	return v.p.idText(v.p.in.Voters.ids[k-1]) < v.p.idText(s)
}
