// Package rules is the arithmetic of a city council (شورای اسلامی شهر),
// kept apart from any database or page so that every rule can be proved
// over all its cases: whether a session is quorate, how many votes a
// motion needs and whether it was adopted, and where a resolution stands
// in its Article 80 review on a given day.
//
// The numbers come from the council's Settings; DefaultSettings holds the
// values of Iran's councils law (قانون تشکیلات، وظایف و انتخابات شوراهای
// اسلامی کشور و انتخاب شهرداران) and of the internal rules councils
// usually adopt, each with its source. All arithmetic is on integers: a
// quorum or a majority is a count of people, never a rounded fraction.
//
// Choices where the law is silent, made here once:
//   - The quorum is a share of the members seated at that moment (a
//     vacancy no alternate can fill lowers it); recused members sit, so
//     they count towards it.
//   - A recused member never counts in a majority's base, except the
//     Absolute majority of the statutory seats, which the law fixes.
//   - A window of n days starts the day after its event and ends with the
//     n-th Tehran calendar day; public holidays do not extend it (the
//     package has no holiday calendar).
//   - An amended resolution goes back to the review board for a new
//     objection window; a second objection goes to the dispute board.
//     The council's silence past its window sends the matter there too.
//     The dispute board's deadline is a due date: its late ruling counts.
package rules
