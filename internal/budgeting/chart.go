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
// all numbers and positions. Each project is a line of its title over a
// bar of its votes, winners dark and marked ✓ in words as well as colour,
// and below them a bar of the budget with the part the winners use. Titles
// above the bars, not beside them, let the drawing be narrow: it scales to
// a phone's width with its text still readable, where a drawing with a
// column of titles had to scroll sideways. In Persian the whole drawing is
// mirrored: text from the right, bars growing to the left.
//
// Colours are presentation attributes (the site's policy forbids inline
// styles) and meet 3:1 against white for graphics, 4.5:1 for text.

const (
	chartWidth   = 360
	chartValueW  = 150 // room after the longest bar for its figure
	chartLineH   = 18  // a title's line
	chartBarH    = 16
	chartRowH    = chartLineH + chartBarH + 10
	chartPad     = 6
	chartTitleN  = 48 // runes of a title shown before "…"
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

// chartPen writes the drawing's parts; its coordinates are distances
// from the start edge, mirrored in a right-to-left language.
type chartPen struct {
	b   strings.Builder
	rtl bool
}

func (p *chartPen) x(d float64) float64 {
	if p.rtl {
		return chartWidth - d
	}
	return d
}

// text writes s starting d from the start edge with its baseline at y.
func (p *chartPen) text(d float64, y int, s, attrs string) {
	fmt.Fprintf(&p.b, `<text x="%s" y="%d" text-anchor="start" fill="%s"%s>%s</text>`, num(p.x(d)), y, colorText, attrs, esc(s))
}

// bar writes a rectangle from d, w wide, its top at y.
func (p *chartPen) bar(d, w float64, y int, attrs string) {
	x := d
	if p.rtl {
		x = chartWidth - d - w
	}
	fmt.Fprintf(&p.b, `<rect x="%s" y="%d" width="%s" height="%d"%s></rect>`, num(x), y, num(w), chartBarH, attrs)
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
	barMax := float64(chartWidth - chartValueW - 2*chartPad)
	height := chartPad + (len(rows)+1)*chartRowH + chartLineH + chartPad
	pen := &chartPen{rtl: l.Dir() == "rtl"}
	titleID, descID := "chart-"+id+"-title", "chart-"+id+"-desc"
	fmt.Fprintf(&pen.b, `<svg class="results-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s %s" direction="%s" font-family="Vazirmatn, Tahoma, sans-serif" font-size="13">`,
		chartWidth, height, titleID, descID, l.Dir())
	fmt.Fprintf(&pen.b, "\n<title id=\"%s\">%s</title>", titleID, esc(l.T("budgeting.results.chart")+": "+headingName))
	fmt.Fprintf(&pen.b, "\n<desc id=\"%s\">%s</desc>", descID,
		esc(fmt.Sprintf(l.T("budgeting.results.chart.desc"), l.Int(len(rows)), headingName)))
	for i, r := range rows {
		top := chartPad + i*chartRowH
		fill, mark, weight := colorOther, "", ""
		if r.selected {
			fill, mark, weight = colorWinner, " ✓ "+l.T("budgeting.results.selected"), ` font-weight="700"`
		}
		w := 0.0
		if most > 0 {
			w = barMax * float64(r.votes) / float64(most)
		}
		votes := fmt.Sprintf(l.T("budgeting.results.votes"), l.Num(r.votes))
		pen.b.WriteString("\n<g>")
		fmt.Fprintf(&pen.b, "<title>%s</title>", esc(r.title+": "+votes+mark))
		pen.text(chartPad, top+chartLineH-5, shorten(r.title, chartTitleN), "")
		barTop := top + chartLineH
		pen.bar(chartPad, w, barTop, fmt.Sprintf(` fill="%s"`, fill))
		pen.text(chartPad+w+chartPad, barTop+chartBarH-3, votes+mark, weight)
		pen.b.WriteString("</g>")
	}
	// The budget: its whole width, and the part the winners use.
	top := chartPad + len(rows)*chartRowH
	used := 0.0
	if res.Budget > 0 {
		used = min(1, float64(res.TotalCost)/float64(res.Budget))
	}
	pen.b.WriteString("\n<g>")
	usedText := fmt.Sprintf(l.T("budgeting.results.chart.used"), money(l, res.TotalCost), money(l, res.Budget), percent(l, res.TotalCost, res.Budget))
	fmt.Fprintf(&pen.b, "<title>%s</title>", esc(l.T("budgeting.results.chart.budget")+": "+usedText))
	pen.text(chartPad, top+chartLineH-5, l.T("budgeting.results.chart.budget"), ` font-weight="700"`)
	barTop := top + chartLineH
	budgetW := float64(chartWidth - 2*chartPad)
	pen.bar(chartPad, budgetW, barTop, fmt.Sprintf(` fill="%s" stroke="%s"`, colorBudget, colorOutline))
	pen.bar(chartPad, budgetW*used, barTop, fmt.Sprintf(` fill="%s"`, colorWinner))
	pen.text(chartPad, barTop+chartBarH+chartLineH-3, usedText, "")
	pen.b.WriteString("</g>\n</svg>")
	return template.HTML(pen.b.String())
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
