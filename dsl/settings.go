package dsl

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/nnexp/nnexp/registry"
)

// validate runs a decoded config's Validate, if it has one, and points a
// *registry.SettingError at the attribute it names within body (nil body or
// an attribute left at its default: the block itself).
func validate(cfg any, body hcl.Body, block hcl.Range) hcl.Diagnostics {
	v, ok := cfg.(registry.Validator)
	if !ok {
		return nil
	}
	err := v.Validate()
	if err == nil {
		return nil
	}
	// A config may report several settings at once with errors.Join, a
	// nested block's (plateau) joined within its optimizer's.
	var diags hcl.Diagnostics
	for _, e := range registry.Unjoin(err) {
		diags = append(diags, settingDiagnostic(e, body, block))
	}
	return diags
}

func settingDiagnostic(err error, body hcl.Body, block hcl.Range) *hcl.Diagnostic {
	diag := &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Invalid setting",
		Detail:   err.Error(),
		Subject:  block.Ptr(),
	}
	var se *registry.SettingError
	if errors.As(err, &se) {
		diag.Summary = "Invalid " + se.Setting
		diag.Detail = se.Message
		if attr := findAttribute(body, se.Setting); attr != nil {
			diag.Subject = attr.Expr.Range().Ptr()
			diag.Context = attr.SrcRange.Ptr()
		}
	}
	return diag
}

// findAttribute follows a dotted path ("adam.plateau.factor") through
// nested blocks to an attribute; "layer[1]" is the second block of type
// layer, a bare type the first.
func findAttribute(body hcl.Body, path string) *hclsyntax.Attribute {
	b, ok := body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	parts := strings.Split(path, ".")
	for _, part := range parts[:len(parts)-1] {
		blockType, nth := part, 0
		if open := strings.IndexByte(part, '['); open > 0 && strings.HasSuffix(part, "]") {
			n, err := strconv.Atoi(part[open+1 : len(part)-1])
			if err != nil || n < 0 {
				return nil
			}
			blockType, nth = part[:open], n
		}
		var next *hclsyntax.Body
		for _, nested := range b.Blocks {
			if nested.Type != blockType {
				continue
			}
			if nth == 0 {
				next = nested.Body
				break
			}
			nth--
		}
		if next == nil {
			return nil
		}
		b = next
	}
	return b.Attributes[parts[len(parts)-1]]
}

// decodeConfig decodes body into cfg with gohcl. gohcl also complains
// about a value that is unknown only because a variable has no value; that
// is reported where the variable is declared, so the echo is replaced by
// silentError. And when an expression's evaluation failed (1 + "x"),
// gohcl adds "value must be known" for the unknown value it got, beside
// the real error: that echo is dropped.
func decodeConfig(body hcl.Body, ctx *hcl.EvalContext, cfg any) hcl.Diagnostics {
	seen := &evaluated{failed: map[hcl.Range]bool{}, unknown: map[hcl.Range]bool{}}
	diags := gohcl.DecodeBody(settingsBody{body, ctx, seen}, ctx, cfg)
	out := diags[:0]
	for _, d := range diags {
		switch {
		case d.Context != nil && d.Summary == "Unsuitable value type" && seen.failed[*d.Context]:
			continue
		case d.Context != nil && seen.unknown[*d.Context]:
			d = silentError
		default:
			d.Detail = withArticle(d.Detail)
		}
		out = append(out, d)
	}
	return out
}

// validatePartial is validate for a config whose decoding failed in part
// (decodeDiags): the settings that did decode are checked too, so that
// iterations = -1 shows beside learning_rate = "fast" rather than after
// it is fixed. A failed setting keeps its default, so a check across
// settings would blame a good one for it ("batch_every without
// batch_size" when batch_size = "x"): a diagnostic is kept only at an
// attribute no decoding error touched, and only when it names, as a
// whole word, none of the settings a decoding error in the same block was
// about (failedSettings). A Validate written for a whole config may meet
// a nil nested block here and panic; that reports nothing, as the
// decoding errors come first.
func validatePartial(cfg any, body hcl.Body, block hcl.Range, decodeDiags hcl.Diagnostics) (diags hcl.Diagnostics) {
	defer func() {
		if recover() != nil {
			diags = nil
		}
	}()
	failed := failedSettings(body, decodeDiags)
	for _, d := range validate(cfg, body, block) {
		if d.Subject == nil || *d.Subject == block || touched(*d.Subject, decodeDiags) || blamesFailed(d, failed) {
			continue
		}
		diags = append(diags, d)
	}
	return diags
}

