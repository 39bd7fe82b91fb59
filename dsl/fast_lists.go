package dsl

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// cty converts a tuple to a list in time that grows with the square of its
// length (40,000 numbers took 8 s, a million would take hours), and every
// list an HCL file writes ([...], a for expression) is a tuple until it is
// converted. A tuple whose elements all have one primitive type is a list
// of that type already, value for value: asList makes a long one a list in
// linear time, and the conversion that follows has nothing left to do.
// Short tuples are left as they are, so that what a short list decodes to
// (a plug-in's cty.Value field gets the tuple) and its type errors read
// exactly as gohcl gives them.

// longTuple is the fewest elements asList turns into a list: below it
// cty's conversion takes milliseconds.
const longTuple = 1024

// asList is v as a list when v is a tuple of at least longTuple elements
// of one primitive type (number, string or bool), none marked, else v.
func asList(v cty.Value) cty.Value {
	if !v.IsKnown() || v.IsNull() || !v.Type().IsTupleType() || v.ContainsMarked() {
		return v
	}
	etys := v.Type().TupleElementTypes()
	if len(etys) < longTuple || !etys[0].IsPrimitiveType() {
		return v
	}
	for _, t := range etys[1:] {
		if !t.Equals(etys[0]) {
			return v
		}
	}
	return cty.ListVal(v.AsValueSlice())
}

// settingsBody is what a plug-in's config is decoded from by gohcl: body
// with every attribute's value, and those of its nested blocks, evaluated
// once in ctx and passed through asList, and the attributes whose value is
// null left out, so that "iterations = null" (or a variable whose default
// is null) means the setting's default, as a null argument does in
// Terraform, whatever the field's Go type.
type settingsBody struct {
	hcl.Body
	ctx *hcl.EvalContext
	// seen is what the evaluations found, shared by the nested bodies:
	// see decodeConfig.
	seen *evaluated
}

// evaluated holds the ranges of the setting expressions whose evaluation
// gave errors, and of those whose value is not wholly known (a variable
// without a value), so that decodeConfig can tell gohcl's echoes of them
// without evaluating anything again.
type evaluated struct{ failed, unknown map[hcl.Range]bool }

func (b settingsBody) Content(schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Diagnostics) {
	c, diags := b.Body.Content(schema)
	return b.content(c, schema, diags)
}

func (b settingsBody) PartialContent(schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Body, hcl.Diagnostics) {
	c, rest, diags := b.Body.PartialContent(schema)
	if rest != nil {
		rest = settingsBody{rest, b.ctx, b.seen}
	}
	c, diags = b.content(c, schema, diags)
	return c, rest, diags
}

func (b settingsBody) JustAttributes() (hcl.Attributes, hcl.Diagnostics) {
	attrs, diags := b.Body.JustAttributes()
	attrs, _ = b.attributes(attrs)
	return attrs, diags
}

// content is c with its attributes and blocks wrapped; a required
// attribute set to null is reported missing, as HCL reports one left out.
func (b settingsBody) content(c *hcl.BodyContent, schema *hcl.BodySchema, diags hcl.Diagnostics) (*hcl.BodyContent, hcl.Diagnostics) {
	if c == nil {
		return nil, diags
	}
	out := *c
	var nulls map[string]*hcl.Attribute
	out.Attributes, nulls = b.attributes(c.Attributes)
	for _, as := range schema.Attributes {
		if a := nulls[as.Name]; a != nil && as.Required {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Missing required argument",
				Detail:   fmt.Sprintf("The argument %q is required, but it is null here; null means not set.", as.Name),
				Subject:  a.Expr.Range().Ptr(),
				Context:  a.Range.Ptr(),
			})
		}
	}
	out.Blocks = make(hcl.Blocks, len(c.Blocks))
	for i, blk := range c.Blocks {
		nb := *blk
		nb.Body = settingsBody{blk.Body, b.ctx, b.seen}
		out.Blocks[i] = &nb
	}
	return &out, diags
}

// attributes is attrs wrapped, without those whose value is null, which
// it returns apart.
func (b settingsBody) attributes(attrs hcl.Attributes) (hcl.Attributes, map[string]*hcl.Attribute) {
	if attrs == nil {
		return nil, nil
	}
	out := make(hcl.Attributes, len(attrs))
	var nulls map[string]*hcl.Attribute
	for name, a := range attrs {
		v, diags := a.Expr.Value(b.ctx)
		if !diags.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type().IsSetType() {
			// As evalValue refuses one: gohcl would make the set a list
			// in cty's order, sorting a [lo, hi] range.
			diags = append(diags, attrError(a, "Wrong type", setRefused(name, "written as a list, in order")))
		}
		switch {
		case diags.HasErrors():
			b.seen.failed[a.Expr.Range()] = true
		case !v.IsWhollyKnown():
			b.seen.unknown[a.Expr.Range()] = true
		}
		if !diags.HasErrors() && v.IsKnown() && v.IsNull() {
			if nulls == nil {
				nulls = map[string]*hcl.Attribute{}
			}
			nulls[name] = a
			continue
		}
		na := *a
		na.Expr = settingExpr{Expression: a.Expr, ctx: b.ctx, value: asList(v), diags: diags}
		out[name] = &na
	}
	return out, nulls
}

// settingExpr is an expression with its value in ctx evaluated already
// (through asList); in another context it is evaluated again.
type settingExpr struct {
	hcl.Expression
	ctx   *hcl.EvalContext
	value cty.Value
	diags hcl.Diagnostics
}

func (e settingExpr) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	if ctx == e.ctx {
		return e.value, e.diags
	}
	v, diags := e.Expression.Value(ctx)
	return asList(v), diags
}

// UnwrapExpression lets HCL's static helpers (hcl.ExprList,
// hcl.ExprAsKeyword, hcl.AbsTraversalForExpr), which a plug-in's
// hcl.Expression field may use, see the expression as written.
func (e settingExpr) UnwrapExpression() hcl.Expression { return e.Expression }
