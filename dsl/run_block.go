package dsl

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/registry"
	"github.com/zclconf/go-cty/cty"
)

var runSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "dataset", Required: true},
		{Name: "model", Required: true},
		{Name: "loss", Required: true},
		{Name: "pipeline", Required: true},
		{Name: "repeats"},
		{Name: "seed"},
		{Name: "max_evaluations"},
	},
}

// decodeRunBlock resolves a run's references and checks that no gradient
// optimizer meets a loss without a gradient. How the model and the loss fit
// the data is package plan's to check, since only the data can tell.
func (d *decoder) decodeRunBlock(block *hcl.Block) *Run {
	name := block.Labels[0]
	if !d.declare(block, "run") {
		return nil
	}
	d.runs[name] = nil
	content, diags := block.Body.Content(runSchema)
	if !d.add(diags) {
		return nil
	}
	r := &Run{Name: name, Repeats: d.exp.Repeats, Seed: d.exp.Seed, MaxEvaluations: d.exp.MaxEvaluations, DeclRange: block.DefRange}
	ok := true
	attrs := content.Attributes

	var found bool
	r.Dataset, found, diags = reference(attrs["dataset"].Expr, "dataset", d.datasets)
	ok = d.add(diags) && found && r.Dataset != nil && ok
	r.Model, found, diags = reference(attrs["model"].Expr, "model", d.models)
	ok = d.add(diags) && found && r.Model != nil && ok
	r.Pipeline, found, diags = reference(attrs["pipeline"].Expr, "pipeline", d.pipelines)
	ok = d.add(diags) && found && r.Pipeline != nil && ok
	ok = d.decodeRunLoss(r, attrs["loss"]) && ok

	if attr := attrs["repeats"]; attr != nil {
		n, diags := evalInt(attr, d.ctx, 1)
		ok = d.add(diags) && ok
		r.Repeats = n
	}
	if attr := attrs["seed"]; attr != nil {
		s, diags := evalSeed(attr, d.ctx)
		ok = d.add(diags) && ok
		r.Seed = s
	}
	if attr := attrs["max_evaluations"]; attr != nil {
		n, diags := evalBudget(attr, d.ctx)
		ok = d.add(diags) && ok
		r.MaxEvaluations = n
	}
	if !ok {
		return nil
	}

	r.ModelAt, r.LossAt = placeOf(attrs["model"]), placeOf(attrs["loss"])
	// Detached, an unregistered loss or optimizer is not known to need
	// or lack a gradient.
	if r.Loss != nil && !r.Loss.Differentiable() {
		for _, st := range r.Pipeline.Stages {
			if st.Config != nil && usesGradient(st.Config) {
				d.add(hcl.Diagnostics{attrError(attrs["pipeline"], "Optimizer needs a gradient",
					fmt.Sprintf("Pipeline %q uses %q, which follows gradients, but loss %q has none; use a gradient-free optimizer such as search, or a differentiable loss.", r.Pipeline.Name, st.Optimizer, r.LossName))})
				ok = false
			}
		}
	}
	if !ok {
		return nil
	}
	d.runs[name] = r
	return r
}

// evalBudget reads max_evaluations: a whole number of at least 1. Unlike
// evalInt it allows counts beyond 2^31, which a long search reaches.
func evalBudget(attr *hcl.Attribute, ctx *hcl.EvalContext) (int64, hcl.Diagnostics) {
	v, diags := evalValue(attr, ctx, cty.Number, "a whole number")
	if diags.HasErrors() {
		return 0, diags
	}
	n, ok := wholeNumber(v.AsBigFloat())
	if !ok || n < 1 {
		return 0, hcl.Diagnostics{attrError(attr, "Value out of range",
			fmt.Sprintf("%s must be a whole number of at least 1 (leave it out for no budget); got %s.", attr.Name, v.AsBigFloat().Text('g', -1)))}
	}
	return n, nil
}

// decodeRunLoss reads loss = "mse" (a registered loss with its defaults) or
// loss = loss.name (a loss block).
func (d *decoder) decodeRunLoss(r *Run, attr *hcl.Attribute) bool {
	if trav, diags := hcl.AbsTraversalForExpr(attr.Expr); !diags.HasErrors() && trav.RootName() == "loss" {
		decl, found, diags := reference(attr.Expr, "loss", d.losses)
		if !d.add(diags) || !found || decl == nil {
			return false
		}
		r.LossName, r.Loss = decl.name, decl.loss
		return true
	}
	name, diags := evalValue(attr, d.ctx, cty.String, `a loss name like "mse" or a reference like loss.<name>`)
	if !d.add(diags) {
		return false
	}
	if d.detached && !registered(registry.LookupLoss, name.AsString()) {
		r.LossName = name.AsString()
		return true
	}
	loss, diags := namedLoss(name.AsString(), attr.Expr.Range())
	if !d.add(diags) {
		return false
	}
	r.LossName, r.Loss = name.AsString(), loss
	return true
}
