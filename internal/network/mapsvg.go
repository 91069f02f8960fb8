package network

import (
	"math"
	"strconv"

	"github.com/shahr-city/shahr/internal/geojson"
	"github.com/shahr-city/shahr/internal/i18n"
)

// Pin is a member city placed on the association's map.
type Pin struct {
	X, Y string // in the view box
	Name string
}

// MemberMap is an inline-SVG map of member cities: each is placed by its
// organization's point, or its polygon's centroid, in an equirectangular
// projection fitted to the pins. Members without a geometry are left out.
type MemberMap struct {
	ViewBox string
	Pins    []Pin
}

const mapWidth, mapHeight, mapPad = 600.0, 360.0, 30.0

// memberMap places the members that have a geometry; ok is false when
// none has.
func memberMap(l i18n.Lang, members []Member) (MemberMap, bool) {
	type place struct {
		lon, lat float64
		name     string
	}
	var places []place
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, m := range members {
		lon, lat, ok := centre(m.Geometry)
		if !ok {
			continue
		}
		places = append(places, place{lon, lat, m.Name.In(l)})
		minX, maxX, minY, maxY = math.Min(minX, lon), math.Max(maxX, lon), math.Min(minY, lat), math.Max(maxY, lat)
	}
	if len(places) == 0 {
		return MemberMap{}, false
	}
	// One scale for both axes keeps the map's proportions; a single
	// city sits in the middle.
	scale := math.Min((mapWidth-2*mapPad)/math.Max(maxX-minX, 1e-6), (mapHeight-2*mapPad)/math.Max(maxY-minY, 1e-6))
	offX := (mapWidth - (maxX-minX)*scale) / 2
	offY := (mapHeight - (maxY-minY)*scale) / 2
	mm := MemberMap{ViewBox: "0 0 " + fmtNum(mapWidth) + " " + fmtNum(mapHeight)}
	for _, p := range places {
		mm.Pins = append(mm.Pins, Pin{X: fmtNum(offX + (p.lon-minX)*scale), Y: fmtNum(offY + (maxY-p.lat)*scale), Name: p.name})
	}
	return mm, true
}

// centre is a geometry's point, or the mean of its outer ring's vertices.
func centre(geometry string) (lon, lat float64, ok bool) {
	if geometry == "" {
		return 0, 0, false
	}
	s, err := geojson.Parse([]byte(geometry))
	if err != nil {
		return 0, 0, false
	}
	if s.Type == "Point" {
		return s.Point[0], s.Point[1], true
	}
	ring := s.Polygons[0][0]
	n := len(ring) - 1 // the last position repeats the first
	for _, p := range ring[:n] {
		lon, lat = lon+p[0], lat+p[1]
	}
	return lon / float64(n), lat / float64(n), n > 0
}

func fmtNum(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }
