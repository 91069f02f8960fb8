package sistercity

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"net/http"
	"strings"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/web"
)

// lineStyle is how the diagram draws an agreement of a status: signed
// and active ones solid, talks dashed, dormant dotted, ended faint.
type lineStyle struct {
	Color string
	Width float64
	Dash  string // stroke-dasharray; "" for solid
}

var lineStyles = map[Status]lineStyle{
	Proposed:    {"#ef6c00", 1.5, "3 4"},
	Negotiating: {"#ef6c00", 2, "8 4"},
	Signed:      {"#1565c0", 2.5, ""},
	Active:      {"#2e7d32", 3.5, ""},
	Dormant:     {"#757575", 2, "1 5"},
	Ended:       {"#bdbdbd", 1.5, "6 6"},
}

func (s lineStyle) attrs() string {
	a := fmt.Sprintf(`stroke="%s" stroke-width="%g" stroke-linecap="round"`, s.Color, s.Width)
	if s.Dash != "" {
		a += ` stroke-dasharray="` + s.Dash + `"`
	}
	return a
}

// The diagram's geometry, in viewBox units.
const (
	diagramW, diagramH = 480.0, 440.0
	centreX, centreY   = diagramW / 2, diagramH / 2
	ringR              = 150.0
	nodeR              = 9.0
)

// diagram draws a city's network as inline SVG: the city in the centre,
// its partners on a ring around it, one line per agreement styled by its
// status. Labels are centred under or over their node, so they read the
// same right to left; the viewBox scales the drawing to a phone's width.
func diagram(l i18n.Lang, centre string, orgID int64, as []Agreement) template.HTML {
	var lines, nodes strings.Builder
	for i, a := range as {
		partner := a.Parties[0]
		if partner.OrgID == orgID {
			partner = a.Parties[1]
		}
		angle := -math.Pi/2 + 2*math.Pi*float64(i)/float64(len(as))
		x, y := centreX+ringR*math.Cos(angle), centreY+ringR*math.Sin(angle)
		title := html.EscapeString(partner.Name(l) + " (" + a.Status.Label().In(l) + ")")
		fmt.Fprintf(&lines, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" %s><title>%s</title></line>`+"\n",
			centreX, centreY, x, y, lineStyles[a.Status].attrs(), title)
		labelY := y + nodeR + 16
		if y < centreY-1 {
			labelY = y - nodeR - 8
		}
		fmt.Fprintf(&nodes, `<circle cx="%.1f" cy="%.1f" r="%g" fill="#fff" stroke="#00695c" stroke-width="2"/>`+"\n", x, y, nodeR)
		fmt.Fprintf(&nodes, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="14">%s</text>`+"\n", x, labelY, html.EscapeString(partner.Name(l)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" width="100%%" role="img" aria-labelledby="network-title" direction="%s" font-family="inherit">`+"\n",
		diagramW, diagramH, l.Dir())
	fmt.Fprintf(&b, `<title id="network-title">%s</title>`+"\n", html.EscapeString(l.T("sister.network.diagram")+": "+centre))
	b.WriteString(lines.String())
	fmt.Fprintf(&b, `<circle cx="%g" cy="%g" r="%g" fill="#00695c"/>`+"\n", centreX, centreY, nodeR*2)
	b.WriteString(nodes.String())
	fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="middle" font-size="16" font-weight="bold">%s</text>`+"\n", centreX, centreY+nodeR*2+20, html.EscapeString(centre))
	b.WriteString("</svg>")
	return template.HTML(b.String())
}

// legendEntry is one line of the diagram's key: a sample line and its status.
type legendEntry struct {
	Sample template.HTML
	Label  string
}

// legend is the key of the statuses the diagram shows.
func legend(l i18n.Lang, as []Agreement) []legendEntry {
	var out []legendEntry
	for _, s := range Statuses {
		for _, a := range as {
			if a.Status == s {
				sample := fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10" aria-hidden="true"><line x1="2" y1="5" x2="38" y2="5" %s/></svg>`, lineStyles[s].attrs())
				out = append(out, legendEntry{Sample: template.HTML(sample), Label: s.Label().In(l)})
				break
			}
		}
	}
	return out
}

type networkPage struct {
	web.Page
	Table   table
	Diagram template.HTML
	Legend  []legendEntry
	OrgURL  string
}

// network is a city's page of sister cities: a list and a diagram.
func (h *handlers) network(w http.ResponseWriter, r *http.Request) error {
	o, err := h.svc.municipality(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	as, err := h.svc.Agreements(r.Context(), Filter{OrgID: o.OrgID})
	if err != nil {
		return err
	}
	p := &networkPage{Page: web.NewPage(w, r, ""), OrgURL: "/orgs/" + o.OrgSlug}
	p.Title = p.L.Tf("sister.network.title", o.Name(p.L))
	p.Table = tableOf(p.L, as, "/sister-cities/")
	if len(as) > 0 {
		p.Diagram, p.Legend = diagram(p.L, o.Name(p.L), o.OrgID, as), legend(p.L, as)
	}
	h.web.Render(w, r, http.StatusOK, "sistercity/network", p)
	return nil
}
