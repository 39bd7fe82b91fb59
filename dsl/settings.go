package dsl

import (
	"errors"
	"strings"

	"github.com/hashicorp/hcl/v2"
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
	// A config may report several settings at once with errors.Join.
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var diags hcl.Diagnostics
		for _, e := range joined.Unwrap() {
			diags = append(diags, settingDiagnostic(e, body, block))
		}
		return diags
	}
	return hcl.Diagnostics{settingDiagnostic(err, body, block)}
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
// nested blocks to an attribute.
func findAttribute(body hcl.Body, path string) *hclsyntax.Attribute {
	b, ok := body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	parts := strings.Split(path, ".")
	for _, blockType := range parts[:len(parts)-1] {
		var next *hclsyntax.Body
		for _, nested := range b.Blocks {
			if nested.Type == blockType {
				next = nested.Body
				break
			}
		}
		if next == nil {
			return nil
		}
		b = next
	}
	return b.Attributes[parts[len(parts)-1]]
}
