package org

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/shahr-city/shahr/internal/web"
)

// summaryJSON is an organization in a list of the open-data API.
type summaryJSON struct {
	ID       int64  `json:"id"`
	Slug     string `json:"slug"`
	Kind     Kind   `json:"kind"`
	ParentID *int64 `json:"parent_id"`
	NameFa   string `json:"name_fa"`
	NameEn   string `json:"name_en"`
	URL      string `json:"url"`
}

func toSummary(o Org) summaryJSON {
	j := summaryJSON{ID: o.ID, Slug: o.Slug, Kind: o.Kind, NameFa: o.NameFa, NameEn: o.NameEn, URL: "/orgs/" + o.Slug}
	if o.ParentID != 0 {
		j.ParentID = &o.ParentID
	}
	return j
}

// orgJSON is one organization in full.
type orgJSON struct {
	summaryJSON
	DescriptionFa string          `json:"description_fa,omitempty"`
	DescriptionEn string          `json:"description_en,omitempty"`
	Website       string          `json:"website,omitempty"`
	Population    *int64          `json:"population"`
	Geometry      json.RawMessage `json:"geometry"`
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
	Children      []summaryJSON   `json:"children"`
}

func toJSON(o Org) orgJSON {
	j := orgJSON{summaryJSON: toSummary(o), DescriptionFa: o.DescriptionFa, DescriptionEn: o.DescriptionEn,
		Website: o.Website, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt, Children: []summaryJSON{}}
	if o.Population != 0 {
		j.Population = &o.Population
	}
	if o.Geometry != "" {
		j.Geometry = json.RawMessage(o.Geometry)
	}
	return j
}

// apiList answers GET /api/v1/orgs?q=&kind=&parent=SLUG&limit=&offset=.
func (h *Handlers) apiList(w http.ResponseWriter, r *http.Request) error {
	q, err := h.queryFrom(r)
	if err != nil {
		return err
	}
	orgs, err := h.svc.List(r.Context(), q)
	if err != nil {
		return err
	}
	data := make([]summaryJSON, 0, len(orgs))
	for _, o := range orgs {
		data = append(data, toSummary(o))
	}
	return web.JSON(w, http.StatusOK, map[string]any{"data": data,
		"meta": map[string]int{"limit": q.Limit, "offset": q.Offset, "count": len(data)}})
}

func (h *Handlers) queryFrom(r *http.Request) (Query, error) {
	v := web.QueryOf(r)
	q := Query{Search: v.String("q"), Kind: web.Enum(v, "kind", Kinds),
		Limit: int(v.Int("limit", 100, 1, 500)), Offset: int(v.Int("offset", 0, 0, web.NoMax))}
	if err := v.Err(); err != nil {
		return q, err
	}
	if slug := v.String("parent"); slug != "" {
		ref, err := h.svc.Locate(r.Context(), slug)
		if err != nil {
			return q, err
		}
		q.Parent = ref.ID
	}
	return q, nil
}

// apiShow answers GET /api/v1/orgs/{slug} with the organization, its
// geometry and its children.
func (h *Handlers) apiShow(w http.ResponseWriter, r *http.Request) error {
	o, err := h.svc.BySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	children, err := h.svc.Children(r.Context(), o.ID)
	if err != nil {
		return err
	}
	j := toJSON(o)
	for _, c := range children {
		j.Children = append(j.Children, toSummary(c))
	}
	return web.JSON(w, http.StatusOK, map[string]any{"data": j})
}
