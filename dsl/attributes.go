package dsl

import (
	"fmt"
	"math"
	"math/big"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// The eval helpers below turn one attribute into a Go value, reporting a
// diagnostic on the attribute's expression when the value has the wrong type
// or is out of range. They return ok=false after a diagnostic so a caller can
// keep decoding the rest of the block.

// evalValue is the value of attr converted to want. A set where a list is
// wanted is refused: cty converts it in its own order (toset([4, 3]) is
// [3, 4]) and merges equal elements (toset([8, 8]) is [8]), which would
// silently change layers or a [lo, hi] range; evalUnordered is for the
// lists whose order means nothing.
func evalValue(attr *hcl.Attribute, ctx *hcl.EvalContext, want cty.Type, what string) (cty.Value, hcl.Diagnostics) {
	return evalOrdered(attr, ctx, want, what, true)
}

// evalUnordered is evalValue for a list whose order and repeats mean
// nothing to its reader (the columns ignore names), so a set will do.
func evalUnordered(attr *hcl.Attribute, ctx *hcl.EvalContext, want cty.Type, what string) (cty.Value, hcl.Diagnostics) {
	return evalOrdered(attr, ctx, want, what, false)
}

// setRefused is the detail of a set given where name must be what, a
// list read in order.
func setRefused(name, what string) string {
	return fmt.Sprintf("%s must be %s; got a set, which has no order and no repeats (toset sorts its elements and merges equal ones). Write a list: [...].", name, what)
}

func evalOrdered(attr *hcl.Attribute, ctx *hcl.EvalContext, want cty.Type, what string, ordered bool) (cty.Value, hcl.Diagnostics) {
	val, diags := attr.Expr.Value(ctx)
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	if val.IsNull() {
		return cty.NilVal, hcl.Diagnostics{attrError(attr, "Missing value", fmt.Sprintf("%s must be %s, not null.", attr.Name, what))}
	}
	if !val.IsWhollyKnown() {
		// Only a variable that has no value is unknown, and that is
		// already reported where the variable is declared.
		return cty.NilVal, hcl.Diagnostics{silentError}
	}
	if ordered && want.IsListType() && val.Type().IsSetType() {
		return cty.NilVal, hcl.Diagnostics{attrError(attr, "Wrong type", setRefused(attr.Name, what+" in the order written"))}
	}
	conv, err := convert.Convert(asList(val), want)
	if err != nil {
		return cty.NilVal, hcl.Diagnostics{attrError(attr, "Wrong type", fmt.Sprintf("%s must be %s; got %s.", attr.Name, what, typeName(val.Type())))}
	}
	if hasNull(conv) {
		// [null, 1] converts to a list of numbers; its null would panic
		// where the number is read.
		return cty.NilVal, hcl.Diagnostics{attrError(attr, "Missing value", fmt.Sprintf("%s must be %s, with no null in it.", attr.Name, what))}
	}
	return conv, nil
}

// hasNull reports whether v holds a null anywhere inside.
func hasNull(v cty.Value) bool {
	found := false
	cty.Walk(v, func(_ cty.Path, e cty.Value) (bool, error) {
		found = found || e.IsNull()
		return !found, nil
	})
	return found
}

// silentError marks a failure that has been reported elsewhere; Load drops
// it before returning diagnostics.
var silentError = &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "already reported"}

func typeName(t cty.Type) string {
	switch {
	case t == cty.String:
		return "a string"
	case t == cty.Number:
		return "a number"
	case t == cty.Bool:
		return "a bool"
	case t.IsTupleType() || t.IsListType():
		return "a list"
	case t.IsObjectType() || t.IsMapType():
		return "an object"
	}
	return t.FriendlyName()
}

func attrError(attr *hcl.Attribute, summary, detail string) *hcl.Diagnostic {
	return placeOf(attr).Error(summary, detail)
}

func evalString(attr *hcl.Attribute, ctx *hcl.EvalContext) (string, hcl.Diagnostics) {
	v, diags := evalValue(attr, ctx, cty.String, "a string")
	if diags.HasErrors() {
		return "", diags
	}
	return v.AsString(), nil
}

