package sheet

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

func TestColumnName(t *testing.T) {
	t.Parallel()
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := columnName(i); got != want {
			t.Errorf("columnName(%d) = %q, want %q", i, got, want)
		}
	}
}

var table = Table{Name: "اعضا: ۱۴۰۵/۰۹", Columns: []Column{{Name: "name"}, {Name: "balance", Kind: Number}, {Name: "active", Kind: Bool}},
	Rows: [][]string{{"=HYPERLINK(\"x\")", "-5", "true"}, {"شهرداری کرج", "7000", "false"}}}

func TestCSVDefusesTextOnly(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := WriteCSV(&b, table); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFname,balance,active\r\n\"'=HYPERLINK(\"\"x\"\")\",-5,true\r\nشهرداری کرج,7000,false\r\n"
	if b.String() != want {
		t.Errorf("CSV:\n%q\nwant\n%q", b.String(), want)
	}
}

func TestXLSXSheet(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := WriteXLSX(&b, table); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		rc, _ := f.Open()
		body, _ := io.ReadAll(rc)
		parts[f.Name] = string(body)
	}
	if !strings.Contains(parts["xl/workbook.xml"], `name="اعضا- ۱۴۰۵-۰۹"`) {
		t.Errorf("sheet name not made safe: %s", parts["xl/workbook.xml"])
	}
	s := parts["xl/worksheets/sheet1.xml"]
	for _, want := range []string{`rightToLeft="1"`, `<c r="A2" t="inlineStr"><is><t xml:space="preserve">=HYPERLINK(&#34;x&#34;)</t></is></c>`,
		`<c r="B2"><v>-5</v></c>`, `<c r="C2" t="b"><v>1</v></c>`, `<c r="C3" t="b"><v>0</v></c>`} {
		if !strings.Contains(s, want) {
			t.Errorf("sheet lacks %s", want)
		}
	}
}
