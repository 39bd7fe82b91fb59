package dsl

import (
	"fmt"
	"math"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/registry"
	"github.com/zclconf/go-cty/cty"
)

var runSchema = &hcl.BodySchema{
	Attributes: append([]hcl.AttributeSchema{
		{Name: "dataset", Required: true},
		{Name: "model", Required: true},
		{Name: "loss", Required: true},
		{Name: "pipeline", Required: true},
		{Name: "repeats"},
		{Name: "seed"},
	}, stopAttributes...),
}

// scope is what a block may refer to: the blocks declared in the file, by
// name. A name that maps to nil is a block that failed to decode; its
// mistakes are reported, so references to it stay quiet.
type scope struct {
	datasets  map[string]*Dataset
	models    map[string]*instances[Model]
	losses    map[string]*lossDecl
	pipelines map[string]*instances[Pipeline]
	runs      map[string]*instances[Run]
}

// decodeRunBlock resolves a run's references in sc and checks that no
// gradient optimizer meets a loss without a gradient; exp gives the
// defaults of repeats, seed and max_evaluations. How the model and the
// loss fit the data is package plan's to check, since only the data can
// tell. It returns nil after any error.
func decodeRunBlock(block *hcl.Block, ctx *hcl.EvalContext, name string, exp *Experiment, sc *scope, detached bool) (*Run, hcl.Diagnostics) {
	content, diags := block.Body.Content(runSchema)
	if diags.HasErrors() {
		return nil, diags
	}
	add := func(more hcl.Diagnostics) bool {
		diags = append(diags, more...)
		return !more.HasErrors()
	}
	r := &Run{Name: name, Repeats: exp.Repeats, Seed: exp.Seed, Stops: exp.Stops, DeclRange: block.DefRange}
	ok := true
	attrs := content.Attributes

	var found bool
	var more hcl.Diagnostics
	r.Dataset, found, more = reference(attrs["dataset"].Expr, "dataset", sc.datasets)
	ok = add(more) && found && r.Dataset != nil && ok
	r.Model, found, more = instanceRef(attrs["model"].Expr, ctx, "model", sc.models)
	ok = add(more) && found && r.Model != nil && ok
	r.Pipeline, found, more = instanceRef(attrs["pipeline"].Expr, ctx, "pipeline", sc.pipelines)
	ok = add(more) && found && r.Pipeline != nil && ok
	r.LossName, r.Loss, found, more = decodeRunLoss(attrs["loss"], ctx, sc.losses, detached)
	ok = add(more) && found && ok

	if attr := attrs["repeats"]; attr != nil {
		n, more := evalInt(attr, ctx, 1, MaxRepeats)
		ok = add(more) && ok
		r.Repeats = n
	}
	if attr := attrs["seed"]; attr != nil {
		s, more := evalSeed(attr, ctx)
		ok = add(more) && ok
		r.Seed = s
	}
	ok = add(decodeStops(attrs, ctx, &r.Stops)) && ok
	if ok && r.Repeats > 0 && r.Seed > math.MaxUint64-uint64(r.Repeats-1) {
		// Repeat r runs seed + r: past 2^64 - 1 it would wrap to 0, and
		// its start would be another run's.
		subject := block.DefRange
		for _, name := range []string{"repeats", "seed"} {
			if a := attrs[name]; a != nil {
				subject = a.Expr.Range()
			}
		}
		add(hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Seed out of range",
			Detail: fmt.Sprintf("Repeat r runs seed + r, so seed %d with %d repeats would pass 2^64 - 1 and wrap to 0, giving its last repeats the starts of runs with seed 0; use a seed of at most %d.",
				r.Seed, r.Repeats, uint64(math.MaxUint64)-uint64(r.Repeats-1)),
			Subject: subject.Ptr(),
		}})
		ok = false
	}
	if !ok {
		return nil, diags
	}

	r.ModelAt, r.LossAt, r.PipelineAt = placeOf(attrs["model"]), placeOf(attrs["loss"]), placeOf(attrs["pipeline"])
	// Detached, an unregistered loss or optimizer is not known to need
	// or lack a gradient.
	// Each stage as it will run, a preset's (hybrid's, or a user's
	// search then adam) included.
	stages := r.Pipeline.LeafStages()
	if culprit := nonDifferentiable(r); culprit != "" {
		for _, st := range stages {
			if usesGradient(st.Config) {
				add(hcl.Diagnostics{attrError(attrs["pipeline"], "Optimizer needs a gradient",
					fmt.Sprintf("Pipeline %q uses %q, which needs gradients, but %s has none; use a gradient-free optimizer such as search, or a differentiable %s.",
						r.Pipeline.Name, st.Name, culprit, strings.Fields(culprit)[0]))})
				ok = false
			}
		}
	}
	if r.Loss != nil {
		for _, st := range stages {
			checker, isChecker := st.Config.(registry.LossChecker)
			if !isChecker {
				continue
			}
			if err := checker.CheckLoss(r.Loss); err != nil {
				add(hcl.Diagnostics{attrError(attrs["pipeline"], "Optimizer cannot minimize this loss",
					fmt.Sprintf("Pipeline %q uses %q, which cannot minimize loss %q: %v.", r.Pipeline.Name, st.Name, r.LossName, err))})
				ok = false
			}
		}
	}
	if !ok {
		return nil, diags
	}
	return r, diags
}

// nonDifferentiable names the first component of r without a gradient,
// the loss or an activation of its model ("activation \"step\" of model
// \"m\""), or "" when all have one. Detached, an unregistered component
// is not known to lack one.
func nonDifferentiable(r *Run) string {
	if r.Loss != nil && !r.Loss.Differentiable() {
		return fmt.Sprintf("loss %q", r.LossName)
	}
	if r.Model == nil {
		return ""
	}
	for i, a := range r.Model.Activations {
		if !nn.Differentiable([]nn.Activation{a}) {
			return fmt.Sprintf("activation %q of model %q", r.Model.ActivationNames[i], r.Model.Name)
		}
	}
	return ""
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

// decodeRunLoss reads loss = "mse" (a registered loss with its defaults)
// or loss = loss.name (a loss block in losses). ok is false after an
// error, or for a reference to a loss block that failed to decode.
func decodeRunLoss(attr *hcl.Attribute, ctx *hcl.EvalContext, losses map[string]*lossDecl, detached bool) (name string, loss nn.Loss, ok bool, diags hcl.Diagnostics) {
	if trav, tdiags := hcl.AbsTraversalForExpr(attr.Expr); !tdiags.HasErrors() && trav.RootName() == "loss" {
		decl, found, diags := reference(attr.Expr, "loss", losses)
		if diags.HasErrors() || !found || decl == nil {
			return "", nil, false, diags
		}
		return decl.name, decl.loss, true, diags
	}
	v, diags := evalValue(attr, ctx, cty.String, `a loss name like "mse" or a reference like loss.<name>`)
	if diags.HasErrors() {
		return "", nil, false, diags
	}
	name = v.AsString()
	if detached && !registered(registry.LookupLoss, name) {
		return name, nil, true, diags
	}
	loss, more := namedLoss(name, attr.Expr.Range())
	if diags = append(diags, more...); more.HasErrors() {
		return "", nil, false, diags
	}
	return name, loss, true, diags
}
