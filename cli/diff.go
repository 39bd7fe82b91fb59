package cli

import (
	"io"
	"strings"

	"github.com/aymanbagabas/go-udiff"
)

// unifiedDiff writes the change from a to b as a unified diff with three
// lines of context, headed "--- old/NAME" and "+++ new/NAME" as terraform
// fmt -diff heads it; nothing when a and b are equal. A last line without
// a newline is marked as diff(1) marks it, so applying the diff with patch
// gives b exactly.
//
// The diff is go-udiff's, a maintained copy of the one gopls uses: a
// hand-written line differ here was 243 lines to keep correct for one flag.
func unifiedDiff(w io.Writer, name, a, b string) error {
	if a == b {
		return nil
	}
	d := udiff.Unified("old/"+name, "new/"+name, a, b)
	_, err := io.WriteString(w, strings.TrimSuffix(d, "\n")+"\n")
	return err
}
