package identity

import (
	"fmt"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
)

// errPasswordWait refuses a password attempt that comes before the wait
// its address earned for this account, saying how long is left (in whole
// minutes, rounded up). Unknown emails wait alike, so it reveals nothing.
func errPasswordWait(wait time.Duration) error {
	minutes := int((wait + time.Minute - 1) / time.Minute)
	unit := "minutes"
	if minutes == 1 {
		unit = "minute"
	}
	return apperr.New(apperr.RateLimited,
		fmt.Sprintf("برای این حساب از این نشانی IP چند بار رمز نادرست وارد شده است؛ %s دقیقه دیگر دوباره تلاش کنید.", i18n.Fa.Int(minutes)),
		fmt.Sprintf("Several wrong passwords were entered for this account from this IP address; please try again in %d %s.", minutes, unit))
}

func init() {
	i18n.Register(map[string]i18n.Text{
		"identity.code.already_sent": {
			Fa: "کد یکبار مصرف پیش‌تر به این شماره پیامک شده و هنوز معتبر است؛ آخرین کدی را که رسیده وارد کنید. کد تازه را یک دقیقه پس از کد قبلی می‌توانید بخواهید.",
			En: "A one-time code was already texted to this number and is still valid: enter the latest code you received. You can ask for a new code a minute after the last one.",
		},
	})
}
