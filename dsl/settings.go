package dsl

import (
	"errors"
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
	failed := map[hcl.Range]bool{}
	diags := gohcl.DecodeBody(settingsBody{body, ctx, failed}, ctx, cfg)
	out := diags[:0]
	for _, d := range diags {
		switch {
		case d.Context != nil && d.Summary == "Unsuitable value type" && failed[*d.Context]:
			continue
		case d.Context != nil && unknownExpression(body, *d.Context, ctx):
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
// attribute no decoding error touched, and only when it names none of
// the settings a decoding error was about (the failed one, a misspelt
// name and its suggestion). A Validate written for a whole config may
// meet a nil nested block here and panic; that reports nothing, as the
// decoding errors come first.
func validatePartial(cfg any, body hcl.Body, block hcl.Range, decodeDiags hcl.Diagnostics) (diags hcl.Diagnostics) {
	defer func() {
		if recover() != nil {
			diags = nil
		}
	}()
	failed := failedNames(body, decodeDiags)
	for _, d := range validate(cfg, body, block) {
		if d.Subject == nil || *d.Subject == block || touched(*d.Subject, decodeDiags) || mentionsAny(d, failed) {
			continue
		}
		diags = append(diags, d)
	}
	return diags
}

// failedNames are the settings the decoding errors diags are about: the
// attributes of body (nested blocks included) they point into, and every
// quoted name in their text (gohcl's "An argument named \"batch_sise\" is
// not expected here. Did you mean \"batch_size\"?").
func failedNames(body hcl.Body, diags hcl.Diagnostics) []string {
	var names []string
	for _, d := range diags {
		for rest := d.Detail; ; {
			_, after, ok := strings.Cut(rest, "\"")
			if !ok {
				break
			}
			name, tail, ok := strings.Cut(after, "\"")
			if !ok {
				break
			}
			names = append(names, name)
			rest = tail
		}
	}
	b, ok := body.(*hclsyntax.Body)
	if !ok {
		return names
	}
	hclsyntax.VisitAll(b, func(n hclsyntax.Node) hcl.Diagnostics {
		if a, ok := n.(*hclsyntax.Attribute); ok && touched(a.SrcRange, diags) {
			names = append(names, a.Name)
		}
		return nil
	})
	return names
}

// mentionsAny reports whether d's text names any of names.
func mentionsAny(d *hcl.Diagnostic, names []string) bool {
	for _, n := range names {
		if n != "" && (strings.Contains(d.Summary, n) || strings.Contains(d.Detail, n)) {
			return true
		}
	}
	return false
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

// unknownExpression reports whether the expression at rng in body has a
// value that is not wholly known.
func unknownExpression(body hcl.Body, rng hcl.Range, ctx *hcl.EvalContext) bool {
	b, ok := body.(*hclsyntax.Body)
	if !ok {
		return false
	}
	unknown := false
	hclsyntax.VisitAll(b, func(n hclsyntax.Node) hcl.Diagnostics {
		if e, ok := n.(hclsyntax.Expression); ok && e.Range() == rng {
			v, diags := e.Value(ctx)
			unknown = unknown || (!diags.HasErrors() && !v.IsWhollyKnown())
		}
		return nil
	})
	return unknown
}