// settingRef is a setting a decoding error was about: its name and the
// types of the nested blocks it sits in, joined by "." ("" at the top),
// as validate's paths give them without their [index].
type settingRef struct{ block, name string }

// decodeNames are the names gohcl's decoding errors quote as settings or
// blocks: a misspelt argument and the one it suggests, a missing one, a
// misspelt or missing block.
var decodeNames = regexp.MustCompile(`An argument named "([^"]+)" is not expected here|Did you mean "([^"]+)"\?|The argument "([^"]+)" is required|Blocks of type "([^"]+)" are not expected here|^An? ([a-z0-9_]+) block is required`)

// failedSettings are the settings diags are about: the attributes they
// point into, and the names gohcl quotes in them (decodeNames), each with
// the block it sits in.
func failedSettings(body hcl.Body, diags hcl.Diagnostics) []settingRef {
	b, ok := body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	var refs []settingRef
	for _, d := range diags {
		if d.Subject == nil {
			continue
		}
		path, inner := blockAt(b, *d.Subject, "")
		for name, a := range inner.Attributes {
			if touched(a.SrcRange, hcl.Diagnostics{d}) {
				refs = append(refs, settingRef{path, name})
			}
		}
		for _, m := range decodeNames.FindAllStringSubmatch(d.Detail, -1) {
			for k, name := range m[1:] {
				// A suggestion the block sets already is not what the
				// misspelt name meant.
				if _, set := inner.Attributes[name]; name != "" && !(k == 1 && set) {
					refs = append(refs, settingRef{path, name})
				}
			}
		}
	}
	return refs
}

// blockAt is the innermost nested block of b whose body holds rng, with
// its path of block types; b itself and path when none does.
func blockAt(b *hclsyntax.Body, rng hcl.Range, path string) (string, *hclsyntax.Body) {
	for _, blk := range b.Blocks {
		if r := blk.Body.SrcRange; r.ContainsOffset(rng.Start.Byte) && r.ContainsOffset(max(rng.End.Byte-1, rng.Start.Byte)) {
			return blockAt(blk.Body, rng, settingPath(path, blk.Type))
		}
	}
	return path, b
}

// blamesFailed reports whether validate's diagnostic d (summary "Invalid
// <setting path>") is about a setting of a block where a setting failed
// to decode and names that setting as a word, or sits inside a block
// that failed.
func blamesFailed(d *hcl.Diagnostic, failed []settingRef) bool {
	setting, ok := strings.CutPrefix(d.Summary, "Invalid ")
	if !ok {
		return false
	}
	setting = indexSuffix.ReplaceAllString(setting, "")
	block := ""
	if i := strings.LastIndexByte(setting, '.'); i >= 0 {
		block = setting[:i]
	}
	for _, f := range failed {
		inside := settingPath(f.block, f.name)
		switch {
		case block == inside || strings.HasPrefix(block, inside+"."):
			return true // a setting of a block that failed
		case block == f.block && (hasWord(d.Summary, f.name) || hasWord(d.Detail, f.name)):
			return true
		}
	}
	return false
}

// settingPath is name inside the block path ("" at the top).
func settingPath(block, name string) string {
	if block == "" {
		return name
	}
	return block + "." + name
}

// indexSuffix is the [n] of a repeated block in a setting path.
var indexSuffix = regexp.MustCompile(`\[[0-9]+\]`)

// hasWord reports whether text holds word with no letter, digit or
// underscore on either side: "rate" is not in "learning_rate".
func hasWord(text, word string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], word)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(word)
		if (start == 0 || !isWordByte(text[start-1])) && (end == len(text) || !isWordByte(text[end])) {
			return true
		}
		i = start + 1
	}
}

func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// touched reports whether any of diags is at or around rng.
func touched(rng hcl.Range, diags hcl.Diagnostics) bool {
	for _, d := range diags {
		for _, r := range []*hcl.Range{d.Subject, d.Context} {
			if r != nil && r.Filename == rng.Filename && r.Overlaps(rng) {
				return true
			}
		}
	}
	return false
}

// withArticle mends gohcl's "A adam block is required." (it writes "A"
// before every block type) to "An adam block is required.".
func withArticle(detail string) string {
	name, ok := strings.CutPrefix(detail, "A ")
	if !ok || !strings.HasSuffix(name, " block is required.") || name == "" || !strings.ContainsRune("aeiou", rune(name[0])) {
		return detail
	}
	return "An " + name
}
