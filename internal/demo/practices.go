package demo

import (
	"context"
	"fmt"
	"slices"

	"github.com/shahr-city/shahr/internal/network"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/practices"
	"github.com/shahr-city/shahr/internal/servicecatalog"
)

// groupRef names an association's group by the association's slug and
// the group's English name.
type groupRef struct{ assoc, nameEn string }

// demoPractices are good practices drawn from the source articles' facts,
// each with the slug of the organization that shares it and the
// associations' groups it is tagged with. Contacts are generic units, not
// people.
var demoPractices = []struct {
	slug   string
	groups []groupRef
	p      practices.Practice
}{
	{"tehran-district-21", []groupRef{{MetropolisSlug, "Integrated urban management commission"}}, practices.Practice{
		TitleFa: "طرح «من شهردارم»: بودجه‌ریزی مشارکتی در منطقه ۲۱", TitleEn: "\"I am Mayor\": participatory budgeting in District 21",
		ProblemFa:   "ساکنان، کارگران و مدیران صنایع منطقه در انتخاب طرح‌های عمرانی و خدمات شهری محله خود سهم مستقیمی نداشتند.",
		ProblemEn:   "Residents, workers and industry managers had no direct say in which building and city-service projects their area received.",
		ActionFa:    "شهرداری منطقه در دوره دوم طرح، شهروندان و کارگران و فعالان صنایع را به پیشنهاد طرح برای منطقه فراخواند و در نشست هم‌اندیشی با مدیران صنایع، مسائل و راهکارها را بررسی کرد.",
		ActionEn:    "In the scheme's second round the district invited residents, workers and industry staff to propose projects, and reviewed problems and solutions with industry managers in a joint meeting.",
		ResultsFa:   "شهروندان و صنایع منطقه به‌عنوان گروهی اثرگذار در تصمیم‌های شهری وارد فرایند شدند.",
		Tags:        []string{"بودجه‌ریزی مشارکتی", "مشارکت شهروندان"},
		ContactName: "روابط عمومی شهرداری منطقه ۲۱", ContactPhone: "137"}},
	{"mashhad", nil, practices.Practice{
		TitleFa:     "سرمایه‌گذاری مشترک برای درآمد پایدار شهرهای کوچک",
		ProblemFa:   "شهرداری‌های کوچک و کم‌برخوردار استان درآمد پایدار و توان فنی کافی برای طرح‌های درآمدزا نداشتند.",
		ActionFa:    "سازمان همیاری شهرداری‌های خراسان رضوی با بازدید از شهرهایی چون رشتخوار، نیازها و ظرفیت‌ها را شناسایی کرد و طرح‌های سرمایه‌گذاری مشترک با شهرداری‌ها را پیش برد.",
		ResultsFa:   "اولویت حمایت به شهرهای کمتر توسعه‌یافته داده شد و برنامه توانمندسازی شهرداری‌های کوچک تدوین شد.",
		Tags:        []string{"درآمد پایدار", "شهرهای کم‌برخوردار", "سرمایه‌گذاری"},
		ContactName: "سازمان همیاری شهرداری‌های خراسان رضوی", ContactEmail: "info@example.org"}},
	{"tehran", []groupRef{{MetropolisSlug, "Urban innovation commission"}}, practices.Practice{
		TitleFa: "نمایشگاه خواهرخواندگی برای نشان دادن مهارت‌های مدیریت شهری", TitleEn: "A sister-cities exhibition to show urban-governance skills",
		ProblemFa:   "تجربه‌ها و توانمندی‌های مدیریت شهری در شهرها و مناطق، حتی برای شهروندان و شهرهای خواهرخوانده، کمتر دیده می‌شد.",
		ActionFa:    "تهران نمایشگاهی از خواهرخواندگی و مدیریت شهری برگزار کرد که در آن شهرداری‌ها، مناطق و شرکت‌های دانش‌بنیان آنچه را انجام داده بودند به نمایش گذاشتند.",
		ActionEn:    "Tehran held an exhibition on sister cities and urban governance where municipalities, districts and knowledge-based companies showed their work.",
		ResultsFa:   "شهروندان با خدمات شهرداری آشنا شدند و شهرها زمینه همکاری تازه یافتند.",
		Tags:        []string{"خواهرخواندگی", "نمایشگاه"},
		ContactName: "اداره کل روابط بین‌الملل شهرداری تهران", ContactEmail: "international@example.org"}},
	{AssemblySlug, []groupRef{{AssemblySlug, "Architecture and urban planning commission"}}, practices.Practice{
		TitleFa:     "بارگذاری مصوبات شوراها در سامانه ملی",
		ProblemFa:   "مصوبات شوراهای کلانشهرها و مراکز استان‌ها در یک جا گرد نمی‌آمد و شهرها از تجربه یکدیگر کم بهره می‌بردند.",
		ActionFa:    "دبیرخانه مجمع روسای شوراها، شوراهای عضو را به بارگذاری مصوبات خود در سامانه ملی ثبت مصوبات همراهی کرد و نتایج نشست‌های تخصصی کمیسیون‌ها را به مراجع ذی‌ربط رساند.",
		ResultsFa:   "مصوبات شهرها برای یکدیگر در دسترس قرار گرفت و انتقال تجربه میان شوراها آسان‌تر شد.",
		Tags:        []string{"شفافیت", "مصوبات شورا"},
		ContactName: "دبیرخانه مجمع", ContactEmail: "secretariat@example.org"}},
	{"karaj", []groupRef{{MetropolisSlug, "Urban innovation commission"}}, practices.Practice{
		TitleFa: "عضویت در متروپلیس و آموزش کارشناسان", TitleEn: "Joining Metropolis and training staff",
		ProblemFa:   "شهرداری برای بهره‌گیری از تجربه کلانشهرهای جهان و آموزش کارشناسان خود راهی منظم نداشت.",
		ActionFa:    "شهرداری با گزارش توجیهی، عضویت در انجمن متروپلیس را به شورای شهر برد و پس از تصویب، هر سال کارشناسانی را به دوره‌های آموزشی انجمن فرستاد.",
		ActionEn:    "The municipality took membership of Metropolis to the city council with a justification report and, once approved, sends staff to the association's training courses each year.",
		ResultsFa:   "کارشناسان شهرداری در دوره‌های آموزشی و کمیسیون‌های انجمن شرکت کردند.",
		ResultsEn:   "Municipal staff took part in the association's courses and commissions.",
		Tags:        []string{"آموزش", "شبکه‌های بین‌المللی"},
		ContactName: "اداره امور بین‌الملل شهرداری کرج", ContactEmail: "intl@example.org"}},
}

