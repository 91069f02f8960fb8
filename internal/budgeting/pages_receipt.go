package budgeting

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"

	"github.com/shahr-city/shahr/internal/ballotchain"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/web"
)

// receiptRoutes are a voter's receipt page and the public check of a
// receipt after the vote, as a page and in the API. The check takes the
// receipt in a POST body, never in an address: addresses are logged, by
// us (the path) and by proxies (the query string too).
func (h *handlers) receiptRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Pattern: "/budgets/{slug}/vote/{hid}/receipt", Access: web.SignedIn, Handle: h.receiptPage},
		{Method: "GET", Pattern: "/budgets/{slug}/receipt", Access: web.Public, Handle: h.checkForm},
		{Method: "POST", Pattern: "/budgets/{slug}/receipt", Access: web.Public, Handle: h.checkReceipt},
		{Method: "POST", Pattern: "/api/v1/processes/{id}/receipts", Access: web.Public, Handle: h.apiCheckReceipt},
	}
}

// receiptView is a voter's receipt page: one code, what it is for, and
// what they chose.
type receiptView struct {
	*ballotPage
	Receipt      string
	ExplainOther string      // the sentence on what the code is for, in the other language
	Picks        []chosenRow // the projects chosen, in the voter's order
	CastAt       string
	Open         bool // the voter may still change the ballot
	Closed       bool // voting has closed: the receipt can be checked
}

// chosenRow is one project of the ballot, in the voter's order.
type chosenRow struct {
	Title, URL, Cost string
	Points           string // cumulative ballots; "" otherwise
	rank             int
}

// receiptPage shows the signed-in voter their current ballot in a heading
// and its receipt; anyone without a ballot there (another person
// included) finds no such page.
func (h *handlers) receiptPage(w http.ResponseWriter, r *http.Request) error {
	p, err := h.ballotPage(w, r)
	if err != nil {
		return err
	}
	mine, err := h.svc.MyReceipt(r.Context(), p.Who.UserID, p.HeadingID)
	if err != nil {
		return err
	}
	p.fill(mine.Choices)
	v := &receiptView{ballotPage: p, Receipt: mine.Receipt, CastAt: p.L.DateTime(mine.CastAt),
		Open: p.refusal == nil, Closed: p.Process.VotingClosed(h.svc.now())}
	if msg, ok := i18n.Lookup("budgeting.receipt.explain"); ok {
		v.ExplainOther = msg.In(p.L.Other())
	}
	for _, row := range p.Rows {
		if row.Checked {
			rank, _ := strconv.Atoi(row.Rank)
			v.Picks = append(v.Picks, chosenRow{Title: row.Title, URL: row.URL, Cost: row.Cost, Points: p.L.Digits(row.Points), rank: rank})
		}
	}
	slices.SortFunc(v.Picks, func(a, b chosenRow) int { return cmp.Compare(a.rank, b.rank) })
	v.Title = v.T("budgeting.receipt.title") + " · " + p.Heading
	h.web.Render(w, r, http.StatusOK, "budgeting/receipt", v)
	return nil
}

// checkView is the public check of a receipt.
type checkView struct {
	processView
	Closed   bool
	ClosesAt string
	Result   *checkResult
	Files    []checkFiles
}

// checkResult is what the check found, every text in the page's language
// but the file's line and the hashes.
type checkResult struct {
	Heading     string
	ReceiptHash string
	Counted     bool
	Line        string // the line's number
	LineText    string
	Link, Links string
	Head        string
	Problem     string // in English, as the chain's checker words it; "" when all checks
}

// checkFiles are a heading's published ballots file and chain, for a check
// of the whole heading (shahr verify).
type checkFiles struct {
	Name, Ballots, Chain string
}

func (h *handlers) newCheckView(w http.ResponseWriter, r *http.Request) (*checkView, error) {
	v, err := h.view(w, r)
	if err != nil {
		return nil, err
	}
	c := &checkView{processView: v, Closed: v.Process.VotingClosed(h.svc.now())}
	c.Title = c.T("budgeting.check.title") + " · " + v.ProcessTitle
	if !c.Closed {
		c.ClosesAt = closesAt(c.L, v.Process)
	}
	for _, hd := range v.Process.Headings {
		api := "/api/v1/processes/" + strconv.FormatInt(v.Process.ID, 10) + "/headings/" + strconv.FormatInt(hd.ID, 10)
		c.Files = append(c.Files, checkFiles{Name: hd.Name(c.L), Ballots: api + "/ballots.pb", Chain: api + "/chain"})
	}
	return c, nil
}

func (h *handlers) checkForm(w http.ResponseWriter, r *http.Request) error {
	c, err := h.newCheckView(w, r)
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "budgeting/receipt_check", c)
	return nil
}

func (h *handlers) checkReceipt(w http.ResponseWriter, r *http.Request) error {
	c, err := h.newCheckView(w, r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	found, err := h.svc.CheckReceipt(r.Context(), c.Process.ID, r.PostForm.Get("receipt"), web.ClientIP(r))
	if err != nil {
		return h.web.RenderForm(w, r, err, "budgeting/receipt_check", c, c)
	}
	l := c.L
	c.Result = &checkResult{Heading: found.Heading.Name(l), ReceiptHash: found.ReceiptHash, Counted: found.Counted,
		Line: l.Int(found.Line.Number), LineText: found.Line.Text, Link: l.Num(found.Link.Seq), Links: l.Num(found.Links), Head: found.Head}
	if found.Problem != nil {
		c.Result.Problem = found.Problem.Error()
	}
	h.web.Render(w, r, http.StatusOK, "budgeting/receipt_check", c)
	return nil
}

// receiptBody is the API check's body: {"receipt": "…"}.
var receiptBody = jsonBody{limit: 1 << 10, bad: errReceiptBody, tooLarge: errReceiptBody}

type receiptJSON struct {
	Receipt string `json:"receipt"`
}

type lineJSON struct {
	Number int    `json:"number"`
	Text   string `json:"text"`
}

type receiptCheckJSON struct {
	Heading     int64            `json:"heading"`
	ReceiptHash string           `json:"receipt_hash"`
	Counted     bool             `json:"counted"`
	Line        *lineJSON        `json:"line"` // null when the ballot is not counted
	Link        ballotchain.Link `json:"link"`
	Links       int64            `json:"links"`
	Head        string           `json:"head"`
	Verified    bool             `json:"verified"`
	Problem     string           `json:"problem,omitempty"`
}

// apiCheckReceipt answers POST /api/v1/processes/{id}/receipts once
// voting has closed: where the receipt's ballot is in the published file
// and the chain, and whether the chain from its link to the head checks.
func (h *handlers) apiCheckReceipt(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var body receiptJSON
	if err := receiptBody.decode(w, r, &body); err != nil {
		return err
	}
	c, err := h.svc.CheckReceipt(r.Context(), id, body.Receipt, web.ClientIP(r))
	if err != nil {
		return err
	}
	out := receiptCheckJSON{Heading: c.Heading.ID, ReceiptHash: c.ReceiptHash, Counted: c.Counted, Link: c.Link, Links: c.Links,
		Head: c.Head, Verified: c.Problem == nil}
	if c.Line.Number > 0 {
		out.Line = &lineJSON{Number: c.Line.Number, Text: c.Line.Text}
	}
	if c.Problem != nil {
		out.Problem = c.Problem.Error()
	}
	return web.JSON(w, http.StatusOK, out)
}
