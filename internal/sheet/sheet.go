// Package sheet writes tables for download: CSV that spreadsheets open as
// Persian, and the smallest valid Excel workbook, right to left. Every
// module's export goes through it, so every download escapes text the
// same way.
package sheet

import (
	"archive/zip"
	"encoding/csv"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

// Kind is how a column's cells are typed in the workbook.
type Kind byte

const (
	Text   Kind = iota // inline strings, never formulas
	Number             // a decimal number written as digits
	Bool               // "true" or "false"
)

// Column is one column: its machine name (the header row, so that scripts
// read the CSV and the workbook alike), its kind and its width in
// characters (0: a default by kind).
type Column struct {
	Name  string
	Kind  Kind
	Width int
}

// Table is what a download holds: a sheet name, columns, and rows of
// text, one cell per column.
type Table struct {
	Name    string
	Columns []Column
	Rows    [][]string
}

// WriteCSV writes t as CSV: UTF-8 with a byte order mark, which is what
// makes Excel read Persian as Persian, and CRLF line ends. A text cell
// that a spreadsheet would take for a formula (starting with = + - @, tab
// or CR) gets a leading apostrophe: much of the text is typed by the
// public.
func WriteCSV(w io.Writer, t Table) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Name
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range t.Rows {
		row := make([]string, len(r))
		for i, v := range r {
			if i < len(t.Columns) && t.Columns[i].Kind == Text {
				v = defuseFormula(v)
			}
			row[i] = v
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func defuseFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteXLSX writes t as an Excel workbook of one right-to-left sheet with
// a frozen header row. The file is the smallest valid OOXML package, built
// by hand: content types, the package and workbook relationships, the
// workbook and the sheet, with text as inline strings and numbers as
// numbers.
func WriteXLSX(w io.Writer, t Table) error {
	z := zip.NewWriter(w)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`</Types>`},
		{"_rels/.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`</Relationships>`},
		{"xl/workbook.xml", xml.Header + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="` + xmlText(sheetTitle(t.Name)) + `" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`</Relationships>`},
		{"xl/worksheets/sheet1.xml", sheetXML(t)},
	}
	for _, p := range parts {
		f, err := z.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return err
		}
	}
	return z.Close()
}

// sheetXML is the worksheet: a header row, then one row per table row.
func sheetXML(t Table) string {
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	b.WriteString(`<sheetViews><sheetView rightToLeft="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`)
	b.WriteString(`<cols>`)
	for i, c := range t.Columns {
		n := strconv.Itoa(i + 1)
		b.WriteString(`<col min="` + n + `" max="` + n + `" width="` + strconv.Itoa(c.width()) + `" customWidth="1"/>`)
	}
	b.WriteString(`</cols><sheetData>`)
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Name
	}
	writeRow(&b, 1, header, nil)
	for i, r := range t.Rows {
		writeRow(&b, i+2, r, t.Columns)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.String()
}

func (c Column) width() int {
	switch {
	case c.Width > 0:
		return c.Width
	case c.Kind == Text:
		return 30
	}
	return 14
}

// writeRow writes one row; cols nil writes every cell as text.
func writeRow(b *strings.Builder, n int, cells []string, cols []Column) {
	b.WriteString(`<row r="` + strconv.Itoa(n) + `">`)
	for i, v := range cells {
		ref := columnName(i) + strconv.Itoa(n)
		kind := Text
		if i < len(cols) {
			kind = cols[i].Kind
		}
		switch {
		case kind == Number && v != "":
			b.WriteString(`<c r="` + ref + `"><v>` + xmlText(v) + `</v></c>`)
		case kind == Bool:
			bit := "0"
			if v == "true" {
				bit = "1"
			}
			b.WriteString(`<c r="` + ref + `" t="b"><v>` + bit + `</v></c>`)
		default:
			b.WriteString(`<c r="` + ref + `" t="inlineStr"><is><t xml:space="preserve">` + xmlText(v) + `</t></is></c>`)
		}
	}
	b.WriteString(`</row>`)
}

// columnName is the spreadsheet's name of the column at index i: A … Z,
// AA, AB, …
func columnName(i int) string {
	name := ""
	for i++; i > 0; i = (i - 1) / 26 {
		name = string(rune('A'+(i-1)%26)) + name
	}
	return name
}

// xmlText escapes s for XML text and attributes; characters XML cannot
// hold become U+FFFD.
func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails a write
	return b.String()
}

// sheetTitle makes a sheet name Excel accepts: at most 31 characters,
// none of : \ / ? * [ ], not empty.
func sheetTitle(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, strings.TrimSpace(s))
	s = strings.Trim(s, "'")
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	if s == "" {
		s = "sheet"
	}
	return s
}