// service is a demo catalog entry: the offering organization's slug and
// the item.
type service struct {
	slug string
	it   servicecatalog.Item
}

// Services of Tehran municipality and District 21. Addresses, hours and
// fees are written generically: they are not taken from a real office.
var demoServices = []service{
	{"tehran", servicecatalog.Item{Category: "urban", TitleFa: "سامانه ۱۳۷: پاسخگویی به شهروندان", TitleEn: "137: the citizens' call centre",
		DescriptionFa: "ثبت درخواست، پیشنهاد یا شکایت درباره خدمات شهری، مانند چاله معابر، روشنایی یا پسماند.",
		DescriptionEn: "Report a request, suggestion or complaint about city services such as potholes, street lights or waste.",
		EligibilityFa: "همه شهروندان", StepsFa: "با شماره ۱۳۷ تماس بگیرید.\nموضوع و نشانی را بگویید.\nکد پیگیری را یادداشت کنید.",
		HoursFa: "شبانه‌روزی", Phone: "137", FeesFa: "رایگان"}},
	{"tehran", servicecatalog.Item{Category: "permits", TitleFa: "صدور پروانه ساختمان", TitleEn: "Building permits",
		DescriptionFa: "پروانه ساخت، تخریب و نوسازی برای ملک‌های شهر.", EligibilityFa: "مالکان ملک یا وکیل قانونی آنان",
		StepsFa:   "درخواست را در دفتر خدمات الکترونیک شهر ثبت کنید.\nمدارک مالکیت و نقشه را بارگذاری کنید.\nعوارض را بپردازید.\nپروانه را دریافت کنید.",
		AddressFa: "دفاتر خدمات الکترونیک شهر در هر منطقه", FeesFa: "بر پایه تعرفه عوارض مصوب شورا"}},
	{"tehran", servicecatalog.Item{Category: "taxes", TitleFa: "پرداخت عوارض نوسازی", TitleEn: "Paying the renewal levy",
		DescriptionFa: "استعلام و پرداخت عوارض سالانه نوسازی ملک.", EligibilityFa: "مالکان ملک",
		StepsFa: "شناسه نوسازی ملک را وارد کنید.\nمبلغ را ببینید و بپردازید.", FeesFa: "بر پایه ارزش ملک"}},
	{"tehran", servicecatalog.Item{Category: "culture", TitleFa: "فرهنگسراها", TitleEn: "Cultural centres",
		DescriptionFa: "کلاس‌های هنری، کتابخانه، نمایشگاه و برنامه‌های فرهنگی برای همه سنین.", EligibilityFa: "همه شهروندان؛ برخی کلاس‌ها ثبت‌نام می‌خواهند",
		StepsFa: "برنامه فرهنگسرای نزدیک خود را ببینید.\nبرای کلاس‌ها حضوری یا برخط ثبت‌نام کنید.", HoursFa: "روزهای کاری، صبح تا شب", FeesFa: "برخی برنامه‌ها رایگان، کلاس‌ها با شهریه"}},
	{"tehran", servicecatalog.Item{Category: "transport", TitleFa: "بلیت و کارت مترو و اتوبوس", TitleEn: "Metro and bus cards",
		DescriptionFa: "تهیه و شارژ کارت بلیت برای مترو و اتوبوس شهری.", EligibilityFa: "همه مسافران؛ تخفیف برای گروه‌هایی که شورا تعیین می‌کند",
		StepsFa: "کارت را از باجه ایستگاه تهیه کنید.\nدر دستگاه‌های ایستگاه یا برخط شارژ کنید.", FeesFa: "بر پایه نرخ مصوب سالانه"}},
	{"tehran", servicecatalog.Item{Category: "environment", TitleFa: "تحویل پسماند خشک و بازیافت", TitleEn: "Recycling dry waste",
		DescriptionFa: "تحویل پسماند خشک تفکیک‌شده در غرفه‌های بازیافت یا درخواست جمع‌آوری از در منزل.", EligibilityFa: "همه شهروندان",
		StepsFa: "پسماند خشک را جدا کنید.\nبه غرفه بازیافت ببرید یا درخواست جمع‌آوری ثبت کنید.", FeesFa: "رایگان"}},
	{"tehran-district-21", servicecatalog.Item{Category: "urban", TitleFa: "درخواست جمع‌آوری نخاله و پسماند حجیم", TitleEn: "Bulky waste and rubble collection",
		DescriptionFa: "جمع‌آوری نخاله ساختمانی و اثاثیه حجیم از معابر منطقه ۲۱.", EligibilityFa: "ساکنان و کسبه منطقه ۲۱",
		StepsFa:   "با ۱۳۷ تماس بگیرید یا به دفتر خدمات شهری منطقه مراجعه کنید.\nنشانی و حجم را اعلام کنید.\nزمان جمع‌آوری را هماهنگ کنید.",
		AddressFa: "ساختمان شهرداری منطقه ۲۱، معاونت خدمات شهری", HoursFa: "شنبه تا چهارشنبه، ساعت اداری", Phone: "137", FeesFa: "برای نخاله ساختمانی بر پایه تعرفه"}},
	{"tehran-district-21", servicecatalog.Item{Category: "sports", TitleFa: "سالن‌های ورزشی محله", TitleEn: "Neighbourhood sports halls",
		DescriptionFa: "اجاره سانس سالن‌های ورزشی محله‌های منطقه برای گروه‌ها و باشگاه‌ها.", EligibilityFa: "ساکنان منطقه، گروه‌ها و مدارس",
		StepsFa: "سانس خالی را از سرای محله بپرسید.\nفرم درخواست را پر کنید.\nهزینه را بپردازید.", AddressFa: "سراهای محله منطقه ۲۱", FeesFa: "بر پایه تعرفه سالانه منطقه"}},
	{"tehran-district-21", servicecatalog.Item{Category: "social", TitleFa: "سرای محله", TitleEn: "Neighbourhood house",
		DescriptionFa: "مرکز کارهای محله: کلاس‌ها، مشاوره خانواده، نشست‌های شورایاری و برنامه‌های سالمندان و کودکان.",
		EligibilityFa: "همه ساکنان محله", AddressFa: "در هر محله منطقه ۲۱", HoursFa: "روزهای کاری", FeesFa: "بیشتر برنامه‌ها رایگان"}},
	{"tehran-district-21", servicecatalog.Item{Category: "environment", TitleFa: "درخواست کاشت و هرس درخت", TitleEn: "Tree planting and pruning requests",
		DescriptionFa: "درخواست کاشت نهال در معبر یا هرس و بررسی درختان خطرساز.", EligibilityFa: "ساکنان منطقه ۲۱",
		StepsFa: "درخواست را با ۱۳۷ یا در دفتر فضای سبز منطقه ثبت کنید.\nکارشناس بازدید می‌کند.", Phone: "137", FeesFa: "رایگان"}},
	{"tehran-district-21", servicecatalog.Item{Category: "permits", TitleFa: "گواهی پایان کار ساختمان", TitleEn: "Building completion certificate",
		DescriptionFa: "گواهی‌ای که نشان می‌دهد ساختمان مطابق پروانه ساخته شده است.", EligibilityFa: "مالکان ساختمان‌های دارای پروانه در منطقه ۲۱",
		StepsFa:   "درخواست را در دفتر خدمات الکترونیک شهر ثبت کنید.\nبازدید کارشناس انجام می‌شود.\nگواهی را دریافت کنید.",
		AddressFa: "دفاتر خدمات الکترونیک شهر در منطقه ۲۱", FeesFa: "بر پایه تعرفه عوارض مصوب"}},
	{"tehran-district-21", servicecatalog.Item{Category: "culture", TitleFa: "من شهردارم: پیشنهاد طرح برای منطقه", TitleEn: "I am Mayor: propose a project for the district",
		DescriptionFa: "شهروندان، کارگران و فعالان صنایع منطقه طرح پیشنهاد می‌دهند و به طرح‌ها رأی می‌دهند.",
		EligibilityFa: "ساکنان، کارگران و شاغلان منطقه ۲۱", StepsFa: "در سامانه وارد شوید.\nطرح خود را در مرحله پیشنهاد ثبت کنید.\nدر مرحله رأی‌گیری رأی دهید.",
		OnlineURL: "https://example.org/budgets", FeesFa: "رایگان"}},
}

