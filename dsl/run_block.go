package dsl

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/nn"
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

// decodeRunBlock resolves a run's references and checks that its parts fit
// together: the model's shape on the data, the loss on the task, and that
// no gradient optimizer meets a loss without a gradient.
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

	data := r.Dataset.Train
	if mlp, err := nn.NewMLP(data.Inputs, r.Model.Hidden, r.Model.Activations, data.Outputs()); err != nil {
		d.add(hcl.Diagnostics{attrError(attrs["model"], "Model does not fit the data", err.Error())})
		ok = false
	} else if msg := tooLarge(mlp, data.Rows); msg != "" {
		d.add(hcl.Diagnostics{attrError(attrs["model"], "Model too large", msg)})
		ok = false
	}
	if want := nn.LossTask(r.Loss); want != data.Task {
		d.add(hcl.Diagnostics{attrError(attrs["loss"], "Loss does not fit the data",
			fmt.Sprintf("Loss %q is a %s loss, but dataset %q is %s; choose a %s loss.", r.LossName, want, r.Dataset.Name, taskPhrase(data), data.Task))})
		ok = false
	}
	if !r.Loss.Differentiable() {
		for _, st := range r.Pipeline.Stages {
			if usesGradient(st.Config) {
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

func taskPhrase(data *nn.Data) string {
	if data.Task == nn.Classification {
		return fmt.Sprintf("classification (%d classes)", len(data.Classes))
	}
	return "regression"
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
	loss, diags := namedLoss(name.AsString(), attr.Expr.Range())
	if !d.add(diags) {
		return false
	}
	r.LossName, r.Loss = name.AsString(), loss
	return true
}

// Limits on a job's size. A run beyond them would exhaust memory and die
// without writing anything, so it is refused before any job starts: each
// job keeps several copies of the parameters (the method's state) and, for
// search, every row's activations of every unit.
const (
	maxParams     = 50_000_000
	maxCachedCell = 1_000_000_000
)

// tooLarge says why a model on rows rows cannot run, or "" if it can.
func tooLarge(m *nn.MLP, rows int) string {
	if n := m.NumParams(); n > maxParams {
		return fmt.Sprintf("The model has %d parameters on this data; nnexp allows at most %d per job (each job holds several copies of them).", n, maxParams)
	}
	units := 0
	for _, n := range m.Sizes {
		units += n
	}
	if cells := int64(units) * int64(rows); cells > maxCachedCell {
		return fmt.Sprintf("The model has %d units (inputs included) on %d rows, %d activations to keep; nnexp allows at most %d per job. Use fewer rows or narrower layers.", units, rows, cells, maxCachedCell)
	}
	return ""
}
