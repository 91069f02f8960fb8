package budgeting_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// sheet is the part of a SpreadsheetML worksheet the test reads.
type sheet struct {
	Views []struct {
		RightToLeft string `xml:"rightToLeft,attr"`
	} `xml:"sheetViews>sheetView"`
	Rows []struct {
		R     string `xml:"r,attr"`
		Cells []struct {
			Ref    string `xml:"r,attr"`
			Type   string `xml:"t,attr"`
			Value  string `xml:"v"`
			Inline string `xml:"is>t"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
}

// readXLSX opens a workbook, checks its package parts, and returns the
// sheet's name and its cells as text, row by row.
func readXLSX(t *testing.T, b []byte) (string, [][]string, sheet) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts := map[string][]byte{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"} {
		if _, ok := parts[name]; !ok {
			t.Fatalf("the workbook lacks %s", name)
		}
		var any struct{ XMLName xml.Name }
		if err := xml.Unmarshal(parts[name], &any); err != nil {
			t.Errorf("%s is not XML: %v", name, err)
		}
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(parts["xl/workbook.xml"], &wb); err != nil || len(wb.Sheets) != 1 {
		t.Fatalf("workbook: %+v %v", wb, err)
	}
	var s sheet
	if err := xml.Unmarshal(parts["xl/worksheets/sheet1.xml"], &s); err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for i, r := range s.Rows {
		if r.R != strconv.Itoa(i+1) {
			t.Errorf("row %d is numbered %s", i+1, r.R)
		}
		var cells []string
		for j, c := range r.Cells {
			if want := string(rune('A'+j)) + r.R; c.Ref != want {
				t.Errorf("cell %s, want %s", c.Ref, want)
			}
			switch c.Type {
			case "inlineStr":
				cells = append(cells, c.Inline)
			case "b":
				cells = append(cells, map[string]string{"1": "true", "0": "false"}[c.Value])
			case "":
				if _, err := strconv.ParseInt(c.Value, 10, 64); err != nil {
					t.Errorf("cell %s: number %q", c.Ref, c.Value)
				}
				cells = append(cells, c.Value)
			default:
				t.Errorf("cell %s has type %q", c.Ref, c.Type)
			}
		}
		rows = append(rows, cells)
	}
	return wb.Sheets[0].Name, rows, s
}

func resultRows(res budgeting.HeadingResult) [][]string {
	rows := [][]string{{"id", "title", "cost", "votes", "selected", "explanation_fa", "explanation_en"}}
	for _, p := range res.Projects {
		rows = append(rows, []string{strconv.FormatInt(p.ID, 10), p.Title, strconv.FormatInt(p.Cost, 10),
			strconv.FormatInt(p.Votes, 10), strconv.FormatBool(p.Selected), p.Explanation.Fa, p.Explanation.En})
	}
	return rows
}

// TestResultsXLSX: the downloaded workbook opens as a zip of well-formed
// parts, its one sheet reads right to left, and its cells are the results:
// numbers as numbers, the outcome as a boolean, text as text.
func TestResultsXLSX(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, _ := votedFixture(t, db)
		f.clock.set(at(31))
		ts := serve(t, f.svc)
		heading := f.process.Headings[0].ID
		r := get(t, ts, fmt.Sprintf("/budgets/district-21-1405/results/%d/xlsx", heading))
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
			!strings.Contains(r.header.Get("Content-Disposition"), ".xlsx") {
			t.Fatalf("xlsx: status %d, headers %v\n%.500s", r.status, r.header, r.body)
		}
		res, err := f.svc.Results(context.Background(), heading)
		if err != nil {
			t.Fatal(err)
		}
		name, rows, s := readXLSX(t, []byte(r.body))
		if name != "ویلاشهر" {
			t.Errorf("sheet name %q, want the heading's", name)
		}
		if len(s.Views) != 1 || s.Views[0].RightToLeft != "1" {
			t.Errorf("sheet views %+v, want one right to left", s.Views)
		}
		if fmt.Sprint(rows) != fmt.Sprint(resultRows(res)) {
			t.Errorf("sheet\n%q\nwant\n%q", rows, resultRows(res))
		}
	})
}

// TestExportAwkwardText: titles that XML must escape, that a spreadsheet
// would run as formulas, or that hold characters XML cannot carry come out
// as text in both formats.
func TestExportAwkwardText(t *testing.T) {
	t.Parallel()
	res := budgeting.HeadingResult{Budget: 100, Projects: []budgeting.ProjectResult{
		{ID: 1, Title: `=HYPERLINK("http://x.example","<b>پارک</b> & 'باغ'")`, Cost: 10, Votes: 3, Selected: true,
			Explanation: i18n.Text{Fa: "تأمین شد.", En: "Funded."}},
		{ID: 2, Title: "  true\x01", Cost: 20, Votes: 0, Explanation: i18n.Text{Fa: "-۱", En: "@x"}},
	}}
	var x bytes.Buffer
	if err := budgeting.WriteResultsXLSX(&x, `a/b:c*d?e[f]g\h اسم بسیار بسیار بسیار بلند برای یک برگه`, res); err != nil {
		t.Fatal(err)
	}
	name, rows, _ := readXLSX(t, x.Bytes())
	if strings.ContainsAny(name, `/\:*?[]`) || len([]rune(name)) > 31 {
		t.Errorf("sheet name %q is one Excel refuses", name)
	}
	want := resultRows(res)
	want[2][1] = "  true\uFFFD"
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("sheet\n%q\nwant\n%q", rows, want)
	}
	var c bytes.Buffer
	if err := budgeting.WriteResultsCSV(&c, res); err != nil {
		t.Fatal(err)
	}
	for _, cell := range []string{`"'=HYPERLINK(""http://x.example"",""<b>پارک</b> & 'باغ'"")"`, ",'-۱,'@x\r\n"} {
		if !strings.Contains(c.String(), cell) {
			t.Errorf("the CSV lacks %s:\n%s", cell, c.String())
		}
	}
}