func evalBool(attr *hcl.Attribute, ctx *hcl.EvalContext) (bool, hcl.Diagnostics) {
	v, diags := evalValue(attr, ctx, cty.Bool, "true or false")
	if diags.HasErrors() {
		return false, diags
	}
	return v.True(), nil
}

func evalNumber(attr *hcl.Attribute, ctx *hcl.EvalContext) (float64, hcl.Diagnostics) {
	v, diags := evalValue(attr, ctx, cty.Number, "a number")
	if diags.HasErrors() {
		return 0, diags
	}
	f, _ := v.AsBigFloat().Float64()
	if math.IsInf(f, 0) {
		return 0, hcl.Diagnostics{attrError(attr, "Value out of range", fmt.Sprintf("%s is too large.", attr.Name))}
	}
	return f, nil
}

// evalInt reads a whole number of at least min.
func evalInt(attr *hcl.Attribute, ctx *hcl.EvalContext, min, max int) (int, hcl.Diagnostics) {
	v, diags := evalValue(attr, ctx, cty.Number, "a whole number")
	if diags.HasErrors() {
		return 0, diags
	}
	bf := v.AsBigFloat()
	n, ok := wholeNumber(bf)
	switch {
	case !ok && bf.IsInt():
		// Whole, but past what any limit allows (1e400).
		return 0, hcl.Diagnostics{attrError(attr, "Value out of range", fmt.Sprintf("%s must be from %d to %d; got %s.", attr.Name, min, max, bf.Text('g', 10)))}
	case !ok:
		return 0, hcl.Diagnostics{attrError(attr, "Wrong type", fmt.Sprintf("%s must be a whole number; got %s.", attr.Name, bf.Text('g', -1)))}
	}
	if n < int64(min) || n > int64(max) {
		return 0, hcl.Diagnostics{attrError(attr, "Value out of range", fmt.Sprintf("%s must be from %d to %d; got %d.", attr.Name, min, max, n))}
	}
	return int(n), nil
}

// evalSeed reads a non-negative whole number that fits a uint64.
func evalSeed(attr *hcl.Attribute, ctx *hcl.EvalContext) (uint64, hcl.Diagnostics) {
	v, diags := evalValue(attr, ctx, cty.Number, "a whole number")
	if diags.HasErrors() {
		return 0, diags
	}
	bf := v.AsBigFloat()
	if !bf.IsInt() || bf.Sign() < 0 {
		return 0, hcl.Diagnostics{attrError(attr, "Value out of range", fmt.Sprintf("%s must be a whole number of at least 0; got %s.", attr.Name, bf.Text('g', -1)))}
	}
	u, acc := bf.Uint64()
	if acc != big.Exact {
		return 0, hcl.Diagnostics{attrError(attr, "Value out of range", fmt.Sprintf("%s must be below 2^64.", attr.Name))}
	}
	return u, nil
}

func wholeNumber(bf *big.Float) (int64, bool) {
	if !bf.IsInt() {
		return 0, false
	}
	n, acc := bf.Int64()
	return n, acc == big.Exact
}

// evalInterval reads [lo, hi] with lo < hi, both finite.
func evalInterval(attr *hcl.Attribute, ctx *hcl.EvalContext) (lo, hi float64, diags hcl.Diagnostics) {
	v, diags := evalValue(attr, ctx, cty.List(cty.Number), "a list of two numbers [lo, hi]")
	if diags.HasErrors() {
		return 0, 0, diags
	}
	if v.LengthInt() != 2 {
		return 0, 0, hcl.Diagnostics{attrError(attr, "Wrong type", fmt.Sprintf("%s must be a list of two numbers [lo, hi]; got %d elements.", attr.Name, v.LengthInt()))}
	}
	elems := v.AsValueSlice()
	lo, _ = elems[0].AsBigFloat().Float64()
	hi, _ = elems[1].AsBigFloat().Float64()
	if !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return 0, 0, hcl.Diagnostics{attrError(attr, "Value out of range", fmt.Sprintf("%s must have lo < hi; got [%g, %g].", attr.Name, lo, hi))}
	}
	return lo, hi, nil
}
