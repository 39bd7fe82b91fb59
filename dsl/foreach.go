package dsl

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// instances is what one model, pipeline or run block declares: one block
// value, or with for_each one per key, as Terraform's resources do.
type instances[T any] struct {
	forEach bool
	// keys are the for_each keys in order (Terraform's: sorted); values
	// maps each to its decoded instance, nil after an error.
	keys   []string
	values map[string]*T
	// one is the block without for_each; nil after an error.
	one *T
	// failed says the block as a whole did not decode (its for_each
	// did not evaluate): references to it stay quiet.
	failed bool
}

// all lists the instances that decoded, in key order.
func (in *instances[T]) all() []*T {
	if !in.forEach {
		if in.one == nil {
			return nil
		}
		return []*T{in.one}
	}
	var out []*T
	for _, k := range in.keys {
		if v := in.values[k]; v != nil {
			out = append(out, v)
		}
	}
	return out
}

var forEachSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "for_each"}}}

// instanceName is the name of a for_each instance: grid[fast-w3]. It is
// what the run column of the CSVs holds; file names use runfile.Part.
func instanceName(label, key string) string { return label + "[" + key + "]" }

// eachInstance is one key of a for_each and its each.value.
type eachInstance struct {
	key   string
	value cty.Value
}

// unsuitable is Terraform's diagnostic for a for_each value it cannot
// use, at the expression.
func unsuitable(attr *hcl.Attribute, why string) hcl.Diagnostics {
	return hcl.Diagnostics{attrError(attr, "Invalid for_each argument",
		fmt.Sprintf(`The given "for_each" argument value is unsuitable: %s`, why))}
}

// evalForEach evaluates a for_each expression into its instances, sorted
// by key: a map or object gives one per key with the element as
// each.value, a set of strings one per member with the member as both.
// An empty one gives none, as in Terraform.
func evalForEach(attr *hcl.Attribute, ctx *hcl.EvalContext) ([]eachInstance, hcl.Diagnostics) {
	for _, trav := range attr.Expr.Variables() {
		if trav.RootName() == "each" {
			return nil, hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  "Invalid for_each argument",
				Detail:   `The for_each argument cannot refer to "each": each.key and each.value exist only inside the instances it makes.`,
				Subject:  trav.SourceRange().Ptr(),
			}}
		}
	}
	v, diags := attr.Expr.Value(ctx)
	if diags.HasErrors() {
		return nil, diags
	}
	ty := v.Type()
	switch {
	case v.IsNull():
		return nil, unsuitable(attr, `the given "for_each" argument value is null. A map, or set of strings is allowed.`)
	case !v.IsWhollyKnown():
		// Only a variable or local that failed is unknown here, and it
		// is reported where it failed.
		return nil, hcl.Diagnostics{silentError}
	case ty.IsMapType() || ty.IsObjectType():
		var out []eachInstance
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			out = append(out, eachInstance{key: k.AsString(), value: e})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
		return out, nil
	case ty.IsSetType() && v.LengthInt() == 0:
		// toset([]) has no element type to check; an empty for_each
		// makes no instances, as in Terraform.
		return nil, nil
	case ty.IsSetType():
		if !ty.ElementType().Equals(cty.String) {
			return nil, unsuitable(attr, fmt.Sprintf(`"for_each" supports maps and sets of strings, but you have provided a set containing type %s.`, ty.ElementType().FriendlyName()))
		}
		var out []eachInstance
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if e.IsNull() {
				return nil, unsuitable(attr, `"for_each" sets must not contain null values.`)
			}
			out = append(out, eachInstance{key: e.AsString(), value: e})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
		return out, nil
	}
	return nil, unsuitable(attr, fmt.Sprintf(`the "for_each" argument must be a map, or set of strings, and you have provided a value of type %s. A list of strings becomes a set with toset(...); a list of other values, a map with a for expression: { for v in list : tostring(v) => v }.`, ty.FriendlyName()))
}

// eachContext is ctx with each.key and each.value of one instance.
func eachContext(ctx *hcl.EvalContext, in eachInstance) *hcl.EvalContext {
	child := ctx.NewChild()
	child.Variables = map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{
		"key":   cty.StringVal(in.key),
		"value": in.value,
	})}
	return child
}

