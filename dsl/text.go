package dsl

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// CheckText refuses a source that is not UTF-8 text with one diagnostic,
// before any parser sees it: parsing 20 KB of a binary gave 7,172
// diagnostics, and printing them echoed the binary to the terminal. The
// diagnostic names the first offending byte's line and column but has no
// source snippet, since the file is never handed to the parser.
func CheckText(filename string, src []byte) hcl.Diagnostics {
	bad := bytes.IndexByte(src, 0)
	why := "a NUL byte"
	if i := invalidUTF8(src); i >= 0 && (bad < 0 || i < bad) {
		bad, why = i, "a byte that is not UTF-8"
	}
	if bad < 0 {
		return nil
	}
	hint := ""
	switch {
	case bytes.HasPrefix(src, []byte{0xff, 0xfe}) || bytes.HasPrefix(src, []byte{0xfe, 0xff}):
		hint = " It looks like UTF-16; save it as UTF-8."
	case bytes.HasPrefix(src, []byte("\x89PNG")):
		hint = " It is a PNG image; an experiment file ends in .hcl."
	}
	pos := positionOf(src, bad)
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Not a text file",
		Detail: fmt.Sprintf("%s is not UTF-8 text: byte %d (line %d, column %d) is %s, so it was not read as HCL.%s",
			filename, bad, pos.Line, pos.Column, why, hint),
		Subject: &hcl.Range{Filename: filename, Start: pos, End: pos},
	}}
}

// invalidUTF8 is the offset of the first byte that starts no valid UTF-8
// sequence, or -1.
func invalidUTF8(src []byte) int {
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// positionOf is the line and column (in bytes, from 1) of offset in src.
func positionOf(src []byte, offset int) hcl.Pos {
	line := 1 + bytes.Count(src[:offset], []byte("\n"))
	col := offset - bytes.LastIndexByte(src[:offset], '\n')
	return hcl.Pos{Line: line, Column: col, Byte: offset}
}
