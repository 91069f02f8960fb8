package budgeting

import (
	"net/http"
	"strconv"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/web"
)

// staffCategoriesPage lists the project categories, each with a form to
// rename it, and a form to add one. Categories are shared by every
// process, so only the operator manages them.
type staffCategoriesPage struct {
	web.Page
	Rows []staffCategoryRow
	New  staffCategoryRow
}

type staffCategoryRow struct {
	ID                   int64
	Slug, NameFa, NameEn string
}

// staffCategoriesView builds the page; failed is the category whose form
// was sent (-1 for none, 0 for the new one), refilled from the form.
func (h *handlers) staffCategoriesView(w http.ResponseWriter, r *http.Request, failed int64) (*staffCategoriesPage, error) {
	cats, err := h.svc.Categories(r.Context())
	if err != nil {
		return nil, err
	}
	page := &staffCategoriesPage{Page: web.NewPage(w, r, "budgeting.staff.categories")}
	f := r.PostForm
	for _, c := range cats {
		row := staffCategoryRow(c)
		if c.ID == failed {
			row.NameFa, row.NameEn = f.Get("name_fa"), f.Get("name_en")
		}
		page.Rows = append(page.Rows, row)
	}
	if failed == 0 {
		page.New = staffCategoryRow{Slug: f.Get("slug"), NameFa: f.Get("name_fa"), NameEn: f.Get("name_en")}
	}
	return page, nil
}

func (h *handlers) staffCategories(w http.ResponseWriter, r *http.Request) error {
	page, err := h.staffCategoriesView(w, r, -1)
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "budgeting/staff_categories", page)
	return nil
}

// staffSaveCategory adds a category (no id) or renames one.
func (h *handlers) staffSaveCategory(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	var id int64
	if s := f.Get("id"); s != "" {
		var err error
		if id, err = strconv.ParseInt(s, 10, 64); err != nil || id <= 0 {
			return apperr.ErrNotFound
		}
	}
	_, err := h.svc.SaveCategory(r.Context(), web.Who(r).UserID, Category{ID: id, Slug: f.Get("slug"), NameFa: f.Get("name_fa"), NameEn: f.Get("name_en")})
	if err != nil {
		if apperr.CodeOf(err) == apperr.NotFound {
			return err
		}
		page, err2 := h.staffCategoriesView(w, r, id)
		if err2 != nil {
			return err2
		}
		if id != 0 {
			err = staffFieldSuffix(err, "-"+strconv.FormatInt(id, 10))
		}
		return h.web.RenderForm(w, r, err, "budgeting/staff_categories", &page.Page, page)
	}
	h.web.Flash(w, r, "budgeting.staff.flash.category")
	http.Redirect(w, r, "/admin/budget-categories", http.StatusSeeOther)
	return nil
}
