package dsl

import (
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/registry"
)

// reference reads an expression such as dataset.diabetes and returns the
// name after the kind, reporting a diagnostic when the expression is not a
// reference of that kind or names nothing declared.
func reference[T any](expr hcl.Expression, kind string, declared map[string]T) (T, bool, hcl.Diagnostics) {
	var zero T
	trav, diags := hcl.AbsTraversalForExpr(expr)
	if diags.HasErrors() || len(trav) != 2 {
		return zero, false, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid reference",
			Detail:   fmt.Sprintf("Expected a reference like %s.<name>.", kind),
			Subject:  expr.Range().Ptr(),
		}}
	}
	root := trav.RootName()
	attr, ok := trav[1].(hcl.TraverseAttr)
	if root != kind || !ok {
		return zero, false, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Wrong kind of reference",
			Detail:   fmt.Sprintf("Expected a reference like %s.<name>; got %s.", kind, traversalText(trav)),
			Subject:  expr.Range().Ptr(),
		}}
	}
	if v, ok := declared[attr.Name]; ok {
		return v, true, nil
	}
	names := make([]string, 0, len(declared))
	for n := range declared {
		names = append(names, n)
	}
	sort.Strings(names)
	detail := fmt.Sprintf("No %s block named %q is declared in this file.", kind, attr.Name)
	if near := registry.Nearest(attr.Name, names); near != "" {
		detail += fmt.Sprintf(" Did you mean %s.%s?", kind, near)
	}
	return zero, false, hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("Reference to undeclared %s", kind),
		Detail:   detail,
		Subject:  expr.Range().Ptr(),
	}}
}

func traversalText(trav hcl.Traversal) string {
	s := trav.RootName()
	for _, step := range trav[1:] {
		if a, ok := step.(hcl.TraverseAttr); ok {
			s += "." + a.Name
		} else {
			s += "[...]"
		}
	}
	return s
}

// unknownName is the diagnostic for a name the registry does not know.
func unknownName(err error, subject hcl.Range) *hcl.Diagnostic {
	summary := "Unknown name"
	if u, ok := err.(*registry.UnknownError); ok {
		summary = "Unknown " + u.Kind
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   err.Error() + ". Run `nnexp list` to see what is registered.",
		Subject:  subject.Ptr(),
	}
}

// registered reports whether lookup knows name.
func registered[T any](lookup func(string) (T, error), name string) bool {
	_, err := lookup(name)
	return err == nil
}
