package budgeting

import (
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
)

var (
	errNoReceipt  = apperr.New(apperr.NotFound, "شما در این سرفصل برگه رأی ثبت‌شده‌ای ندارید.", "You have no ballot in this heading.")
	errBadReceipt = invalid("receipt", "کد رسید ۳۲ نویسه است، از رقم‌ها و حرف‌های a تا f؛ آن را همان‌گونه که روی رسید آمده است بنویسید.",
		"A receipt code is 32 characters, digits and the letters a to f; type it as your receipt shows it.")
	errUnknownReceipt = notFoundIn("receipt", "هیچ برگه رأی این فرایند این کد رسید را ندارد. کد را دوباره با رسید خود مقایسه کنید.",
		"No ballot of this process has this receipt code. Compare the code with your receipt again.")
	errReceiptBody = apperr.New(apperr.Invalid, "درخواست به درستی فرستاده نشد؛ بدنه درخواست باید JSON به شکل {\"receipt\":\"…\"} باشد.",
		`The request could not be read; the body must be JSON like {"receipt":"…"}.`)
)

func init() {
	i18n.Register(map[string]i18n.Text{
		"budgeting.receipt.explain": {
			Fa: "این کد، رمز برگه رأی شماست: پس از پایان رأی‌گیری با آن در صفحه «بررسی رسید رأی» می‌بینید که رأی شما با همین انتخاب‌ها در پرونده منتشرشده برگه‌های رأی و در زنجیره رأی‌ها آمده و شمرده شده است؛ آن را نگه دارید و به کسی نشان ندهید.",
			En: "This code is your ballot's secret: after voting closes, the ballot receipt check uses it to show you that your ballot, with these choices, is in the published ballots file and the chain of ballots and was counted; keep it, and show it to no one."},
		"budgeting.receipt.void": {
			Fa: "فقط آخرین رسید شما در این سرفصل معتبر است: رسید رأی‌های پیشین شما باطل شده است و اگر رأی خود را تغییر دهید، این رسید هم باطل می‌شود.",
			En: "Only your latest receipt in this heading is valid: the receipts of your earlier ballots are void, and if you change your ballot, this one becomes void too."},
		"budgeting.receipt.choices":   {Fa: "انتخاب‌های شما", En: "Your choices"},
		"budgeting.ballot.my_receipt": {Fa: "رسید رأی کنونی شما", En: "Your current ballot's receipt"},
		"budgeting.receipt.cast_at":   {Fa: "زمان ثبت", En: "Recorded"},
		"budgeting.receipt.check":     {Fa: "بررسی رسید رأی", En: "Check the receipt"},
		"budgeting.receipt.print":     {Fa: "این صفحه را می‌توانید چاپ کنید یا بعدها از «حساب من» دوباره ببینید.", En: "You can print this page, or see it again later from your account."},

		"budgeting.check.title":      {Fa: "بررسی رسید رأی", En: "Check a ballot receipt"},
		"budgeting.check.intro":      {Fa: "کد رسید خود را بنویسید تا ببینید برگه رأی شما در کدام خط پرونده منتشرشده است، جای آن در زنجیره رأی‌ها کجاست و زنجیره از آن تا پایانش درست است یا نه.", En: "Type your receipt code to see which line of the published file holds your ballot, where it is in the chain of ballots, and whether the chain checks from it to its head."},
		"budgeting.check.not_yet":    {Fa: "رسیدها پس از پایان رأی‌گیری بررسی می‌شوند.", En: "Receipts can be checked once voting has closed."},
		"budgeting.check.receipt":    {Fa: "کد رسید", En: "Receipt code"},
		"budgeting.check.hint":       {Fa: "۳۲ نویسه، همان‌گونه که روی رسید آمده است؛ فاصله و خط تیره اشکالی ندارد.", En: "32 characters, as your receipt shows it; spaces and dashes do not matter."},
		"budgeting.check.submit":     {Fa: "بررسی رسید", En: "Check the receipt"},
		"budgeting.check.heading":    {Fa: "سرفصل", En: "Heading"},
		"budgeting.check.voter":      {Fa: "شناسه رأی در پرونده (voter_id)", En: "Ballot id in the file (voter_id)"},
		"budgeting.check.counted":    {Fa: "این برگه رأی شمرده شده است.", En: "This ballot is counted."},
		"budgeting.check.replaced":   {Fa: "این رسید باطل است: رأی‌دهنده پس از آن رأی تازه‌ای داده و آن رأی شمرده شده است. اگر شما رأی تازه‌ای نداده‌اید، این را به برگزارکننده گزارش کنید.", En: "This receipt is void: its voter cast a newer ballot, which is the one counted. If you did not vote again, report it to the organizer."},
		"budgeting.check.line":       {Fa: "خط پرونده برگه‌های رأی", En: "Line of the ballots file"},
		"budgeting.check.link":       {Fa: "جای آن در زنجیره", En: "Its place in the chain"},
		"budgeting.check.link_of":    {Fa: "حلقه %s از %s", En: "link %s of %s"},
		"budgeting.check.head":       {Fa: "سر زنجیره", En: "Head of the chain"},
		"budgeting.check.verified":   {Fa: "زنجیره از این حلقه تا سر آن دوباره محاسبه شد و درست است.", En: "The chain was recomputed from this link to its head, and it checks."},
		"budgeting.check.failed":     {Fa: "بررسی ناموفق بود؛ این را به برگزارکننده گزارش کنید:", En: "The check failed; report this to the organizer:"},
		"budgeting.check.files":      {Fa: "بررسی همه برگه‌های رأی", En: "Check every ballot"},
		"budgeting.check.files_note": {Fa: "هر کس می‌تواند پرونده برگه‌های رأی و زنجیره هر سرفصل را بارگیری کند و بدون اینترنت، با فرمان زیر، درستی همه آن‌ها را بسنجد:", En: "Anyone can download each heading's ballots file and chain and check all of them offline with the command below:"},
		"budgeting.check.pb":         {Fa: "پرونده برگه‌های رأی", En: "Ballots file"},
		"budgeting.check.chain":      {Fa: "زنجیره رأی‌ها (JSON)", En: "Chain of ballots (JSON)"},

		"budgeting.account.proposals":      {Fa: "پیشنهادهای من", En: "My proposals"},
		"budgeting.account.proposals.none": {Fa: "هنوز پیشنهادی نداده‌اید.", En: "You have not made a proposal yet."},
		"budgeting.account.supports":       {Fa: "حمایت‌های من", En: "My supports"},
		"budgeting.account.supports.none":  {Fa: "هنوز از پیشنهادی حمایت نکرده‌اید.", En: "You have not supported a proposal yet."},
		"budgeting.account.supported":      {Fa: "حمایت در %s", En: "Supported on %s"},
		"budgeting.account.ballots":        {Fa: "رأی‌های من", En: "My ballots"},
		"budgeting.account.ballots.none":   {Fa: "هنوز رأی نداده‌اید.", En: "You have not voted yet."},
		"budgeting.account.voted":          {Fa: "ثبت‌شده در %s · رسید:", En: "Recorded %s · receipt:"},
	})
}

// errTooManyChecks refuses an address that has used its receipt checks
// (ruleReceiptChecks).
var errTooManyChecks = apperr.New(apperr.RateLimited,
	"از این نشانی در ده دقیقه گذشته بیش از ۳۰ رسید بررسی شده است؛ کمی بعد دوباره تلاش کنید، یا کل پرونده را با دستور shahr verify بررسی کنید.",
	"More than 30 receipts were checked from this address in the last ten minutes; try again a little later, or check the whole file with shahr verify.")
