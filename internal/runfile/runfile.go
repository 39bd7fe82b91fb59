// Package runfile maps run names to the part of a file name that stands
// for them (history_<part>.png). The decoder uses it to refuse two runs
// that would share a file, and the report to name the files, so both
// agree on the mapping.
package runfile

import (
	"strings"
	"unicode"
)

// Part is the file-name part of a run name. A plain run name (letters,
// digits, _, - and ., as the decoder allows) is its own part; an instance
// name of for_each or a command-line sweep, grid[fast-w3] or
// adam[lr=0.1], becomes grid-fast-w3 and adam-lr_0.1: each '[' turns into
// '-', each ']' is dropped, and any other character that is not a letter,
// digit, _, - or . turns into '_'. The mapping is not one to one
// (grid[a-b] and grid-a[b] share a part), so the decoder reports runs
// whose parts collide.
func Part(run string) string {
	var b strings.Builder
	for _, r := range run {
		switch {
		case r == '[':
			b.WriteByte('-')
		case r == ']':
		case unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("_-.", r):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}
