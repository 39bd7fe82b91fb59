package dsl

import "github.com/hashicorp/hcl/v2"

// Place is where an attribute is written. A problem found after decoding
// (by package plan, in the data) is reported at its Place, exactly as the
// decoder reports one of its own.
type Place struct {
	// Value is the attribute's expression, which a diagnostic points at;
	// Attr is the whole attribute, name included, shown as its context.
	Value, Attr hcl.Range
}

func placeOf(attr *hcl.Attribute) *Place {
	if attr == nil {
		return nil
	}
	return &Place{Value: attr.Expr.Range(), Attr: attr.Range}
}

// Error is an error diagnostic at p.
func (p *Place) Error(summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   detail,
		Subject:  p.Value.Ptr(),
		Context:  p.Attr.Ptr(),
	}
}
