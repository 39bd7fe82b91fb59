package dsl

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/nnexp/nnexp/registry"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// refTarget is a reference split into its block name and, when indexed,
// the key: model.m, model.m["w4"], pipeline.adam[each.key].
type refTarget struct {
	name    string
	key     string
	indexed bool
}

// parseInstanceRef reads expr as kind.name or kind.name[key], evaluating
// a key that is an expression (each.key) in ctx.
func parseInstanceRef(expr hcl.Expression, ctx *hcl.EvalContext, kind string) (refTarget, hcl.Diagnostics) {
	var trav hcl.Traversal
	var keyExpr hcl.Expression
	switch e := expr.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		trav = e.Traversal
	case *hclsyntax.IndexExpr:
		if c, ok := e.Collection.(*hclsyntax.ScopeTraversalExpr); ok {
			trav, keyExpr = c.Traversal, e.Key
		}
	default:
		if t, diags := hcl.AbsTraversalForExpr(expr); !diags.HasErrors() {
			trav = t
		}
	}
	invalid := hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Invalid reference",
		Detail:   fmt.Sprintf("Expected a reference like %[1]s.<name>, or %[1]s.<name>[\"key\"] for an instance of a block with for_each.", kind),
		Subject:  expr.Range().Ptr(),
	}}
	if len(trav) < 2 || len(trav) > 3 || len(trav) == 3 && keyExpr != nil {
		return refTarget{}, invalid
	}
	attr, ok := trav[1].(hcl.TraverseAttr)
	if trav.RootName() != kind || !ok {
		return refTarget{}, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Wrong kind of reference",
			Detail:   fmt.Sprintf("Expected a reference like %s.<name>; got %s.", kind, traversalText(trav)),
			Subject:  expr.Range().Ptr(),
		}}
	}
	t := refTarget{name: attr.Name}
	var key cty.Value
	var keyRange hcl.Range
	switch {
	case len(trav) == 3:
		idx, ok := trav[2].(hcl.TraverseIndex)
		if !ok {
			return refTarget{}, invalid
		}
		key, keyRange = idx.Key, idx.SrcRange
	case keyExpr != nil:
		v, diags := keyExpr.Value(ctx)
		if diags.HasErrors() {
			return refTarget{}, diags
		}
		key, keyRange = v, keyExpr.Range()
	default:
		return t, nil
	}
	if !key.IsWhollyKnown() {
		return refTarget{}, hcl.Diagnostics{silentError} // each outside for_each, reported there
	}
	s, err := convert.Convert(key, cty.String)
	if err != nil || s.IsNull() {
		return refTarget{}, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid instance key",
			Detail:   fmt.Sprintf("The key of an instance of %s.%s must be a string, as the keys of for_each are; got %s.", kind, t.name, typeName(key.Type())),
			Subject:  keyRange.Ptr(),
		}}
	}
	t.key, t.indexed = s.AsString(), true
	return t, nil
}

// instanceRef resolves a reference that must name one instance: a block
// without for_each, or one instance of a block with it. found is false
// after a diagnostic or for a block or instance that failed to decode
// (whose mistakes are reported already).
func instanceRef[T any](expr hcl.Expression, ctx *hcl.EvalContext, kind string, declared map[string]*instances[T]) (*T, bool, hcl.Diagnostics) {
	t, diags := parseInstanceRef(expr, ctx, kind)
	if diags.HasErrors() {
		return nil, false, diags
	}
	in, diags := lookupBlock(expr, kind, t.name, declared)
	if in == nil || in.failed {
		return nil, false, diags
	}
	switch {
	case in.forEach && !t.indexed:
		return nil, false, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Missing instance key",
			Detail:   fmt.Sprintf("Because %[1]s.%[2]s has \"for_each\" set, its instances must be referred to one at a time: %[1]s.%[2]s[\"key\"], or %[1]s.%[2]s[each.key] from a block with the same keys. Its keys are %[3]s.", kind, t.name, keyList(in.keys)),
			Subject:  expr.Range().Ptr(),
		}}
	case !in.forEach && t.indexed:
		return nil, false, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Unexpected instance key",
			Detail:   fmt.Sprintf("%s.%s does not set \"for_each\", so it has one instance and takes no key: write %s.%s.", kind, t.name, kind, t.name),
			Subject:  expr.Range().Ptr(),
		}}
	case !in.forEach:
		return in.one, in.one != nil, nil
	}
	v, ok := in.values[t.key]
	if !ok {
		return nil, false, missingKey(expr, kind, t, in.keys)
	}
	return v, v != nil, nil
}

// instancesRef resolves a reference that may name every instance of a
// block at once (plot runs = [run.grid]) or one of them.
func instancesRef[T any](expr hcl.Expression, ctx *hcl.EvalContext, kind string, declared map[string]*instances[T]) ([]*T, bool, hcl.Diagnostics) {
	t, diags := parseInstanceRef(expr, ctx, kind)
	if diags.HasErrors() {
		return nil, false, diags
	}
	in, diags := lookupBlock(expr, kind, t.name, declared)
	if in == nil || in.failed {
		return nil, false, diags
	}
	if !in.forEach || t.indexed {
		one, found, diags := instanceRef(expr, ctx, kind, declared)
		return []*T{one}, found, diags
	}
	if len(in.keys) == 0 {
		return nil, false, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "No instances",
			Detail:   fmt.Sprintf("%s.%s has an empty for_each, so it has no instances to refer to here.", kind, t.name),
			Subject:  expr.Range().Ptr(),
		}}
	}
	// found is false when an instance failed: its mistake is reported
	// already, and the file will not run.
	all := in.all()
	return all, len(all) == len(in.keys), nil
}

// lookupBlock finds a declared block by name or says it is not declared.
// A nil result with no error diagnostic means the block failed.
func lookupBlock[T any](expr hcl.Expression, kind, name string, declared map[string]*instances[T]) (*instances[T], hcl.Diagnostics) {
	if in, ok := declared[name]; ok {
		return in, nil
	}
	names := sortedKeys(declared)
	detail := fmt.Sprintf("No %s block named %q is declared in this file.", kind, name)
	if near := registry.Nearest(name, names); near != "" {
		detail += fmt.Sprintf(" Did you mean %s.%s?", kind, near)
	}
	return nil, hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("Reference to undeclared %s", kind),
		Detail:   detail,
		Subject:  expr.Range().Ptr(),
	}}
}

func missingKey(expr hcl.Expression, kind string, t refTarget, keys []string) hcl.Diagnostics {
	detail := fmt.Sprintf("%s.%s has no instance with key %q; its keys are %s.", kind, t.name, t.key, keyList(keys))
	if near := registry.Nearest(t.key, keys); near != "" {
		detail += fmt.Sprintf(" Did you mean %q?", near)
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Invalid instance key",
		Detail:   detail,
		Subject:  expr.Range().Ptr(),
	}}
}

// keyList names the keys, the first maxListedKeys of a longer list (a
// sweep's for_each can have a million) and how many more there are.
func keyList(keys []string) string {
	if len(keys) == 0 {
		return "none (its for_each is empty)"
	}
	shown := keys[:min(len(keys), maxListedKeys)]
	q := make([]string, len(shown))
	for i, k := range shown {
		q[i] = fmt.Sprintf("%q", k)
	}
	list := strings.Join(q, ", ")
	if more := len(keys) - len(shown); more > 0 {
		list += fmt.Sprintf(" and %d more", more)
	}
	return list
}

// maxListedKeys is the most instance keys a diagnostic lists.
const maxListedKeys = 10
