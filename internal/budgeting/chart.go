package budgeting

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/i18n"
)

// The results chart is inline SVG written here, not by a template: it is
// all numbers and positions. It draws one bar per project (its votes),
// winners dark and marked ✓ in words as well as colour, and below them a
// bar of the budget with the part the winners use. In Persian the whole
// drawing is mirrored: labels on the right, bars growing to the left.
//
// Colours are presentation attributes (the site's policy forbids inline
// styles) and meet 3:1 against white for graphics, 4.5:1 for text.

const (
	chartWidth   = 640
	chartLabelW  = 200 // the project titles' column
	chartValueW  = 150 // room after the longest bar for its figure
	chartRowH    = 30
	chartBarH    = 18
	chartPad     = 8
	chartTitleN  = 28 // runes of a title shown before "…"
	colorWinner  = "#0b5d4b"
	colorOther   = "#75817e"
	colorText    = "#1b1f23"
	colorBudget  = "#e3e8e6"
	colorOutline = "#4b5560"
)

// chartRow is one project's bar.
type chartRow struct {
	title    string
	votes    int64
	selected bool
}

// resultsChart draws a heading's votes and budget use in l; id makes its
// title and description ids unique on the page.
func resultsChart(l i18n.Lang, id, headingName string, res HeadingResult) template.HTML {
	rows := make([]chartRow, len(res.Projects))
	var most int64
	for i, p := range res.Projects {
		rows[i] = chartRow{title: p.Title, votes: p.Votes, selected: p.Selected}
		most = max(most, p.Votes)
	}
	rtl := l.Dir() == "rtl"
	barMax := float64(chartWidth - chartLabelW - chartValueW - 2*chartPad)
	height := chartPad + len(rows)*chartRowH + 2*chartRowH + chartPad
	// x maps a distance from the drawing's start edge to a coordinate.
	x := func(d float64) float64 {
		if rtl {
			return chartWidth - d
		}
		return d
	}
	// span is a rectangle from start-edge distance d, w wide.
	span := func(d, w float64) (float64, float64) {
		if rtl {
			return chartWidth - d - w, w
		}
		return d, w
	}
	var b strings.Builder
	titleID, descID := "chart-"+id+"-title", "chart-"+id+"-desc"
	fmt.Fprintf(&b, `<svg class="results-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s %s" direction="%s" font-family="Vazirmatn, Tahoma, sans-serif" font-size="13">`,
		chartWidth, height, titleID, descID, l.Dir())
	fmt.Fprintf(&b, "\n<title id=\"%s\">%s</title>", titleID, esc(l.T("budgeting.results.chart")+": "+headingName))
	fmt.Fprintf(&b, "\n<desc id=\"%s\">%s</desc>", descID,
		esc(fmt.Sprintf(l.T("budgeting.results.chart.desc"), l.Int(len(rows)), headingName)))
	labelEdge := float64(chartLabelW) // where bars start, from the start edge
	for i, r := range rows {
		top := chartPad + i*chartRowH
		fill, mark := colorOther, ""
		if r.selected {
			fill, mark = colorWinner, " ✓ "+l.T("budgeting.results.selected")
		}
		w := 0.0
		if most > 0 {
			w = barMax * float64(r.votes) / float64(most)
		}
		votes := fmt.Sprintf(l.T("budgeting.results.votes"), l.Num(r.votes))
		b.WriteString("\n<g>")
		fmt.Fprintf(&b, "<title>%s</title>", esc(r.title+": "+votes+mark))
		// The title ends just before the bar: its end is the side facing it.
		fmt.Fprintf(&b, `<text x="%s" y="%d" text-anchor="end" fill="%s">%s</text>`,
			num(x(labelEdge-chartPad)), top+chartBarH-4, colorText, esc(shorten(r.title, chartTitleN)))
		bx, bw := span(labelEdge, w)
		fmt.Fprintf(&b, `<rect x="%s" y="%d" width="%s" height="%d" fill="%s"></rect>`, num(bx), top, num(bw), chartBarH, fill)
		weight := ""
		if r.selected {
			weight = ` font-weight="700"`
		}
		fmt.Fprintf(&b, `<text x="%s" y="%d" text-anchor="start" fill="%s"%s>%s</text>`,
			num(x(labelEdge+w+chartPad/2)), top+chartBarH-4, colorText, weight, esc(votes+mark))
		b.WriteString("</g>")
	}
	// The budget: its whole width, and the part the winners use.
	top := chartPad + len(rows)*chartRowH + chartRowH/2
	used := 0.0
	if res.Budget > 0 {
		used = min(1, float64(res.TotalCost)/float64(res.Budget))
	}
	b.WriteString("\n<g>")
	usedText := fmt.Sprintf(l.T("budgeting.results.chart.used"), money(l, res.TotalCost), money(l, res.Budget), percent(l, res.TotalCost, res.Budget))
	fmt.Fprintf(&b, "<title>%s</title>", esc(l.T("budgeting.results.chart.budget")+": "+usedText))
	fmt.Fprintf(&b, `<text x="%s" y="%d" text-anchor="end" fill="%s" font-weight="700">%s</text>`,
		num(x(labelEdge-chartPad)), top+chartBarH-4, colorText, esc(l.T("budgeting.results.chart.budget")))
	bx, bw := span(labelEdge, barMax)
	fmt.Fprintf(&b, `<rect x="%s" y="%d" width="%s" height="%d" fill="%s" stroke="%s"></rect>`,
		num(bx), top, num(bw), chartBarH, colorBudget, colorOutline)
	ux, uw := span(labelEdge, barMax*used)
	fmt.Fprintf(&b, `<rect x="%s" y="%d" width="%s" height="%d" fill="%s"></rect>`, num(ux), top, num(uw), chartBarH, colorWinner)
	fmt.Fprintf(&b, `<text x="%s" y="%d" text-anchor="start" fill="%s">%s</text>`,
		num(x(labelEdge)), top+chartBarH+16, colorText, esc(usedText))
	b.WriteString("</g>\n</svg>")
	return template.HTML(b.String())
}

