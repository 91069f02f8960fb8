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
package rules
