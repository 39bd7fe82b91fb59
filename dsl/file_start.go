package dsl

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// fileStart is where a diagnostic about something missing from the whole
// file points: the start of its first block or attribute, as a
// zero-width range. The body's own MissingItemRange is byte 0, and when
// the file begins with a blank line HCL's snippet shows the next line
// under "line 1", so the editor and the text disagree on the line.
func fileStart(body hcl.Body) hcl.Range {
	at := body.MissingItemRange()
	syntax, ok := body.(*hclsyntax.Body)
	if !ok {
		return at
	}
	first := hcl.Pos{Byte: -1}
	consider := func(p hcl.Pos) {
		if first.Byte < 0 || p.Byte < first.Byte {
			first = p
		}
	}
	for _, b := range syntax.Blocks {
		consider(b.TypeRange.Start)
	}
	for _, a := range syntax.Attributes {
		consider(a.SrcRange.Start)
	}
	if first.Byte < 0 {
		return at
	}
	return hcl.Range{Filename: at.Filename, Start: first, End: first}
}
