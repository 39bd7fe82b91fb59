// Package shell writes command lines that a POSIX shell reads back as the
// arguments they were made from, for the commands nnexp prints for a user
// to run (vars.hcl's re-run line, the resume hint after an interrupt).
package shell

import "strings"

// Quote quotes s for a POSIX shell unless it is plainly safe, so
// that the re-run command can be pasted as it is.
func Quote(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=+,:@%", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
