package budgeting

import (
	"io"
	"strconv"

	"github.com/shahr-city/shahr/internal/sheet"
)

// exportColumns are the columns of a heading's results table, in the CSV
// and the spreadsheet alike: machine names, so that scripts read both.
var exportColumns = []sheet.Column{{Name: "id", Kind: sheet.Number, Width: 8}, {Name: "title", Width: 40},
	{Name: "cost", Kind: sheet.Number}, {Name: "votes", Kind: sheet.Number}, {Name: "selected", Kind: sheet.Bool},
	{Name: "explanation_fa", Width: 80}, {Name: "explanation_en", Width: 80}}

// resultsTable is a heading's results as a table, one row per project.
func resultsTable(name string, res HeadingResult) sheet.Table {
	t := sheet.Table{Name: name, Columns: exportColumns}
	if t.Name == "" {
		t.Name = "results"
	}
	for _, p := range res.Projects {
		t.Rows = append(t.Rows, []string{strconv.FormatInt(p.ID, 10), p.Title, strconv.FormatInt(p.Cost, 10),
			strconv.FormatInt(p.Votes, 10), strconv.FormatBool(p.Selected), p.Explanation.Fa, p.Explanation.En})
	}
	return t
}

// WriteResultsCSV writes a heading's results as CSV (see sheet.WriteCSV:
// a byte order mark, CRLF, formula-looking titles defused).
func WriteResultsCSV(w io.Writer, res HeadingResult) error {
	return sheet.WriteCSV(w, resultsTable("", res))
}

// WriteResultsXLSX writes a heading's results as an Excel workbook of one
// right-to-left sheet named after the heading.
func WriteResultsXLSX(w io.Writer, sheetName string, res HeadingResult) error {
	return sheet.WriteXLSX(w, resultsTable(sheetName, res))
}
