package demo

import (
	"context"
	"strconv"

	"github.com/shahr-city/shahr/internal/events"
	"github.com/shahr-city/shahr/internal/jalali"
)

// exhibition is seed 001's exhibition of sister cities and urban
// governance skills in Tehran, with its exhibitors. The article is dated
// 1398/05/30 and names no dates; the days below are illustrative.
func (l *eventsDemo) exhibition(ctx context.Context) error {
	ev, isNew, err := l.add(ctx, demoEvent{Event: events.Event{Kind: events.Exhibition, Status: events.Held,
		TitleFa: "نمایشگاه خواهرشهرها و مهارت‌های حکمرانی شهری", TitleEn: "Sister Cities and Urban Governance Skills Exhibition",
		DescriptionFa: "شهرداری تهران، مناطق ۲۲ گانه، مجمع کلانشهرها و شرکت‌های دانش‌بنیان توانمندی‌های دوره تازه حکمرانی شهری را به شهروندان و شهرداران شهرهای دیگر نشان می‌دهند تا خدمات مدیریت شهری شناخته شود و زمینه همکاری میان کلانشهرها پیدا شود.",
		DescriptionEn: "Tehran Municipality, its 22 districts, the assembly of metropolises and knowledge-based companies show residents and visiting mayors what the new era of urban governance can do, so that the city's services become known and metropolises find ground for working together.",
		Venue:         "مصلای امام خمینی (ره)", StartsAt: tehranAt(1398, 5, 26, 10, 0), EndsAt: tehranAt(1398, 5, 30, 20, 0)},
		organizers: []string{"tehran", "metropolises-assembly"}, host: "tehran"})
	if err != nil || !isNew {
		return err
	}
	for _, x := range exhibitors {
		o, err := l.org(ctx, x.slug)
		if err != nil {
			return err
		}
		if _, err := l.svc.AddExhibitor(ctx, operatorPrincipal, events.Exhibitor{EventID: ev.ID, OrgID: o.ID,
			ShowcaseFa: x.fa, ShowcaseEn: x.en}); err != nil {
			return err
		}
	}
	return nil
}

var exhibitors = []struct{ slug, fa, en string }{
	{"tehran", "خدمات الکترونیک شهروندی، پیمان‌های خواهرخواندگی تهران و دستاوردهای مدیریت یکپارچه شهری",
		"Online services for residents, Tehran's sister-city agreements and integrated urban management"},
	{"tehran-district-1", "نوسازی بافت‌های تاریخی و مشارکت ساکنان در طراحی فضاهای عمومی",
		"Renewal of historic quarters and residents' part in designing public spaces"},
	{"tehran-district-21", "طرح‌های «من شهردارم» و بودجه‌ریزی مشارکتی محله‌ها", "\"I am Mayor\" projects and participatory budgeting in neighbourhoods"},
	{"tehran-district-22", "مدیریت دریاچه و بوستان‌های بزرگ غرب تهران", "Running the lake and the large parks of western Tehran"},
	{"metropolises-assembly", "تجربه‌های مشترک کلانشهرهای کشور و شبکه همکاری شهرداران", "Shared experience of Iran's metropolises and the mayors' cooperation network"},
	{"tehran-urban-data-co", "داشبورد داده‌های شهری و پایش خدمات", "An urban data dashboard and service monitoring"},
	{"tehran-smart-mobility-co", "مدیریت هوشمند ترافیک و پرداخت یکپارچه کرایه", "Smart traffic management and integrated fare payment"},
}

