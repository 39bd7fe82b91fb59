package dsl

import (
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

// listsBody is an hcl.Body whose attributes' values, and those of its
// nested blocks, come through asList: what a plug-in's config is decoded
// from by gohcl, which converts them itself.
type listsBody struct{ hcl.Body }

func (b listsBody) Content(schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Diagnostics) {
	c, diags := b.Body.Content(schema)
	return listsContent(c), diags
}

func (b listsBody) PartialContent(schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Body, hcl.Diagnostics) {
	c, rest, diags := b.Body.PartialContent(schema)
	if rest != nil {
		rest = listsBody{rest}
	}
	return listsContent(c), rest, diags
}

func (b listsBody) JustAttributes() (hcl.Attributes, hcl.Diagnostics) {
	attrs, diags := b.Body.JustAttributes()
	return listsAttributes(attrs), diags
}

func listsContent(c *hcl.BodyContent) *hcl.BodyContent {
	if c == nil {
		return nil
	}
	out := *c
	out.Attributes = listsAttributes(c.Attributes)
	out.Blocks = make(hcl.Blocks, len(c.Blocks))
	for i, b := range c.Blocks {
		nb := *b
		nb.Body = listsBody{b.Body}
		out.Blocks[i] = &nb
	}
	return &out
}

func listsAttributes(attrs hcl.Attributes) hcl.Attributes {
	if attrs == nil {
		return nil
	}
	out := make(hcl.Attributes, len(attrs))
	for name, a := range attrs {
		na := *a
		na.Expr = listsExpr{a.Expr}
		out[name] = &na
	}
	return out
}

// listsExpr is an expression whose value comes through asList.
type listsExpr struct{ hcl.Expression }

func (e listsExpr) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	v, diags := e.Expression.Value(ctx)
	return asList(v), diags
}

// UnwrapExpression lets HCL's static helpers (hcl.ExprList,
// hcl.ExprAsKeyword, hcl.AbsTraversalForExpr), which a plug-in's
// hcl.Expression field may use, see the expression as written.
func (e listsExpr) UnwrapExpression() hcl.Expression { return e.Expression }
