package datasets

import (
	"strconv"
	"strings"
)

// CSVError is a problem at a place in a CSV file.
type CSVError struct {
	File   string
	Line   int // from 1; 0 when the problem is the whole file
	Column int // from 1; 0 when the problem is the whole line
	Msg    string
	// Target marks a problem with the target column as a whole (named
	// but absent, a single class), so that a caller can point at the
	// setting that chose it rather than at the file.
	Target bool
	// Ignore marks a problem with the ignored columns, for the same reason.
	Ignore bool
}

// Error formats the place the way compilers do, "file:line:col: msg", so
// editors and terminals can jump to it; parts that are unknown are left out.
func (e *CSVError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		if b.Len() > 0 {
			b.WriteByte(':')
		}
		b.WriteString(strconv.Itoa(e.Line))
		if e.Column > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Column))
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}
