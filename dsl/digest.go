package dsl

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// DigestWithoutPlots is the sha256 (hex) of an experiment file's source
// with its plot blocks cut out: what decides the results, as opposed to
// how they are drawn. nnexp run records it for the output folder's copy,
// and nnexp plot compares, so that editing a plot block redraws quietly
// while editing anything else warns that the results are from the file as
// it was run. A source that does not parse has no digest.
func DigestWithoutPlots(filename string, src []byte) (string, error) {
	file, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return "", errors.New("dsl: " + diags.Error())
	}
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		return "", errors.New("dsl: not native HCL syntax")
	}
	h := sha256.New()
	at := 0
	for _, b := range body.Blocks {
		if b.Type != "plot" {
			continue
		}
		r := b.Range()
		h.Write(src[at:r.Start.Byte])
		at = r.End.Byte
	}
	h.Write(src[at:])
	return hex.EncodeToString(h.Sum(nil)), nil
}
