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
// from the data set of each run that uses it.
func (d *decoder) decodeModelBlock(block *hcl.Block) *Model {
	name := block.Labels[0]
	if !d.declare(block, "model") {
		return nil
	}
	d.models[name] = nil // until it decodes cleanly, so runs using it stay quiet
	m := &Model{Name: name, DeclRange: block.DefRange}
	content, diags := block.Body.Content(modelSchema)
	if !d.add(diags) {
		return nil
	}
	ok := true

	hiddenAttr := content.Attributes["hidden"]
	if v, diags := evalValue(hiddenAttr, d.ctx, cty.List(cty.Number), "a list of layer sizes like [5, 4]"); d.add(diags) {
		for i, e := range v.AsValueSlice() {
			n, whole := wholeNumber(e.AsBigFloat())
			if !whole || n < 1 || n > 1<<20 {
				d.add(hcl.Diagnostics{attrError(hiddenAttr, "Value out of range",
					fmt.Sprintf("hidden[%d] must be a whole number of units, at least 1; got %s.", i, e.AsBigFloat().Text('g', -1)))})
				ok = false
				continue
			}
			m.Hidden = append(m.Hidden, int(n))
		}
	} else {
		ok = false
	}

	names := []string{"relu"}
	if attr := content.Attributes["activation"]; attr != nil {
		names = nil
		val, diags := attr.Expr.Value(d.ctx)
		switch {
		case !d.add(diags):
			ok = false
		case val.Type() == cty.String && val.IsKnown() && !val.IsNull(): // else evalValue reports it
			names = []string{val.AsString()}
		default:
			v, diags := evalValue(attr, d.ctx, cty.List(cty.String), `an activation name or a list of them, one per hidden layer`)
			if !d.add(diags) {
				ok = false
				break
			}
			for _, e := range v.AsValueSlice() {
				names = append(names, e.AsString())
			}
			if ok && len(names) != len(m.Hidden) {
				d.add(hcl.Diagnostics{attrError(attr, "Wrong number of activations",
					fmt.Sprintf("activation lists %d names for %d hidden layers; give one per layer, or a single name for all.", len(names), len(m.Hidden)))})
				ok = false
			}
		}
		for _, n := range names {
			if d.detached && !registered(registry.LookupActivation, n) {
				continue
			}
			if _, err := registry.LookupActivation(n); err != nil {
				d.add(hcl.Diagnostics{unknownName(err, attr.Expr.Range())})
				ok = false
			}
		}
	}
	if ok {
		if len(names) == 1 && len(m.Hidden) != 1 {
			all := make([]string, len(m.Hidden))
			for i := range all {
				all[i] = names[0]
			}
			names = all
		}
		m.ActivationNames = names
		for _, n := range names {
			a, err := registry.LookupActivation(n)
			if err != nil {
				m.Activations = nil // detached, and n is not registered
				break
			}
			m.Activations = append(m.Activations, a.Value)
		}
	}

	for i, b := range content.Blocks {
		if i > 0 {
			d.add(hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Duplicate init block", Detail: "A model has at most one init block.", Subject: b.DefRange.Ptr()}})
			ok = false
			continue
		}
		ic, diags := b.Body.Content(initSchema)
		if !d.add(diags) {
			ok = false
			continue
		}
		for _, part := range []struct {
			name string
			dst  **nn.Range
		}{{"weights", &m.InitWeights}, {"biases", &m.InitBiases}} {
			if attr := ic.Attributes[part.name]; attr != nil {
				lo, hi, diags := evalInterval(attr, d.ctx)
				if d.add(diags) {
					*part.dst = &nn.Range{Lo: lo, Hi: hi}
				} else {
					ok = false
				}
			}
		}
	}
	if !ok {
		return nil
	}
	d.models[name] = m
	return m
}
