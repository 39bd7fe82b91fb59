package dsl

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// ResultsDigest is the sha256 (hex) of an experiment file's blocks and
// attributes other than its plot and milestone blocks: what decides the
// results, as opposed to how they are read (drawn, or measured against a
// milestone, both from the history). nnexp run records it for the output
// folder's copy, and nnexp plot compares, so that editing a plot or a
// milestone block redraws quietly while editing anything else warns that
// the results are from the file as it was run. A source that does not
// parse has no digest.
func ResultsDigest(filename string, src []byte) (string, error) {
	file, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return "", errors.New("dsl: " + diags.Error())
	}
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		return "", errors.New("dsl: not native HCL syntax")
	}
	// The source of every top-level attribute and every block but the
	// plot and milestone blocks, in file order, each on its own: what lies
	// between them (blank lines, comments, a plot block added or removed)
	// is no part of what decides the results.
	var parts []hcl.Range
	for _, a := range body.Attributes {
		parts = append(parts, a.SrcRange)
	}
	for _, b := range body.Blocks {
		if b.Type != "plot" && b.Type != "milestone" {
			parts = append(parts, b.Range())
		}
	}
	slices.SortFunc(parts, func(a, b hcl.Range) int { return a.Start.Byte - b.Start.Byte })
	h := sha256.New()
	for _, r := range parts {
		h.Write(src[r.Start.Byte:r.End.Byte])
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
