package apptest

import (
	"html"
	"net/url"
	"regexp"
	"strings"
)

var (
	formTag     = regexp.MustCompile(`(?s)<form\b[^>]*>.*?</form>`)
	inputTag    = regexp.MustCompile(`<input\b[^>]*>`)
	selectTag   = regexp.MustCompile(`(?s)<select\b([^>]*)>(.*?)</select>`)
	optionTag   = regexp.MustCompile(`<option\b[^>]*>`)
	textareaTag = regexp.MustCompile(`(?s)<textarea\b([^>]*)>(.*?)</textarea>`)
	attrPattern = regexp.MustCompile(`([a-z-]+)(?:="([^"]*)")?`)
	// controls finds a form's controls in document order, so that
	// repeated names keep their rows.
	controls = regexp.MustCompile(inputTag.String() + `|` + selectTag.String() + `|` + textareaTag.String())
)

// Form returns what a browser would send for the first form in the page
// whose action is action, untouched: text inputs and hidden ones with
// their values, checked radio buttons and boxes, each select's selected
// option (or its first) and text areas. Disabled controls are left out,
// as browsers do. Tests use it to send a form back as the page shows it.
func (r Response) Form(action string) (url.Values, bool) {
	for _, f := range formTag.FindAllString(r.Body, -1) {
		open := f[:strings.IndexByte(f, '>')+1]
		if attrs(open)["action"] != action {
			continue
		}
		v := url.Values{}
		for _, c := range controls.FindAllString(f, -1) {
			addControl(v, c)
		}
		return v, true
	}
	return nil, false
}

func addControl(v url.Values, c string) {
	switch {
	case strings.HasPrefix(c, "<input"):
		a := attrs(c)
		_, checked := a["checked"]
		_, disabled := a["disabled"]
		kind := a["type"]
		if a["name"] == "" || disabled || kind == "submit" || kind == "file" || ((kind == "radio" || kind == "checkbox") && !checked) {
			return
		}
		val, has := a["value"]
		if !has && (kind == "radio" || kind == "checkbox") {
			val = "on"
		}
		v.Add(a["name"], val)
	case strings.HasPrefix(c, "<select"):
		m := selectTag.FindStringSubmatch(c)
		a := attrs("<select" + m[1] + ">")
		chosen := ""
		for i, o := range optionTag.FindAllString(m[2], -1) {
			oa := attrs(o)
			if _, sel := oa["selected"]; sel || i == 0 {
				chosen = oa["value"]
			}
		}
		if a["name"] != "" {
			v.Add(a["name"], chosen)
		}
	default:
		m := textareaTag.FindStringSubmatch(c)
		if name := attrs("<textarea" + m[1] + ">")["name"]; name != "" {
			v.Add(name, html.UnescapeString(strings.TrimPrefix(m[2], "\n")))
		}
	}
}

// attrs reads a start tag's attributes, values unescaped; a bare
// attribute maps to "".
func attrs(tag string) map[string]string {
	inner := strings.TrimSuffix(strings.TrimPrefix(tag, "<"), ">")
	if i := strings.IndexAny(inner, " \t\n"); i >= 0 {
		inner = inner[i:]
	} else {
		inner = ""
	}
	out := map[string]string{}
	for _, m := range attrPattern.FindAllStringSubmatch(inner, -1) {
		out[m[1]] = html.UnescapeString(m[2])
	}
	return out
}
