package budgeting

import (
	"archive/zip"
	"encoding/csv"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

// exportColumns are the columns of a heading's results table, in the CSV
// and the spreadsheet alike: machine names, so that scripts read both.
var exportColumns = []string{"id", "title", "cost", "votes", "selected", "explanation_fa", "explanation_en"}

// exportKinds are the columns' types in the spreadsheet: number, string,
// boolean.
const exportKinds = "nsnnbss"

// exportRow is one project's row, as text.
func exportRow(p ProjectResult) []string {
	return []string{strconv.FormatInt(p.ID, 10), p.Title, strconv.FormatInt(p.Cost, 10), strconv.FormatInt(p.Votes, 10),
		strconv.FormatBool(p.Selected), p.Explanation.Fa, p.Explanation.En}
}

// WriteResultsCSV writes a heading's results as CSV: UTF-8 with a byte
// order mark, which is what makes Excel read Persian as Persian, and CRLF
// line ends. A text cell that a spreadsheet would take for a formula
// (starting with = + - @) gets a leading apostrophe: titles are written by
// citizens.
func WriteResultsCSV(w io.Writer, res HeadingResult) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(exportColumns); err != nil {
		return err
	}
	for _, p := range res.Projects {
		row := exportRow(p)
		for _, i := range []int{1, 5, 6} { // the text columns
			row[i] = defuseFormula(row[i])
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

// WriteResultsXLSX writes a heading's results as an Excel workbook of one
// right-to-left sheet. The file is the smallest valid OOXML package, built
// by hand: content types, the package and workbook relationships, the
// workbook and the sheet, with text as inline strings (never formulas) and
// numbers as numbers.
func WriteResultsXLSX(w io.Writer, sheetName string, res HeadingResult) error {
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
			`<sheets><sheet name="` + xmlText(sheetTitle(sheetName)) + `" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`</Relationships>`},
		{"xl/worksheets/sheet1.xml", sheetXML(res)},
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

// sheetXML is the worksheet: a header row, then one row per project.
func sheetXML(res HeadingResult) string {
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	b.WriteString(`<sheetViews><sheetView rightToLeft="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`)
	b.WriteString(`<cols><col min="1" max="1" width="8" customWidth="1"/><col min="2" max="2" width="40" customWidth="1"/>` +
		`<col min="3" max="5" width="14" customWidth="1"/><col min="6" max="7" width="80" customWidth="1"/></cols>`)
	b.WriteString(`<sheetData>`)
	row := func(n int, cells []string, kinds string) {
		b.WriteString(`<row r="` + strconv.Itoa(n) + `">`)
		for i, v := range cells {
			ref := string(rune('A'+i)) + strconv.Itoa(n)
			switch kinds[i] {
			case 'n':
				b.WriteString(`<c r="` + ref + `"><v>` + v + `</v></c>`)
			case 'b':
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
	row(1, exportColumns, "sssssss")
	for i, p := range res.Projects {
		row(i+2, exportRow(p), exportKinds)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.String()
}

// xmlText escapes s for XML text and attributes; characters XML cannot
// hold become U+FFFD.
func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
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
		s = "results"
	}
	return s
}
