package sistercity

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
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
	EditURL                                                   string
}

// cityFields are the gazetteer form's inputs in l: Value the name,
// Selected written left to right.
func cityFields(l i18n.Lang) []option {
	var out []option
	for _, f := range []string{"name_fa", "name_en", "name_local", "local_lang", "country", "population", "lat", "lon"} {
		out = append(out, option{Value: f, Label: l.T("sister.gazetteer." + f), Selected: f != "name_fa" && f != "name_local"})
	}
	return out
}

func cityURL(id int64) string { return "/admin/sister-cities/gazetteer/" + itoa(id) }

func (h *handlers) gazetteerView(w http.ResponseWriter, r *http.Request) (*gazetteerPage, error) {
	p := &gazetteerPage{Page: web.NewPage(w, r, "sister.gazetteer.title"), Query: r.URL.Query().Get("q")}
	p.Fields = cityFields(p.L)
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
			Country: CountryName(p.L, c.Country) + " (" + c.Country + ")", Population: pop, EditURL: cityURL(c.ID) + "/edit"})
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
	c, err := cityFrom(w, r)
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

// cityPage is a gazetteer city's staff page: the form to correct it, the
// agreements that name it and, while none does, the way to remove it.
type cityPage struct {
	web.Page
	URL        string // the city's address; /edit and /delete follow it
	Fields     []option
	Agreements table
}

// cityView builds the page of city c, its form filled with c.
func (h *handlers) cityView(w http.ResponseWriter, r *http.Request, c City) (*cityPage, error) {
	p := &cityPage{Page: web.NewPage(w, r, ""), URL: cityURL(c.ID)}
	p.Title, p.Fields, p.Form = c.Name(p.L), cityFields(p.L), cityValues(p.L, c)
	as, err := h.svc.Agreements(r.Context(), Filter{CityID: c.ID})
	p.Agreements = tableOf(p.L, as, "/sister-cities/")
	return p, err
}

// cityValues are c's fields as the form shows them.
func cityValues(l i18n.Lang, c City) url.Values {
	v := url.Values{"name_fa": {c.NameFa}, "name_en": {c.NameEn}, "name_local": {c.NameLocal}, "local_lang": {c.LocalLang},
		"country": {c.Country}}
	if c.Population > 0 {
		v.Set("population", l.Num(c.Population))
	}
	if c.Lat != nil {
		v.Set("lat", strconv.FormatFloat(*c.Lat, 'f', -1, 64))
		v.Set("lon", strconv.FormatFloat(*c.Lon, 'f', -1, 64))
	}
	return v
}

// storedCity loads the gazetteer city named by the route's {cid}, which
// the route's access check has found.
func (h *handlers) storedCity(r *http.Request) (City, error) {
	id, err := web.PathID(r, "cid")
	if err != nil {
		return City{}, err
	}
	return h.svc.City(r.Context(), id)
}

// renderCity shows city c's page, with err's problem when there is one.
func (h *handlers) renderCity(w http.ResponseWriter, r *http.Request, c City, err error) error {
	p, perr := h.cityView(w, r, c)
	if perr != nil {
		return perr
	}
	if err != nil {
		return h.web.RenderForm(w, r, err, "sistercity/city", &p.Page, p)
	}
	h.web.Render(w, r, http.StatusOK, "sistercity/city", p)
	return nil
}

func (h *handlers) showCity(w http.ResponseWriter, r *http.Request) error {
	c, err := h.storedCity(r)
	if err != nil {
		return err
	}
	return h.renderCity(w, r, c, nil)
}

// editCity corrects a gazetteer city.
func (h *handlers) editCity(w http.ResponseWriter, r *http.Request) error {
	stored, err := h.storedCity(r)
	if err != nil {
		return err
	}
	c, err := cityFrom(w, r)
	c.ID = stored.ID
	if err == nil {
		_, err = h.svc.EditCity(r.Context(), web.Who(r), c)
	}
	if err != nil {
		return h.renderCity(w, r, stored, err)
	}
	h.web.Flash(w, r, "sister.flash.city_saved")
	http.Redirect(w, r, "/admin/sister-cities/gazetteer", http.StatusSeeOther)
	return nil
}

// deleteCity removes a gazetteer city; one an agreement names stays, and
// its page says why (409).
func (h *handlers) deleteCity(w http.ResponseWriter, r *http.Request) error {
	c, err := h.storedCity(r)
	if err != nil {
		return err
	}
	err = h.svc.DeleteCity(r.Context(), web.Who(r), c.ID)
	if apperr.Is(err, apperr.Conflict) {
		p, perr := h.cityView(w, r, c)
		if perr != nil {
			return perr
		}
		p.SetErrors(r, err)
		p.Form = cityValues(p.L, c) // a removal posts no fields: the form keeps the city's
		h.web.Render(w, r, http.StatusConflict, "sistercity/city", p)
		return nil
	}
	if err != nil {
		return err
	}
	h.web.Flash(w, r, "sister.flash.city_removed")
	http.Redirect(w, r, "/admin/sister-cities/gazetteer", http.StatusSeeOther)
	return nil
}

// cityFrom reads the gazetteer form; numbers may be typed in Persian digits.
// A field past its bound is the form's problem, shown on it.
func cityFrom(w http.ResponseWriter, r *http.Request) (City, error) {
	if err := web.ParseForm(w, r); err != nil {
		return City{}, err
	}
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
