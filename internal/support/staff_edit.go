package support

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/web"
)

// An edit form is the record's create form filled in: the same fields
// (templates/_forms.html), read by the same function, filled from the
// record by a values function that is that reader's inverse, so posting
// an edit form untouched changes nothing.

// choices are the options the module's forms offer.
type choices struct {
	Towns                                                            []Town
	Companies                                                        []org.Org
	ProjectStatuses, ActionStatuses, FindingKinds, Categories, Roles []string
	Priorities                                                       []string
}

// fixedChoices are the choices that do not depend on the organization.
var fixedChoices = choices{ProjectStatuses: ProjectStatuses, ActionStatuses: ActionStatuses, FindingKinds: FindingKinds,
	Categories: Categories, Priorities: Priorities, Roles: ParticipantRoles}

// editPage is the page of one record's edit form.
type editPage struct {
	staffPage
	choices
	Fields string // the form: "plan", "finding", "action", "project" or "stage"
	Action string // where the form posts
	Delete string // where the delete button posts; "" when there is none
	Back   string // the record's page
	// DeleteLabel is the delete button's text.
	DeleteLabel string
}

// edit is what an edit page shows of a record.
type edit struct {
	fields    string     // which form
	self      string     // the record's address below the staff base
	back      string     // the page to go back to, below the staff base
	values    url.Values // the record as its form reads it
	deletable bool
}

// showEdit renders an edit page: the form filled from the record, or
// from the post when formErr says what was wrong with it.
func (h *handlers) showEdit(w http.ResponseWriter, r *http.Request, coop org.Org, formErr error, e edit, c choices) error {
	p := editPage{staffPage: h.staffPage(w, r, coop, "support.edit."+e.fields), choices: c, Fields: e.fields}
	p.Action, p.Back = p.Base+e.self+"/edit", p.Base+e.back
	if e.deletable {
		p.Delete, p.DeleteLabel = p.Base+e.self+"/delete", p.T("support.delete."+e.fields)
	}
	p.Form = e.values
	return h.show(w, r, "support/staff_edit", &p.Page, &p, formErr)
}

// childDo is a form's action on a child of a record (a visit's finding, a
// project's stage), in the service's order: the record's id, then the
// child's.
type childDo func(ctx context.Context, actor int64, coop org.Org, id, child int64) error

// childAct is recordAct for a form of a child named by the path value
// child; it goes back to the record's page, below under.
func (h *handlers) childAct(w http.ResponseWriter, r *http.Request, child, under string, v viewFunc, do childDo) error {
	cid, err := web.PathID(r, child)
	if err != nil {
		return err
	}
	return h.recordAct(w, r, under, v, func(ctx context.Context, coop org.Org, actor, id int64) error {
		return do(ctx, actor, coop, id, cid)
	})
}

// pathRecord reads the record the path's {id} names, with get.
func pathRecord[T any](r *http.Request, coop org.Org, get func(context.Context, org.Org, int64) (T, error)) (T, int64, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		var none T
		return none, 0, err
	}
	v, err := get(r.Context(), coop, id)
	return v, id, err
}

// pathIDs reads the record's {id} and its child's id from the path.
func pathIDs(r *http.Request, child string) (id, cid int64, err error) {
	if id, err = web.PathID(r, "id"); err == nil {
		cid, err = web.PathID(r, child)
	}
	return id, cid, err
}

// dayValue is a day as a date field takes it: Jalali, in l's digits.
func dayValue(l i18n.Lang, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return l.Digits(jalali.FromTime(t.In(jalali.Tehran())).Numeric())
}

// checked is a check box's value.
func checked(on bool) string {
	if on {
		return "true"
	}
	return ""
}

func idValue(id int64) string { return strconv.FormatInt(id, 10) }