// groupIDs finds the groups refs name; the network's loader made them.
func groupIDs(ctx context.Context, d Deps, refs []groupRef) ([]int64, error) {
	net := network.NewService(d.DB, d.Orgs, d.IDs, d.Now)
	var ids []int64
	for _, ref := range refs {
		assoc, err := d.Orgs.BySlug(ctx, ref.assoc)
		if err != nil {
			return nil, err
		}
		gs, err := net.Groups(ctx, assoc.ID)
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(gs, func(g network.Group) bool { return g.Name.En == ref.nameEn })
		if i < 0 {
			return nil, fmt.Errorf("demo: %s has no group %q", ref.assoc, ref.nameEn)
		}
		ids = append(ids, gs[i].ID)
	}
	return ids, nil
}

// loadPractices adds the demo's good practices (published) and the
// services of Tehran and District 21, each only when its organization
// has none with that title yet.
func loadPractices(ctx context.Context, d Deps) error {
	lib := practices.NewService(d.DB, d.Orgs, network.NewService(d.DB, d.Orgs, d.IDs, d.Now), d.Now)
	for _, dp := range demoPractices {
		o, err := d.Orgs.BySlug(ctx, dp.slug)
		if err != nil {
			return fmt.Errorf("practice of %s: %w", dp.slug, err)
		}
		if has, err := d.has(ctx, "practices", o.ID, dp.p.TitleFa); err != nil {
			return err
		} else if has {
			continue
		}
		p := dp.p
		p.OrgID = o.ID
		if p.Groups, err = groupIDs(ctx, d, dp.groups); err != nil {
			return err
		}
		if p, err = lib.Create(ctx, practices.Actor{}, p); err != nil {
			return fmt.Errorf("practice %s: %w", p.TitleFa, err)
		}
		if _, err := lib.Publish(ctx, practices.Actor{}, o.ID, p.ID); err != nil {
			return err
		}
	}
	catalog := servicecatalog.NewService(d.DB, d.Orgs, d.Now)
	for _, s := range demoServices {
		o, err := d.Orgs.BySlug(ctx, s.slug)
		if err != nil {
			return fmt.Errorf("service of %s: %w", s.slug, err)
		}
		if has, err := d.has(ctx, "municipal_services", o.ID, s.it.TitleFa); err != nil {
			return err
		} else if has {
			continue
		}
		it := s.it
		it.OrgID = o.ID
		if _, err := catalog.Create(ctx, 0, it); err != nil {
			return fmt.Errorf("service %s: %w", it.TitleFa, err)
		}
	}
	return nil
}

// has reports whether table holds a row of the organization with the
// title's key: both tables are unique on (org_id, title_key).
func (d Deps) has(ctx context.Context, table string, orgID int64, title string) (bool, error) {
	var n int
	err := d.DB.Read.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE org_id = $1 AND title_key = $2`,
		orgID, persian.SearchKey(title)).Scan(&n)
	return n > 0, err
}
