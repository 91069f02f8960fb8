package network

import (
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
)

// Pin is a member city placed on the association's map.
type Pin struct {
	X, Y  string // in the view box
	Name  string
	Label bool // the name is written beside the pin, not only in its tooltip
}

// maxLabels is how many pins a map labels: beyond it the names would
// cover one another, and each pin names its city in its tooltip alone.
const maxLabels = 40

// MemberMap is an inline-SVG map of member cities: each is placed by its
// organization's point, or its polygon's centroid, in an equirectangular
// projection fitted to the pins. Members without a geometry are left out.
type MemberMap struct {
	ViewBox string
	Pins    []Pin
}

const mapWidth, mapHeight, mapPad = 600.0, 360.0, 30.0

// memberMap places the members' points; ok is false when there are none.
func memberMap(l i18n.Lang, places []org.Pin) (MemberMap, bool) {
	if len(places) == 0 {
		return MemberMap{}, false
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range places {
		minX, maxX, minY, maxY = math.Min(minX, p.Lon), math.Max(maxX, p.Lon), math.Min(minY, p.Lat), math.Max(maxY, p.Lat)
	}
	// One scale for both axes keeps the map's proportions; a single
	// city sits in the middle.
	scale := math.Min((mapWidth-2*mapPad)/math.Max(maxX-minX, 1e-6), (mapHeight-2*mapPad)/math.Max(maxY-minY, 1e-6))
	offX := (mapWidth - (maxX-minX)*scale) / 2
	offY := (mapHeight - (maxY-minY)*scale) / 2
	mm := MemberMap{ViewBox: "0 0 " + fmtNum(mapWidth) + " " + fmtNum(mapHeight)}
	label := len(places) <= maxLabels
	for _, p := range places {
		mm.Pins = append(mm.Pins, Pin{X: fmtNum(offX + (p.Lon-minX)*scale), Y: fmtNum(offY + (maxY-p.Lat)*scale),
			Name: p.Name.In(l), Label: label})
	}
	return mm, true
}

// PinsHTML is the pins' SVG markup, every name escaped. It is written here
// rather than by the template: a map may hold thousands of pins, and
// html/template spends most of its time per value (see web.Cards). A
// labelled pin is larger; unlabelled ones stay small enough to tell apart.
func (mm MemberMap) PinsHTML() template.HTML {
	var b strings.Builder
	for _, p := range mm.Pins {
		name := html.EscapeString(p.Name)
		radius := "4"
		if p.Label {
			radius = "7"
		}
		b.WriteString(`<g><circle cx="` + p.X + `" cy="` + p.Y + `" r="` + radius + `" fill="#0b6e4f"><title>` + name + `</title></circle>`)
		if p.Label {
			b.WriteString(`<text x="` + p.X + `" y="` + p.Y + `" dy="-11" text-anchor="middle" font-size="16">` + name + `</text>`)
		}
		b.WriteString("</g>\n")
	}
	return template.HTML(b.String())
}

func fmtNum(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }
