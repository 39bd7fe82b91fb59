package dsl

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/registry"
)

var pipelineSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{{Type: "optimizer", LabelNames: []string{"name"}}},
}

// decodePipelineBlock reads pipeline "p" { optimizer "search" { ... } ... }.
// Each optimizer's body is decoded by the config type the registry holds
// for its name, so this package knows no optimizer. It returns nil after
// any error.
func decodePipelineBlock(block *hcl.Block, ctx *hcl.EvalContext, detached bool) (*Pipeline, hcl.Diagnostics) {
	content, diags := block.Body.Content(pipelineSchema)
	if diags.HasErrors() {
		return nil, diags
	}
	if len(content.Blocks) == 0 {
		return nil, append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Empty pipeline",
			Detail:   `A pipeline needs at least one optimizer "name" { ... } block.`,
			Subject:  block.DefRange.Ptr(),
		})
	}
	p := &Pipeline{Name: block.Labels[0], DeclRange: block.DefRange}
	for _, ob := range content.Blocks {
		st, more := decodeOptimizerBlock(ob, ctx, detached)
		diags = append(diags, more...)
		p.Stages = append(p.Stages, st)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return p, diags
}

// decodeOptimizerBlock reads one optimizer block of a pipeline with the
// config its registered optimizer supplies, and validates the config.
func decodeOptimizerBlock(ob *hcl.Block, ctx *hcl.EvalContext, detached bool) (*Stage, hcl.Diagnostics) {
	name := ob.Labels[0]
	if detached && !registered(registry.LookupOptimizer, name) {
		return &Stage{Optimizer: name, DeclRange: ob.DefRange}, nil
	}
	reg, err := registry.LookupOptimizer(name)
	if err != nil {
		return nil, hcl.Diagnostics{unknownName(err, ob.LabelRanges[0])}
	}
	cfg := reg.New()
	diags := decodeConfig(ob.Body, ctx, cfg)
	if diags.HasErrors() {
		return nil, append(diags, validatePartial(cfg, ob.Body, ob.DefRange, diags)...)
	}
	if diags = append(diags, validate(cfg, ob.Body, ob.DefRange)...); diags.HasErrors() {
		return nil, diags
	}
	return &Stage{Optimizer: reg.Name, Config: cfg, DeclRange: ob.DefRange}, diags
}

// usesGradient reports whether a stage's optimizer follows gradients.
func usesGradient(cfg registry.OptimizerConfig) bool {
	g, ok := cfg.(registry.GradientUser)
	return ok && g.UsesGradient()
}

// LeafStages lists the optimizers p runs, in order, each preset expanded
// into its stages by registry.Expand (named as the history names them,
// "hybrid.adam"), so that what is checked against the loss and the model
// is what will run. A stage that does not expand (a preset nested too
// deep) is left out: the runner fails its jobs with the reason.
func (p *Pipeline) LeafStages() []registry.PresetStage {
	var out []registry.PresetStage
	if p == nil {
		return nil
	}
	for _, st := range p.Stages {
		if st.Config == nil {
			continue
		}
		if leaves, err := registry.Expand(st.Optimizer, st.Config); err == nil {
			out = append(out, leaves...)
		}
	}
	return out
}
