package budgeting

import (
	"context"
	"strconv"
	"time"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/web"
)

// AccountSections lists a person's part in participatory budgeting for
// their account page (identity.Activity), newest first, in l: their
// proposals, the proposals they support, and their current ballots, each
// ballot with its receipt and a link to its receipt page.
func (s *Service) AccountSections(ctx context.Context, userID int64, l i18n.Lang) ([]web.Section, error) {
	proposals, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (web.Card, error) {
		var c accountRow
		err := r.Scan(&c.slug, &c.processFa, &c.processEn, &c.id, &c.title, &c.status, store.Time(&c.at))
		return c.card(l, "proposals/"+strconv.FormatInt(c.id, 10), c.title,
			l.Text(StatusLabel(c.status))+" · "+l.Date(c.at)), err
	}, `SELECT p.slug, p.title_fa, p.title_en, pr.id, pr.title, pr.status, pr.created_at
		FROM budget_proposals pr JOIN budget_processes p ON p.id = pr.process_id
		WHERE pr.author_id = $1 ORDER BY pr.id DESC`, userID)
	if err != nil {
		return nil, err
	}
	supports, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (web.Card, error) {
		var c accountRow
		err := r.Scan(&c.slug, &c.processFa, &c.processEn, &c.id, &c.title, store.Time(&c.at))
		return c.card(l, "proposals/"+strconv.FormatInt(c.id, 10), c.title, l.Tf("budgeting.account.supported", l.Date(c.at))), err
	}, `SELECT p.slug, p.title_fa, p.title_en, pr.id, pr.title, s.at
		FROM budget_supports s JOIN budget_proposals pr ON pr.id = s.proposal_id JOIN budget_processes p ON p.id = pr.process_id
		WHERE s.user_id = $1 ORDER BY s.at DESC, pr.id DESC`, userID)
	if err != nil {
		return nil, err
	}
	ballots, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (web.Card, error) {
		var c accountRow
		var headingFa, headingEn, receipt string
		err := r.Scan(&c.slug, &c.processFa, &c.processEn, &c.id, &headingFa, &headingEn, &receipt, store.Time(&c.at))
		card := c.card(l, "vote/"+strconv.FormatInt(c.id, 10)+"/receipt", i18n.Text{Fa: headingFa, En: headingEn}.In(l),
			l.Tf("budgeting.account.voted", l.DateTime(c.at)))
		card.Code = receipt
		return card, err
	}, `SELECT p.slug, p.title_fa, p.title_en, h.id, h.name_fa, h.name_en, b.receipt, b.cast_at
		FROM budget_ballots b JOIN budget_headings h ON h.id = b.heading_id JOIN budget_processes p ON p.id = h.process_id
		WHERE b.voter_id = $1 ORDER BY b.cast_at DESC, b.id DESC`, userID)
	if err != nil {
		return nil, err
	}
	return []web.Section{
		{ID: "my-proposals", Title: l.T("budgeting.account.proposals"), Empty: l.T("budgeting.account.proposals.none"), Cards: proposals},
		{ID: "my-supports", Title: l.T("budgeting.account.supports"), Empty: l.T("budgeting.account.supports.none"), Cards: supports},
		{ID: "my-ballots", Title: l.T("budgeting.account.ballots"), Empty: l.T("budgeting.account.ballots.none"), Cards: ballots},
	}, nil
}

// accountRow is what the account lists read of a row: its process, the
// proposal's or heading's id, and when.
type accountRow struct {
	slug, processFa, processEn string
	id                         int64
	title, status              string
	at                         time.Time
}

// card is the row as a card: title (prefixed by its process) linking to
// path under the process, and note on the second line.
func (c accountRow) card(l i18n.Lang, path, title, note string) web.Card {
	process := i18n.Text{Fa: c.processFa, En: c.processEn}.In(l)
	return web.Card{URL: "/budgets/" + c.slug + "/" + path, Title: process + " · " + title, Note: note}
}
