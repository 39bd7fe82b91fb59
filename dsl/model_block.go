package dsl

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/registry"
	"github.com/zclconf/go-cty/cty"
)

var modelSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "hidden", Required: true},
		{Name: "activation"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "init"}},
}

var initSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "weights"},
		{Name: "biases"},
	},
}

// decodeModelBlock reads a model block. Its input and output sizes come
// from the data set of each run that uses it, so package plan checks
// that it fits. It returns nil after any error.
func decodeModelBlock(block *hcl.Block, ctx *hcl.EvalContext, detached bool) (*Model, hcl.Diagnostics) {
	m := &Model{Name: block.Labels[0], DeclRange: block.DefRange}
	content, diags := block.Body.Content(modelSchema)
	if content == nil {
		return nil, diags
	}
	add := func(more hcl.Diagnostics) bool {
		diags = append(diags, more...)
		return !more.HasErrors()
	}
	// A missing hidden or a misspelt attribute does not hide the others'
	// mistakes: they are checked all the same. hiddenOK says hidden is
	// good, for the activations' count.
	ok := !diags.HasErrors()
	hiddenOK := true

	hiddenAttr := content.Attributes["hidden"]
	var v cty.Value
	var more hcl.Diagnostics
	if hiddenAttr == nil {
		more = hcl.Diagnostics{silentError} // reported by Content
	} else {
		v, more = evalValue(hiddenAttr, ctx, cty.List(cty.Number), "a list of layer sizes like [5, 4]")
	}
	if add(more) && v.LengthInt() > MaxHiddenLayers {
		add(hcl.Diagnostics{attrError(hiddenAttr, "Value out of range",
			fmt.Sprintf("hidden lists %d layers; nnexp allows at most %d.", v.LengthInt(), MaxHiddenLayers))})
		ok, hiddenOK = false, false
	} else if !more.HasErrors() {
		for i, e := range v.AsValueSlice() {
			n, whole := wholeNumber(e.AsBigFloat())
			if !whole || n < 1 || n > MaxLayerUnits {
				add(hcl.Diagnostics{attrError(hiddenAttr, "Value out of range",
					fmt.Sprintf("hidden[%d] must be a whole number of units from 1 to %d; got %s.", i, MaxLayerUnits, e.AsBigFloat().Text('g', 10)))})
				ok, hiddenOK = false, false
				continue
			}
			m.Hidden = append(m.Hidden, int(n))
		}
	} else {
		ok, hiddenOK = false, false
	}

	names := []string{"relu"}
	if attr := content.Attributes["activation"]; attr != nil {
		names = nil
		val, more := attr.Expr.Value(ctx)
		switch {
		case !add(more):
			ok = false
		case val.Type() == cty.String && val.IsKnown() && !val.IsNull(): // else evalValue reports it
			names = []string{val.AsString()}
		default:
			v, more := evalValue(attr, ctx, cty.List(cty.String), `an activation name or a list of them, one per hidden layer`)
			if !add(more) {
				ok = false
				break
			}
			for _, e := range v.AsValueSlice() {
				names = append(names, e.AsString())
			}
			if hiddenOK && len(names) != len(m.Hidden) {
				add(hcl.Diagnostics{attrError(attr, "Wrong number of activations",
					fmt.Sprintf("activation lists %d names for %d hidden layers; give one per layer, or a single name for all.", len(names), len(m.Hidden)))})
				ok = false
			}
		}
		for _, n := range names {
			if detached && !registered(registry.LookupActivation, n) {
				continue
			}
			if _, err := registry.LookupActivation(n); err != nil {
				add(hcl.Diagnostics{unknownName(err, attr.Expr.Range())})
				ok = false
			}
		}
	}
	if ok {
		m.ActivationNames, m.Activations = activations(names, len(m.Hidden))
	}

	for i, b := range content.Blocks {
		if i > 0 {
			add(hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Duplicate init block", Detail: "A model has at most one init block.", Subject: b.DefRange.Ptr()}})
			ok = false
			continue
		}
		if !add(decodeInitBlock(b, ctx, m)) {
			ok = false
		}
	}
	if !ok {
		return nil, diags
	}
	return m, diags
}

// activations spreads a single name over every hidden layer and looks the
// names up; the values are nil when one is not registered (a detached
// decoding).
func activations(names []string, layers int) ([]string, []nn.Activation) {
	if len(names) == 1 && layers != 1 {
		all := make([]string, layers)
		for i := range all {
			all[i] = names[0]
		}
		names = all
	}
	// Not nil for a model with no hidden layer (logistic regression):
	// nil means a name is not registered.
	values := []nn.Activation{}
	for _, n := range names {
		a, err := registry.LookupActivation(n)
		if err != nil {
			return names, nil
		}
		values = append(values, a.Value)
	}
	return names, values
}

// decodeInitBlock reads init { weights = [lo, hi]  biases = [lo, hi] }
// into m.
func decodeInitBlock(b *hcl.Block, ctx *hcl.EvalContext, m *Model) hcl.Diagnostics {
	ic, diags := b.Body.Content(initSchema)
	if diags.HasErrors() {
		return diags
	}
	for _, part := range []struct {
		name string
		dst  **nn.Range
	}{{"weights", &m.InitWeights}, {"biases", &m.InitBiases}} {
		if attr := ic.Attributes[part.name]; attr != nil {
			lo, hi, more := evalInterval(attr, ctx)
			diags = append(diags, more...)
			if !more.HasErrors() {
				*part.dst = &nn.Range{Lo: lo, Hi: hi}
			}
		}
	}
	return diags
}
