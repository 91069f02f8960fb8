package sistercity

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/web"
)

type gazetteerPage struct {
	web.Page
	Query  string
	Rows   []cityRow
	Fields []option // the add form's inputs: Value the name, Selected written left to right
}

type cityRow struct {
	NameFa, NameEn, NameLocal, LocalLang, Country, Population string
}

func (h *handlers) gazetteerView(w http.ResponseWriter, r *http.Request) (*gazetteerPage, error) {
	p := &gazetteerPage{Page: web.NewPage(w, r, "sister.gazetteer.title"), Query: r.URL.Query().Get("q")}
	for _, f := range []string{"name_fa", "name_en", "name_local", "local_lang", "country", "population", "lat", "lon"} {
		p.Fields = append(p.Fields, option{Value: f, Label: p.T("sister.gazetteer." + f), Selected: f != "name_fa" && f != "name_local"})
	}
	cs, err := h.svc.Cities(r.Context(), p.Query)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		pop := ""
		if c.Population > 0 {
			pop = p.L.Num(c.Population)
		}
		p.Rows = append(p.Rows, cityRow{NameFa: c.NameFa, NameEn: c.NameEn, NameLocal: c.NameLocal, LocalLang: c.LocalLang,
			Country: CountryName(p.L, c.Country) + " (" + c.Country + ")", Population: pop})
	}
	return p, nil
}

func (h *handlers) gazetteer(w http.ResponseWriter, r *http.Request) error {
	p, err := h.gazetteerView(w, r)
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "sistercity/gazetteer", p)
	return nil
}

// saveCity adds a city to the gazetteer.
func (h *handlers) saveCity(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	c, err := cityFrom(r)
	if err == nil {
		_, err = h.svc.SaveCity(r.Context(), web.Who(r).UserID, c)
	}
	if err != nil {
		p, err2 := h.gazetteerView(w, r)
		if err2 != nil {
			return err2
		}
		return h.web.RenderForm(w, r, err, "sistercity/gazetteer", &p.Page, p)
	}
	h.web.Flash(w, r, "sister.flash.city")
	http.Redirect(w, r, "/admin/sister-cities/gazetteer", http.StatusSeeOther)
	return nil
}

// cityFrom reads the gazetteer form; numbers may be typed in Persian digits.
func cityFrom(r *http.Request) (City, error) {
	f := r.PostForm
	c := City{NameFa: f.Get("name_fa"), NameEn: f.Get("name_en"), NameLocal: f.Get("name_local"), LocalLang: f.Get("local_lang"),
		Country: f.Get("country")}
	var v apperr.Validation
	var ok bool
	if c.Population, ok = persian.ParseWhole(f.Get("population")); !ok {
		v.Add("population", "جمعیت را با رقم بنویسید.", "Write the population in digits.")
	}
	lat, latOK := coordinate(f.Get("lat"))
	lon, lonOK := coordinate(f.Get("lon"))
	if !latOK || !lonOK {
		v.Add("lat", "مختصات را با رقم بنویسید (مانند ۳۷٫۵۶۶۵).", "Write the coordinates in digits (such as 37.5665).")
	}
	c.Lat, c.Lon = lat, lon
	return c, v.Err()
}

// coordinate reads a typed degree; "" is none.
func coordinate(s string) (*float64, bool) {
	s = strings.ReplaceAll(persian.ToASCIIDigits(strings.TrimSpace(s)), "٫", ".")
	if s == "" {
		return nil, true
	}
	x, err := strconv.ParseFloat(s, 64)
	return &x, err == nil
}
