// Package geojson reads the geometry an organization may carry (a point,
// or the polygon of its boundary) and draws it as an inline SVG, so pages
// show a static map with no map server and no script.
package geojson

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Shape is a validated geometry: a point, or polygons made of rings of
// [lon, lat] positions.
type Shape struct {
	Type     string // "Point", "Polygon" or "MultiPolygon"
	Point    [2]float64
	Polygons [][][][2]float64 // polygon → ring → position
}

// MaxPositions bounds the size of a geometry we accept.
const MaxPositions = 200_000

var (
	ErrSyntax   = errors.New("geojson: not valid JSON")
	ErrType     = errors.New("geojson: geometry must be a Point, Polygon or MultiPolygon (or a Feature holding one)")
	ErrPosition = errors.New("geojson: a position must be [longitude, latitude] within -180..180 and -90..90")
	ErrRing     = errors.New("geojson: a ring needs at least 4 positions and must end where it starts")
	ErrTooLarge = errors.New("geojson: geometry has too many positions")
)

type object struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
	Geometry    *object         `json:"geometry"`
}

// Parse validates a GeoJSON geometry or a Feature holding one.
func Parse(data []byte) (Shape, error) {
	var o object
	if err := json.Unmarshal(data, &o); err != nil {
		return Shape{}, ErrSyntax
	}
	if o.Type == "Feature" {
		if o.Geometry == nil {
			return Shape{}, ErrType
		}
		o = *o.Geometry
	}
	s := Shape{Type: o.Type}
	var err error
	switch o.Type {
	case "Point":
		err = decodeInto(o.Coordinates, &s.Point, func() error { return checkPosition(s.Point) })
	case "Polygon":
		var p [][][2]float64
		err = decodeInto(o.Coordinates, &p, func() error { return checkPolygon(p) })
		s.Polygons = [][][][2]float64{p}
	case "MultiPolygon":
		err = decodeInto(o.Coordinates, &s.Polygons, func() error { return checkPolygons(s.Polygons) })
	default:
		return Shape{}, ErrType
	}
	return s, err
}

func decodeInto(raw json.RawMessage, dst any, check func() error) error {
	if err := json.Unmarshal(raw, dst); err != nil {
		return ErrPosition
	}
	return check()
}

func checkPosition(p [2]float64) error {
	if math.Abs(p[0]) > 180 || math.Abs(p[1]) > 90 || math.IsNaN(p[0]) || math.IsNaN(p[1]) {
		return ErrPosition
	}
	return nil
}

func checkPolygons(ps [][][][2]float64) error {
	n := 0
	for _, p := range ps {
		if err := checkPolygon(p); err != nil {
			return err
		}
		for _, ring := range p {
			n += len(ring)
		}
	}
	if len(ps) == 0 {
		return ErrRing
	}
	if n > MaxPositions {
		return ErrTooLarge
	}
	return nil
}

func checkPolygon(p [][][2]float64) error {
	if len(p) == 0 {
		return ErrRing
	}
	n := 0
	for _, ring := range p {
		if len(ring) < 4 || ring[0] != ring[len(ring)-1] {
			return ErrRing
		}
		for _, pos := range ring {
			if err := checkPosition(pos); err != nil {
				return err
			}
		}
		n += len(ring)
	}
	if n > MaxPositions {
		return ErrTooLarge
	}
	return nil
}

// JSON returns the geometry as compact GeoJSON (a Feature's wrapper and
// any foreign members are dropped).
func (s Shape) JSON() string {
	var coords any = s.Polygons
	switch s.Type {
	case "Point":
		coords = s.Point
	case "Polygon":
		coords = s.Polygons[0]
	}
	b, _ := json.Marshal(map[string]any{"type": s.Type, "coordinates": coords})
	return string(b)
}

// Drawing is a shape projected into an SVG view box.
type Drawing struct {
	ViewBox string
	Path    string // the "d" of one path holding every ring; empty for a point
	CX, CY  string // the point's centre, for a point
}

// viewSize is the longer side of the view box, in SVG units.
const viewSize = 1000.0

// Draw projects the shape (equirectangular, longitudes shrunk by the cosine
// of the middle latitude so shapes keep their proportions) into a view box.
func (s Shape) Draw() Drawing {
	if s.Type == "Point" {
		return Drawing{ViewBox: "0 0 100 100", CX: "50", CY: "50"}
	}
	pr := s.projection()
	var b strings.Builder
	for _, p := range s.Polygons {
		for _, ring := range p {
			for i, pos := range ring {
				x, y := pr.project(pos[0], pos[1])
				b.WriteByte("LM"[boolInt(i == 0)])
				b.WriteString(x)
				b.WriteByte(' ')
				b.WriteString(y)
			}
			b.WriteByte('Z')
		}
	}
	return Drawing{ViewBox: fmt.Sprintf("0 0 %s %s", num(pr.w*pr.scale), num(pr.h*pr.scale)), Path: b.String()}
}

// DrawWithPoint draws a polygon shape with a marked point (longitude,
// latitude) in the same projection, so a place shows where it lies in an
// area. For a point shape the marked point is the shape itself.
func (s Shape) DrawWithPoint(lon, lat float64) Drawing {
	d := s.Draw()
	if s.Type != "Point" {
		d.CX, d.CY = s.projection().project(lon, lat)
	}
	return d
}

// projection maps positions into the view box of a polygon shape.
type projection struct {
	minX, maxY, k, w, h, scale float64
}

func (s Shape) projection() projection {
	minX, minY, maxX, maxY := s.bounds()
	k := math.Cos((minY + maxY) / 2 * math.Pi / 180)
	w, h := (maxX-minX)*k, maxY-minY
	return projection{minX: minX, maxY: maxY, k: k, w: w, h: h, scale: viewSize / math.Max(math.Max(w, h), 1e-9)}
}

func (p projection) project(lon, lat float64) (x, y string) {
	return num((lon - p.minX) * p.k * p.scale), num((p.maxY - lat) * p.scale)
}

func (s Shape) bounds() (minX, minY, maxX, maxY float64) {
	minX, minY, maxX, maxY = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range s.Polygons {
		for _, ring := range p {
			for _, pos := range ring {
				minX, maxX = math.Min(minX, pos[0]), math.Max(maxX, pos[0])
				minY, maxY = math.Min(minY, pos[1]), math.Max(maxY, pos[1])
			}
		}
	}
	return
}

func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