// eachOutside reports every reference to each in body, a block without
// for_each. The context holds each as unknown there, so the expressions
// themselves stay quiet and this is the one diagnostic.
func eachOutside(body hcl.Body) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, trav := range bodyTraversals(body) {
		if trav.RootName() != "each" {
			continue
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  `Reference to "each" in context without for_each`,
			Detail:   fmt.Sprintf(`%s can be used only in blocks with for_each: the "each" object exists only in model, pipeline and run blocks that set the "for_each" argument.`, traversalText(trav)),
			Subject:  trav.SourceRange().Ptr(),
		})
	}
	return diags
}

// bodyTraversals lists every variable reference in body and its nested
// blocks, in source order. A for expression's own variables are not
// references, which Expression.Variables already knows.
func bodyTraversals(body hcl.Body) []hcl.Traversal {
	b, ok := body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	var out []hcl.Traversal
	attrs := make([]*hclsyntax.Attribute, 0, len(b.Attributes))
	for _, a := range b.Attributes {
		attrs = append(attrs, a)
	}
	sort.Slice(attrs, func(i, j int) bool { return attrs[i].SrcRange.Start.Byte < attrs[j].SrcRange.Start.Byte })
	for _, a := range attrs {
		out = append(out, a.Expr.Variables()...)
	}
	for _, nested := range b.Blocks {
		out = append(out, bodyTraversals(nested.Body)...)
	}
	return out
}

// withoutForEach splits block into its for_each attribute (nil when it
// has none) and the block without it, which its kind's schema decodes.
func withoutForEach(block *hcl.Block) (*hcl.Attribute, *hcl.Block, hcl.Diagnostics) {
	content, remain, diags := block.Body.PartialContent(forEachSchema)
	inner := *block
	inner.Body = remain
	return content.Attributes["for_each"], &inner, diags
}

// decodeInstances decodes a block that may set for_each: without it,
// once with ctx (where each is unknown, and a reference to it is
// reported); with it, once per key with each set, each instance named
// label[key]. decode returns nil after an error.
func decodeInstances[T any](block *hcl.Block, ctx *hcl.EvalContext, decode func(b *hcl.Block, ctx *hcl.EvalContext, name string) (*T, hcl.Diagnostics)) (*instances[T], hcl.Diagnostics) {
	attr, inner, diags := withoutForEach(block)
	label := block.Labels[0]
	if attr == nil {
		if more := eachOutside(inner.Body); more.HasErrors() {
			return &instances[T]{failed: true}, append(diags, more...)
		}
		v, more := decode(inner, ctx, label)
		return &instances[T]{one: v}, append(diags, more...)
	}
	keys, more := evalForEach(attr, ctx)
	diags = append(diags, more...)
	if more.HasErrors() {
		return &instances[T]{forEach: true, failed: true}, diags
	}
	in := &instances[T]{forEach: true, values: map[string]*T{}}
	// Every instance shares the block's source: a mistake that does not
	// depend on each is reported once, not once a key, and one that only
	// some keys make names them.
	var found hcl.Diagnostics
	byDiag := map[*hcl.Diagnostic][]string{}
	for _, k := range keys {
		v, more := decode(inner, eachContext(ctx, k), instanceName(label, k.key))
		for _, d := range more {
			first := d
			for _, e := range found {
				if containsDiag(hcl.Diagnostics{e}, d) {
					first = e
					break
				}
			}
			if first == d {
				found = append(found, d)
			}
			byDiag[first] = append(byDiag[first], k.key)
		}
		in.keys = append(in.keys, k.key)
		in.values[k.key] = v
	}
	for _, d := range found {
		if ks := byDiag[d]; d != silentError && len(ks) < len(keys) {
			annotated := *d
			annotated.Detail = strings.TrimSpace(d.Detail + fmt.Sprintf(" (for_each %s %s)", plural(len(ks), "key", "keys"), keyList(ks)))
			d = &annotated
		}
		diags = append(diags, d)
	}
	return in, diags
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// appendNew appends the diagnostics of more that diags does not hold yet.
func appendNew(diags, more hcl.Diagnostics) hcl.Diagnostics {
	for _, d := range more {
		if !containsDiag(diags, d) {
			diags = append(diags, d)
		}
	}
	return diags
}

func containsDiag(diags hcl.Diagnostics, d *hcl.Diagnostic) bool {
	for _, e := range diags {
		if e == d || e.Severity == d.Severity && e.Summary == d.Summary && e.Detail == d.Detail && sameRange(e.Subject, d.Subject) {
			return true
		}
	}
	return false
}

func sameRange(a, b *hcl.Range) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
