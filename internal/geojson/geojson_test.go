package geojson

import (
	"errors"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	good := map[string]string{
		`{"type":"Point","coordinates":[51.21,35.71]}`:                                         "Point",
		`{"type":"Polygon","coordinates":[[[51,35],[52,35],[52,36],[51,35]]]}`:                 "Polygon",
		`{"type":"MultiPolygon","coordinates":[[[[51,35],[52,35],[52,36],[51,35]]]]}`:          "MultiPolygon",
		`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[51,35]}}`: "Point",
	}
	for in, typ := range good {
		s, err := Parse([]byte(in))
		if err != nil || s.Type != typ {
			t.Errorf("Parse(%s) = %v, %v", in, s.Type, err)
		}
	}
	bad := map[string]error{
		`{`: ErrSyntax,
		`{"type":"LineString","coordinates":[[1,2],[3,4]]}`:                    ErrType,
		`{"type":"Feature","geometry":null}`:                                   ErrType,
		`{"type":"Point","coordinates":[200,35]}`:                              ErrPosition,
		`{"type":"Point","coordinates":"x"}`:                                   ErrPosition,
		`{"type":"Polygon","coordinates":[[[51,35],[52,35],[51,35]]]}`:         ErrRing,
		`{"type":"Polygon","coordinates":[[[51,35],[52,35],[52,36],[51,36]]]}`: ErrRing,
		`{"type":"MultiPolygon","coordinates":[]}`:                             ErrRing,
	}
	for in, want := range bad {
		if _, err := Parse([]byte(in)); !errors.Is(err, want) {
			t.Errorf("Parse(%s) = %v, want %v", in, err, want)
		}
	}
}

func TestJSONDropsFeatureWrapper(t *testing.T) {
	t.Parallel()
	s, err := Parse([]byte(`{"type":"Feature","properties":{"x":1},"geometry":{"type":"Polygon","coordinates":[[[51,35],[52,35],[52,36],[51,35]]]}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"coordinates":[[[51,35],[52,35],[52,36],[51,35]]],"type":"Polygon"}`
	if got := s.JSON(); got != want {
		t.Fatalf("JSON() = %s, want %s", got, want)
	}
}

func TestDraw(t *testing.T) {
	t.Parallel()
	// A square one degree on a side at the equator fills the view box.
	s, _ := Parse([]byte(`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}`))
	d := s.Draw()
	if d.ViewBox != "0 0 1000 1000" || d.Path != "M0 1000L1000 1000L1000 0L0 0L0 1000Z" {
		t.Fatalf("Draw() = %+v", d)
	}
	// At 60°N a degree of longitude is half as wide as one of latitude.
	s, _ = Parse([]byte(`{"type":"Polygon","coordinates":[[[0,59.5],[1,59.5],[1,60.5],[0,60.5],[0,59.5]]]}`))
	if d := s.Draw(); !strings.HasPrefix(d.ViewBox, "0 0 500 1000") {
		t.Fatalf("at 60°N view box = %s, want 0 0 500 1000", d.ViewBox)
	}
}

func TestDrawWithPoint(t *testing.T) {
	t.Parallel()
	// The square's centre and its north-west corner, in the square's box.
	s, _ := Parse([]byte(`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}`))
	if d := s.DrawWithPoint(0.5, 0.5); d.CX != "500" || d.CY != "500" || d.Path == "" {
		t.Errorf("centre drawn at %s,%s", d.CX, d.CY)
	}
	if d := s.DrawWithPoint(0, 1); d.CX != "0" || d.CY != "0" {
		t.Errorf("north-west corner drawn at %s,%s", d.CX, d.CY)
	}
	p, _ := Parse([]byte(`{"type":"Point","coordinates":[51,35]}`))
	if d := p.DrawWithPoint(10, 10); d.CX != "50" || d.CY != "50" {
		t.Errorf("a point shape's mark at %s,%s, want its centre", d.CX, d.CY)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(`{"type":"Polygon","coordinates":[[[51,35],[52,35],[52,36],[51,35]]]}`)
	f.Add(`{"type":"Point","coordinates":[51,35]}`)
	f.Add(`{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}}`)
	f.Fuzz(func(t *testing.T, in string) {
		s, err := Parse([]byte(in))
		if err != nil {
			return
		}
		again, err := Parse([]byte(s.JSON()))
		if err != nil || again.JSON() != s.JSON() {
			t.Fatalf("JSON() of an accepted shape does not parse back: %v", err)
		}
		s.Draw()
	})
}
