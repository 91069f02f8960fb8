package network_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/network"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/upload"
)

// site is a test association with a two-million threshold,
// a 700,000-cent yearly fee, a 30-day grace period and a training
// benefit of three seats a year.
type site struct {
	e     *apptest.Env
	ctx   context.Context
	assoc int64
	slug  string
}

const testSlug = "test-capitals"

// newSite creates the association; the demo's own associations already
// have members.
func newSite(t *testing.T, e *apptest.Env) *site {
	t.Helper()
	a, err := e.App.Orgs.Create(context.Background(), 0, nil, org.Input{Slug: testSlug, Kind: string(org.Association),
		NameFa: "انجمن کلانشهرهای آزمون", NameEn: "Test Capitals"})
	if err != nil {
		t.Fatal(err)
	}
	s := &site{e: e, ctx: context.Background(), slug: testSlug, assoc: a.ID}
	_, err = e.App.Network.SaveProfile(s.ctx, 0, testSlug, network.Profile{MissionFa: "همکاری کلانشهرها", MissionEn: "Cooperation of metropolises",
		FoundedYear: 1985, CityFa: "بارسلون", CityEn: "Barcelona", MinPopulation: 2_000_000, CriteriaFa: "شهرهای بالای دو میلیون نفر",
		FeeAmount: 700_000, FeeCurrency: "EUR", GraceDays: 30, BenefitsFa: []string{"دوره‌های آموزشی"}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// apply drafts an application of the organization slug with a PDF report.
func (s *site) apply(t *testing.T, member string) network.Membership {
	t.Helper()
	m, err := s.e.App.Network.Apply(s.ctx, 0, s.e.Org(member).ID, s.slug, "گزارش توجیهی عضویت",
		[]upload.File{{Name: "report.pdf", Data: []byte("%PDF-1.4 test report")}})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// toSubmitted takes a draft through the council and the letter.
func (s *site) toSubmitted(t *testing.T, id int64) {
	t.Helper()
	svc := s.e.App.Network
	if _, err := svc.RecordCouncil(s.ctx, 0, id, network.Council{ResolutionNo: "۱۲۳/ش", Date: "۱۴۰۱/۰۵/۱۲",
		Session: "نخستین جلسه علنی", Urgency: network.Double}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Submit(s.ctx, 0, id, "۴۵۶۷"); err != nil {
		t.Fatal(err)
	}
}

// training adds the benefit of three free training seats a year.
func (s *site) training(t *testing.T) network.Benefit {
	t.Helper()
	b, err := s.e.App.Network.CreateBenefit(s.ctx, 0, network.Benefit{AssociationID: s.assoc,
		Name: i18nText("دوره آموزشی رایگان", "Free training course"), SeatsPerYear: 3})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func wantCode(t *testing.T, what string, err error, code apperr.Code) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("%s: error %v, want %s", what, err, code)
	}
}

func jalaliDay(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := jalali.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return d.In(jalali.Tehran())
}

// TestMembershipWorkflow walks Karaj (under the threshold) through every
// state: draft, council approval, submission, an acceptance refused
// until the secretariat records an override, activation, a paid invoice,
// an unpaid one that lapses the membership after the grace period, and
// the renewal its payment brings. Illegal steps are conflicts.
func TestMembershipWorkflow(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		s, svc := newSite(t, e), e.App.Network
		m := s.apply(t, "karaj")
		if m.Status != network.Draft || m.MemberSlug != "karaj" {
			t.Fatalf("applied: %+v", m)
		}
		_, err := svc.Submit(s.ctx, 0, m.ID, "۱")
		wantCode(t, "submit a draft", err, apperr.Conflict)
		_, err = s.e.App.Network.Apply(s.ctx, 0, e.Org("karaj").ID, s.slug, "دوباره", nil)
		wantCode(t, "apply twice", err, apperr.Conflict)
		_, err = svc.RecordCouncil(s.ctx, 0, m.ID, network.Council{ResolutionNo: "1", Date: "1401/13/40", Session: "x", Urgency: "triple"})
		wantCode(t, "council with a bad date", err, apperr.Invalid)
		s.toSubmitted(t, m.ID)
		m, _ = svc.Membership(s.ctx, m.ID)
		if m.Urgency != network.Double || m.ResolutionDate != "1401/05/12" || m.Session != "نخستین جلسه علنی" || m.LetterRef != "۴۵۶۷" {
			t.Errorf("council and letter: %+v", m)
		}
		_, err = svc.Accept(s.ctx, 0, m.ID)
		wantCode(t, "accept under the threshold", err, apperr.Conflict)
		_, err = svc.Override(s.ctx, 0, m.ID, "  ")
		wantCode(t, "override without a reason", err, apperr.Invalid)
		if _, err := svc.Override(s.ctx, 0, m.ID, "مرکز منطقه کلانشهری"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Accept(s.ctx, 0, m.ID); err != nil {
			t.Fatal(err)
		}
		_, err = svc.IssueInvoice(s.ctx, 0, m.ID, 1405, jalaliDay(t, "1405/10/01"), 0)
		wantCode(t, "invoice before activation", err, apperr.Conflict)
		if _, err := svc.Activate(s.ctx, 0, m.ID, jalaliDay(t, "1405/09/01")); err != nil {
			t.Fatal(err)
		}
		inv, err := svc.IssueInvoice(s.ctx, 0, m.ID, 1405, jalaliDay(t, "1405/10/01"), 0)
		if err != nil || inv.Amount != 700_000 || inv.Currency != "EUR" {
			t.Fatalf("invoice %+v, %v", inv, err)
		}
		_, err = svc.IssueInvoice(s.ctx, 0, m.ID, 1405, jalaliDay(t, "1405/10/01"), 0)
		wantCode(t, "a second invoice for the year", err, apperr.Conflict)
		if _, err := svc.RecordPayment(s.ctx, 0, s.assoc, inv.ID, jalaliDay(t, "1405/09/20"), "پ-۱"); err != nil {
			t.Fatal(err)
		}
		_, err = svc.RecordPayment(s.ctx, 0, s.assoc, inv.ID, jalaliDay(t, "1405/09/20"), "پ-۱")
		wantCode(t, "pay twice", err, apperr.Conflict)

		// Next year's fee, due in 10 days, is never paid: the membership
		// holds through the grace period and lapses after it.
		next, err := svc.IssueInvoice(s.ctx, 0, m.ID, 1406, e.Clock.Now().Add(10*24*time.Hour), 0)
		if err != nil {
			t.Fatal(err)
		}
		e.Clock.Advance(39 * 24 * time.Hour)
		if n, err := svc.Sweep(s.ctx); err != nil || n != 0 {
			t.Fatalf("sweep within the grace period: %d, %v", n, err)
		}
		e.Clock.Advance(2 * 24 * time.Hour)
		if n, err := svc.Sweep(s.ctx); err != nil || n != 1 {
			t.Fatalf("sweep past the grace period: %d, %v", n, err)
		}
		if m, _ = svc.Membership(s.ctx, m.ID); m.Status != network.Lapsed {
			t.Fatalf("status %s, want lapsed", m.Status)
		}
		_, err = svc.IssueInvoice(s.ctx, 0, m.ID, 1407, e.Clock.Now(), 0)
		wantCode(t, "invoice a lapsed member", err, apperr.Conflict)
		if _, err := svc.RecordPayment(s.ctx, 0, s.assoc, next.ID, e.Clock.Now(), "پ-۲"); err != nil {
			t.Fatal(err)
		}
		if m, _ = svc.Membership(s.ctx, m.ID); m.Status != network.Active {
			t.Fatalf("after paying: %s, want active again", m.Status)
		}
		checkHistory(t, e, m.ID, "apply council submit override accept activate invoice renew invoice lapse renew")
		checkAudited(t, e, "karaj", "network.membership.apply", "network.membership.council", "network.membership.submit")
		checkAudited(t, e, testSlug, "network.membership.accept", "network.membership.lapse", "network.membership.renew")
	})
}

func checkHistory(t *testing.T, e *apptest.Env, id int64, want string) {
	t.Helper()
	steps, err := e.App.Network.History(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, st := range steps {
		got = append(got, st.Action)
	}
	if strings.Join(got, " ") != want {
		t.Errorf("history %q, want %q", strings.Join(got, " "), want)
	}
	if steps[len(steps)-2].ActorID != 0 || steps[len(steps)-2].To != network.Lapsed {
		t.Errorf("the lapse: %+v, want the system's", steps[len(steps)-2])
	}
}

func checkAudited(t *testing.T, e *apptest.Env, slug string, actions ...string) {
	t.Helper()
	entries, err := e.App.Orgs.AuditLog(context.Background(), audit.Query{OrgPath: e.Org(slug).Path})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, en := range entries {
		seen[en.Action] = true
	}
	for _, a := range actions {
		if !seen[a] {
			t.Errorf("%s's audit log lacks %s", slug, a)
		}
	}
}

// TestRefusalAndEligibility: Tehran is over the threshold and shows as
// eligible; its application is refused with a reason, after which it may
// apply again. A refusal without a reason is invalid.
func TestRefusalAndEligibility(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		s, svc := newSite(t, e), e.App.Network
		p, _, err := svc.Profile(s.ctx, s.assoc)
		if err != nil || !p.Eligible(e.Org("tehran").Population) || p.Eligible(e.Org("karaj").Population) || p.Eligible(0) {
			t.Fatalf("eligibility: %+v, %v", p, err)
		}
		m := s.apply(t, "tehran")
		s.toSubmitted(t, m.ID)
		_, err = svc.Refuse(s.ctx, 0, m.ID, "")
		wantCode(t, "refuse without a reason", err, apperr.Invalid)
		if m, err = svc.Refuse(s.ctx, 0, m.ID, "پرونده ناقص است"); err != nil || m.Status != network.Refused || m.RefusalReason != "پرونده ناقص است" {
			t.Fatalf("refused: %+v, %v", m, err)
		}
		_, err = svc.Accept(s.ctx, 0, m.ID)
		wantCode(t, "accept a refused application", err, apperr.Conflict)
		s.apply(t, "tehran")
	})
}

// TestBenefitQuota: three training seats a year per active member; the
// fourth is refused, next Jalali year's is given; usage is reported.
func TestBenefitQuota(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		s, svc := newSite(t, e), e.App.Network
		b := s.training(t)
		m := s.apply(t, "tehran")
		_, err := svc.Allocate(s.ctx, 0, b.AssociationID, b.ID, m.ID, "کارشناس", "دوره")
		wantCode(t, "a seat for an applicant", err, apperr.Conflict)
		s.toSubmitted(t, m.ID)
		svc.Accept(s.ctx, 0, m.ID)
		svc.Activate(s.ctx, 0, m.ID, e.Clock.Now())
		var first network.Allocation
		for i := range 3 {
			a, err := svc.Allocate(s.ctx, 0, b.AssociationID, b.ID, m.ID, "کارشناس "+string(rune('۱'+i)), "دوره مدیریت یکپارچه شهری")
			if err != nil {
				t.Fatal(err)
			}
			first = a
		}
		_, err = svc.Allocate(s.ctx, 0, b.AssociationID, b.ID, m.ID, "کارشناس ۴", "دوره")
		wantCode(t, "a fourth seat", err, apperr.Conflict)
		if err := svc.ReportUsage(s.ctx, 0, s.assoc, first.ID, "در دوره شرکت کرد و گزارش داد"); err != nil {
			t.Fatal(err)
		}
		e.Clock.Advance(120 * 24 * time.Hour) // into 1406
		if _, err := svc.Allocate(s.ctx, 0, b.AssociationID, b.ID, m.ID, "کارشناس ۴", "دوره"); err != nil {
			t.Fatalf("a seat of the next year: %v", err)
		}
		all, _ := svc.Allocations(s.ctx, s.assoc)
		if len(all) != 4 || all[0].Year != 1406 || all[1].ID != first.ID || all[1].Usage == "" || all[2].Usage != "" {
			t.Errorf("allocations %+v", all)
		}
	})
}

func i18nText(fa, en string) i18n.Text { return i18n.Text{Fa: fa, En: en} }
