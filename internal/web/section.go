package web

// Section is a titled list of links that one module puts on a page of
// another: budgeting lists a person's proposals, supports and ballots on
// the account page identity owns, and neither reads the other's tables.
// Its texts are in the page's language.
type Section struct {
	ID    string // the section's anchor, unique on its page
	Title string
	Empty string // shown instead of the list when Cards is empty
	Cards Cards
}
