package budgeting

import "github.com/shahr-city/shahr/internal/apperr"

// errProcessMoving answers a ballot whose process changed at every one of
// the batches it was checked for (castBy): the settings of a process in
// its voting phase are edited so rarely that this means something is
// rewriting them in a loop.
var errProcessMoving = apperr.New(apperr.Unavailable,
	"تنظیمات این فرایند هنگام بررسی برگه رأی شما پی‌درپی تغییر کرد و برگه ثبت نشد؛ چند لحظه دیگر دوباره بفرستید.",
	"This process's settings kept changing while your ballot was being checked, and it was not stored; please send it again in a moment.")
