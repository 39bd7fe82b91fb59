package datasets

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxQuotedCell keeps messages about garbage cells (a binary file read as
// CSV, say) to one readable line.
const maxQuotedCell = 40

// parseCell reads a numeric cell. It returns a message for the person who
// wrote the file instead of an error, so the caller can add the place.
func parseCell(cell, column string) (float64, string) {
	s := strings.TrimSpace(cell)
	if s == "" {
		return 0, fmt.Sprintf("empty cell in column %q", column)
	}
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case errors.Is(err, strconv.ErrRange) && math.IsInf(v, 0):
		return 0, fmt.Sprintf("cell %s in column %q is too large for a float64", quoteCell(s), column)
	case err != nil:
		return 0, fmt.Sprintf("cell %s in column %q is not a number", quoteCell(s), column)
	case math.IsNaN(v) || math.IsInf(v, 0):
		return 0, fmt.Sprintf("cell %s in column %q is not a finite number", quoteCell(s), column)
	}
	return v, ""
}

func quoteCell(s string) string {
	if utf8.RuneCountInString(s) <= maxQuotedCell {
		return strconv.Quote(s)
	}
	n := 0
	for i := range s {
		if n == maxQuotedCell {
			return strconv.Quote(s[:i]) + "..."
		}
		n++
	}
	return strconv.Quote(s)
}

// isNumberText reports whether s is written as a number at all. Cells that
// are numbers but not finite ("NaN", "1e999") count, so a regression file
// with a missing value gets an error pointing at it instead of silently
// becoming a classification problem with a class called "NaN".
func isNumberText(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil || errors.Is(err, strconv.ErrRange)
}