// assemblySessions are seed 002's three board sessions and five general
// sessions of the assembly of council chairs of metropolises and
// provincial capitals in the first two years of the councils' fifth term,
// hosted by Tehran, Mashhad, Shiraz, Semnan, Urmia, Hamedan and Rasht.
// The report gives neither dates nor the order of the hosts, so the dates
// are illustrative; they lie in the first two years of the fifth term
// (1396–1398), which the report covers, rather than later.
func (l *eventsDemo) assemblySessions(ctx context.Context) error {
	sessions := []struct {
		kind     events.Kind
		n        int
		city, fa string
		y, m, d  int
		agendaFa string
	}{
		{events.GeneralSession, 1, "tehran", "تهران", 1396, 8, 18, "مدل‌های مشارکت شهروندان در توسعه شهری"},
		{events.BoardSession, 1, "mashhad", "مشهد", 1396, 11, 12, "برنامه کار کمیسیون‌های مجمع"},
		{events.GeneralSession, 2, "shiraz", "شیراز", 1397, 2, 20, "تعامل شوراها و شهرداری‌ها در مدیریت یکپارچه شهری"},
		{events.BoardSession, 2, "semnan", "سمنان", 1397, 5, 10, "بارگذاری مصوبات شوراها در سامانه قوانین و مقررات"},
		{events.GeneralSession, 3, "urmia", "ارومیه", 1397, 7, 25, "میزان تحقق حقوق شهروندی در کلانشهرها"},
		{events.GeneralSession, 4, "hamedan", "همدان", 1397, 12, 6, "فرصت‌ها و چالش‌های کلانشهرها و مراکز استان‌ها"},
		{events.BoardSession, 3, "tehran", "تهران", 1398, 2, 15, "اقدامات مدیریت شهری در برابر سیل"},
		{events.GeneralSession, 5, "rasht", "رشت", 1398, 4, 27, "لوایح مدیریت یکپارچه شهری و درآمدهای پایدار"},
	}
	for _, s := range sessions {
		kind := map[events.Kind]string{events.GeneralSession: "اجلاس مجمع روسای شوراهای اسلامی کلانشهرها و مراکز استان‌ها",
			events.BoardSession: "اجلاس هیئت رئیسه شوراهای کلانشهرها"}[s.kind]
		council := s.city + "-council"
		_, _, err := l.add(ctx, demoEvent{Event: events.Event{Kind: s.kind, Status: events.Held,
			TitleFa:       kind + "، نشست " + persianOrdinal[s.n] + " دوره پنجم، " + s.fa,
			DescriptionFa: "دستور کار: " + s.agendaFa + ".", Venue: "تالار شورای اسلامی شهر " + s.fa,
			StartsAt: tehranAt(s.y, s.m, s.d, 9, 0), EndsAt: tehranAt(s.y, s.m, s.d, 17, 0)},
			// The council organizes; the city hosts (the calendar and the API name the host as the city).
			organizers: []string{"council-chairs-assembly", council}, host: s.city})
		if err != nil {
			return err
		}
	}
	return nil
}

var persianOrdinal = map[int]string{1: "یکم", 2: "دوم", 3: "سوم", 4: "چهارم", 5: "پنجم"}

// upcoming adds two events still ahead of the demo's clock (placed
// from it, so that a demo started any day has them): a Metropolis
// training course (seed 000: members send three experts free), with the
// experts Karaj, Tehran and Mashhad registered, and the assembly's next
// general session in Tehran, open for registration.
func (l *eventsDemo) upcoming(ctx context.Context) error {
	today := jalali.Today(l.d.Now())
	course, isNew, err := l.add(ctx, demoEvent{Event: events.Event{Kind: events.TrainingCourse, Status: events.Open,
		TitleFa: "دوره آموزشی متروپلیس: مدیریت رشد شهری", TitleEn: "Metropolis training course: managing urban growth",
		DescriptionFa: "دوره پنج‌روزه برای کارشناسان شهرهای عضو؛ هر عضو سه کارشناس را بی‌هزینه می‌فرستد.",
		DescriptionEn: "A five-day course for member cities' experts; each member sends three experts free of charge.",
		HostCity:      "بارسلون", Venue: "دبیرخانه متروپلیس", Capacity: 30, OrgQuota: 3,
		StartsAt: onDay(today.AddDays(24), 9, 30), EndsAt: onDay(today.AddDays(28), 17, 0)},
		organizers: []string{MetropolisSlug}})
	if err != nil {
		return err
	}
	if isNew {
		if err := l.registerExperts(ctx, course); err != nil {
			return err
		}
	}
	_, _, err = l.add(ctx, demoEvent{Event: events.Event{Kind: events.GeneralSession, Status: events.Open,
		TitleFa: "اجلاس مجمع روسای شوراهای اسلامی کلانشهرها و مراکز استان‌ها، نشست آینده",
		TitleEn: "General session of the assembly of council chairs: the next meeting",
		Venue:   "تالار شورای اسلامی شهر تهران", Capacity: 60, OrgQuota: 3,
		StartsAt: onDay(today.AddDays(60), 9, 0), EndsAt: onDay(today.AddDays(60), 17, 0)},
		organizers: []string{"council-chairs-assembly", "tehran-council"}, host: "tehran"})
	return err
}

func (l *eventsDemo) registerExperts(ctx context.Context, course events.Event) error {
	people := []struct{ slug, name, role string }{
		{"karaj", "محمدرضا رضاپور", "معاون توسعه و برنامه‌ریزی"},
		{"karaj", "نرگس صالحی", "کارشناس برنامه‌ریزی شهری"},
		{"karaj", "امیر حسینی", "کارشناس محیط زیست"},
		{"tehran", "سارا کریمی", "کارشناس امور بین‌الملل"},
		{"tehran", "رضا نوری", "کارشناس شهرسازی"},
		{"mashhad", "فاطمه جعفری", "کارشناس حمل‌ونقل"},
	}
	for i, p := range people {
		o, err := l.org(ctx, p.slug)
		if err != nil {
			return err
		}
		if _, err := l.svc.Register(ctx, operatorPrincipal, events.Registration{EventID: course.ID, OrgID: o.ID,
			Name: p.name, Role: p.role, Email: "expert" + strconv.Itoa(i+1) + "@" + p.slug + ".example"}); err != nil {
			return err
		}
	}
	return nil
}
