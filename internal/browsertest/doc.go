// Package browsertest drives the whole application in a real headless
// Chromium: it signs a citizen up through the pages, checks that the pages
// are right-to-left, labelled and usable from the keyboard, and saves
// screenshots at a phone's size for people to look at.
//
// The package has only tests. They need Debian's chromium (or the binary
// named by SHAHR_CHROMIUM); without it they skip, except under CI=true,
// where they fail. Screenshots go to SHAHR_TEST_OUTPUT, or else to
// testout/browser at the repository root.
package browsertest
