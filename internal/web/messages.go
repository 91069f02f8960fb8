package web

import "github.com/shahr-city/shahr/internal/i18n"

func init() {
	i18n.Register(map[string]i18n.Text{
		"site.name":         {Fa: "شهر", En: "Shahr"},
		"site.tagline":      {Fa: "سامانه مشارکت شهروندان و همکاری شهرها", En: "Citizens' participation and cities working together"},
		"layout.skip":       {Fa: "پرش به محتوای اصلی", En: "Skip to main content"},
		"layout.nav":        {Fa: "پیوندهای اصلی", En: "Main navigation"},
		"layout.footer":     {Fa: "شهر، نرم‌افزار آزاد برای شهرها", En: "Shahr, free software for cities"},
		"layout.opendata":   {Fa: "داده باز", En: "Open data"},
		"nav.orgs":          {Fa: "سازمان‌ها", En: "Organizations"},
		"nav.networks":      {Fa: "شبکه شهرها", En: "City networks"},
		"nav.events":        {Fa: "رویدادها", En: "Events"},
		"nav.budgets":       {Fa: "من شهردارم", En: "I am Mayor"},
		"nav.notifications": {Fa: "اعلان‌ها", En: "Notifications"},
		"nav.admin":         {Fa: "داشبورد کارکنان", En: "Staff dashboard"},
		"nav.account":       {Fa: "حساب من", En: "My account"},
		"nav.signin":        {Fa: "ورود", En: "Sign in"},
		"nav.signup":        {Fa: "ثبت‌نام", En: "Sign up"},
		"nav.signout":       {Fa: "خروج", En: "Sign out"},
		"form.errors":       {Fa: "خطا: لطفاً موارد زیر را اصلاح کنید", En: "There is a problem: please correct the following"},
		"form.save":         {Fa: "ذخیره", En: "Save"},
		"form.cancel":       {Fa: "انصراف", En: "Cancel"},
		"error.status":      {Fa: "کد وضعیت", En: "Status"},
		"error.request":     {Fa: "شناسه درخواست", En: "Request id"},
		"error.home":        {Fa: "بازگشت به صفحه اصلی", En: "Back to the home page"},
		"pager.pages":       {Fa: "صفحه‌های فهرست", En: "Pages of the list"},
		"pager.prev":        {Fa: "صفحه قبل", En: "Previous page"},
		"pager.next":        {Fa: "صفحه بعد", En: "Next page"},
		"pager.prev_to":     {Fa: "صفحه قبل (%s)", En: "Previous page (%s)"},
		"pager.next_to":     {Fa: "صفحه بعد (%s)", En: "Next page (%s)"},
		"pager.page":        {Fa: "صفحه %s", En: "Page %s"},
		"pager.range":       {Fa: "%s تا %s از %s", En: "%s to %s of %s"},
		"flash.saved":       {Fa: "تغییرات ذخیره شد.", En: "Your changes were saved."},
	})
}
