package support

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
)

// Limits on an indicators file.
const (
	MaxImportBytes = 1 << 20
	maxImportRows  = 5000
)

// importColumns are the columns an indicators file may have; the town is
// named by slug or by name, and tier is required.
var importColumns = []string{"slug", "name", "population", "tier", "revenue_sources", "staff_count", "as_of"}

// tierWords are the words a file may use for each tier, by search key;
// built at the first ParseTier, not at start-up.
var tierWords = sync.OnceValue(func() map[string]Tier {
	m := map[string]Tier{}
	for t, words := range map[Tier][]string{
		LessDeveloped: {"less_developed", "less-developed", "کم‌برخوردار", "کمتر توسعه‌یافته"},
		Developing:    {"developing", "در حال توسعه", "نیمه‌برخوردار"},
		Developed:     {"developed", "توسعه‌یافته", "برخوردار"},
	} {
		for _, w := range words {
			m[persian.SearchKey(strings.ToLower(w))] = t
		}
	}
	return m
})

// ParseTier reads a tier in English or Persian.
func ParseTier(s string) (Tier, bool) {
	t, ok := tierWords()[persian.SearchKey(strings.ToLower(strings.TrimSpace(s)))]
	return t, ok
}

// TownFinder names a town of the file by slug or by name: its id, or
// false.
type TownFinder func(slug, name string) (int64, bool)

// ParseIndicators reads an indicators CSV file (a header row, then one row
// per town; a byte order mark is ignored). Rows without as_of are as of
// today. The first bad row fails the whole file, with its line number.
func ParseIndicators(r io.Reader, find TownFinder, today time.Time) ([]Indicators, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxImportBytes {
		return nil, invalid("file", "پرونده بزرگ‌تر از یک مگابایت است.", "The file is larger than 1 MB.")
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	cr.TrimLeadingSpace = true
	cols, err := readHeader(cr)
	if err != nil {
		return nil, err
	}
	var out []Indicators
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		line := recordLine(cr, err)
		if err == nil && len(out) >= maxImportRows {
			err = errors.New("too many rows")
		}
		var in Indicators
		if err == nil {
			in, err = parseRow(cols, rec, find, today)
		}
		if err != nil {
			return nil, lineError(line, err)
		}
		out = append(out, in)
	}
}

// recordLine is the line of the record just read, or of its error.
func recordLine(cr *csv.Reader, err error) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.StartLine
	}
	line, _ := cr.FieldPos(0)
	return line
}

// readHeader returns each column's index by name.
func readHeader(cr *csv.Reader) (map[string]int, error) {
	header, err := cr.Read()
	if err != nil {
		return nil, invalid("file", "پرونده خالی است یا سطر عنوان ستون‌ها را ندارد.", "The file is empty or has no header row.")
	}
	cols := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if !slices.Contains(importColumns, h) {
			return nil, invalid("file", "ستون «"+h+"» شناخته نیست؛ ستون‌ها: "+strings.Join(importColumns, "، "),
				"Unknown column \""+h+"\"; the columns are: "+strings.Join(importColumns, ", "))
		}
		cols[h] = i
	}
	_, bySlug := cols["slug"]
	_, byName := cols["name"]
	if _, ok := cols["tier"]; !ok || !bySlug && !byName {
		return nil, invalid("file", "پرونده باید ستون tier و یکی از ستون‌های slug یا name را داشته باشد.",
			"The file needs a tier column and a slug or name column.")
	}
	return cols, nil
}

// rowError is a problem with one row, in both languages.
type rowError struct{ fa, en string }

func (e rowError) Error() string { return e.en }

func parseRow(cols map[string]int, rec []string, find TownFinder, today time.Time) (Indicators, error) {
	cell := func(name string) string {
		if i, ok := cols[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var in Indicators
	var ok bool
	if in.TownID, ok = find(cell("slug"), cell("name")); !ok {
		return in, rowError{"این شهر عضو سازمان نیست", "no member town has this slug or name"}
	}
	if in.Tier, ok = ParseTier(cell("tier")); !ok {
		return in, rowError{"سطح توسعه‌یافتگی باید less_developed، developing یا developed (یا کم‌برخوردار …) باشد",
			"tier must be less_developed, developing or developed"}
	}
	pop, okPop := wholeNumber(cell("population"))
	staff, okStaff := wholeNumber(cell("staff_count"))
	if !okPop || !okStaff {
		return in, rowError{"جمعیت و شمار کارکنان باید عدد صحیح باشند", "population and staff_count must be whole numbers"}
	}
	in.Population, in.StaffCount, in.RevenueSources, in.AsOf = pop, staff, cell("revenue_sources"), today
	if s := cell("as_of"); s != "" {
		d, err := jalali.Parse(s)
		if err != nil {
			return in, rowError{"تاریخ as_of باید به شکل ۱۴۰۵/۰۹/۰۱ باشد", "as_of must be a Jalali date such as 1405/09/01"}
		}
		in.AsOf = d.In(jalali.Tehran())
	}
	return in, in.Validate()
}

// lineError names the line of the file where err happened.
func lineError(line int, err error) error {
	fa, en := "", err.Error()
	var re rowError
	if errors.As(err, &re) {
		fa, en = re.fa, re.en
	} else if ae, ok := apperr.As(err); ok && len(ae.Fields) > 0 {
		fa, en = ae.Fields[0].Msg.Fa, ae.Fields[0].Msg.En
	} else {
		fa = "سطر خوانا نیست"
	}
	return invalid("file", fmt.Sprintf("سطر %s: %s. هیچ سطری ذخیره نشد.", i18n.Fa.Int(line), fa),
		fmt.Sprintf("Line %d: %s. Nothing was saved.", line, en))
}

// ImportIndicators records the indicators of every row of a CSV file in
// one transaction: a file with a bad row changes nothing. It returns how
// many rows it recorded.
func (s *Service) ImportIndicators(ctx context.Context, actor int64, coop org.Org, r io.Reader) (int, error) {
	towns, err := s.Towns(ctx, coop)
	if err != nil {
		return 0, err
	}
	today := jalali.Today(s.now()).In(jalali.Tehran())
	rows, err := ParseIndicators(r, finder(towns), today)
	if err != nil {
		return 0, err
	}
	if len(rows) == 0 {
		return 0, invalid("file", "پرونده سطری جز عنوان ستون‌ها ندارد.", "The file has no rows below the header.")
	}
	return len(rows), s.db.Tx(ctx, func(tx *sql.Tx) error {
		for i := range rows {
			if err := s.insertIndicators(ctx, tx, actor, coop, &rows[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// finder looks towns up by slug, or by name with or without the word
// «شهرداری».
func finder(towns []Town) TownFinder {
	bySlug, byName := map[string]int64{}, map[string]int64{}
	for _, t := range towns {
		bySlug[t.Slug] = t.ID
		byName[persian.SearchKey(t.NameFa)] = t.ID
		byName[persian.SearchKey(strings.TrimPrefix(persian.Normalize(t.NameFa), "شهرداری "))] = t.ID
		if t.NameEn != "" {
			byName[strings.ToLower(t.NameEn)] = t.ID
		}
	}
	return func(slug, name string) (int64, bool) {
		if slug != "" {
			id, ok := bySlug[strings.ToLower(slug)]
			return id, ok
		}
		if id, ok := byName[strings.ToLower(name)]; ok {
			return id, true
		}
		id, ok := byName[persian.SearchKey(name)]
		return id, ok
	}
}