func esc(s string) string { return html.EscapeString(s) }

// num writes a coordinate with at most one decimal.
func num(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// shorten cuts s to n runes, marking the cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// percent is part of whole in whole percent (one decimal below 10%).
func percent(l i18n.Lang, part, whole int64) string {
	if whole <= 0 {
		return ""
	}
	p := 100 * float64(part) / float64(whole)
	prec := 0
	if p < 10 && p != float64(int64(p)) {
		prec = 1
	}
	s := strconv.FormatFloat(p, 'f', prec, 64)
	if l == i18n.Fa {
		s = strings.ReplaceAll(s, ".", "٫")
	}
	return fmt.Sprintf(l.T("budgeting.results.percent"), l.Digits(s))
}

// money writes an amount of rials as people read it: in millions or
// billions when that is exact to two decimals ("۹۴۰ میلیارد ریال",
// "1.25 million rials"), else every digit ("۱٬۲۳۴٬۵۶۷ ریال").
func money(l i18n.Lang, rials int64) string {
	for _, u := range []struct {
		size int64
		key  string
	}{{1_000_000_000, "budgeting.results.money.billion"}, {1_000_000, "budgeting.results.money.million"}} {
		if rials >= u.size && rials%(u.size/100) == 0 {
			whole, frac := rials/u.size, (rials%u.size)/(u.size/100)
			s := l.Num(whole)
			if frac != 0 {
				f := strings.TrimRight(fmt.Sprintf("%02d", frac), "0")
				dot := "."
				if l == i18n.Fa {
					dot = "٫"
				}
				s += dot + l.Digits(f)
			}
			return fmt.Sprintf(l.T(u.key), s)
		}
	}
	return fmt.Sprintf(l.T("budgeting.results.money"), l.Num(rials))
}
