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
// for its name, so this package knows no optimizer.
func (d *decoder) decodePipelineBlock(block *hcl.Block) *Pipeline {
	name := block.Labels[0]
	if !d.declare(block, "pipeline") {
		return nil
	}
	d.pipelines[name] = nil
	content, diags := block.Body.Content(pipelineSchema)
	if !d.add(diags) {
		return nil
	}
	if len(content.Blocks) == 0 {
		d.add(hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Empty pipeline",
			Detail:   `A pipeline needs at least one optimizer "name" { ... } block.`,
			Subject:  block.DefRange.Ptr(),
		}})
		return nil
	}
	p := &Pipeline{Name: name, DeclRange: block.DefRange}
	ok := true
	for _, ob := range content.Blocks {
		if d.detached && !registered(registry.LookupOptimizer, ob.Labels[0]) {
			p.Stages = append(p.Stages, &Stage{Optimizer: ob.Labels[0], DeclRange: ob.DefRange})
			continue
		}
		reg, err := registry.LookupOptimizer(ob.Labels[0])
		if err != nil {
			d.add(hcl.Diagnostics{unknownName(err, ob.LabelRanges[0])})
			ok = false
			continue
		}
		cfg := reg.New()
		if !d.add(decodeConfig(ob.Body, d.ctx, cfg)) || !d.add(validate(cfg, ob.Body, ob.DefRange)) {
			ok = false
			continue
		}
		p.Stages = append(p.Stages, &Stage{Optimizer: reg.Name, Config: cfg, DeclRange: ob.DefRange})
	}
	if !ok {
		return nil
	}
	d.pipelines[name] = p
	return p
}

// usesGradient reports whether a stage's optimizer follows gradients.
func usesGradient(cfg registry.OptimizerConfig) bool {
	g, ok := cfg.(registry.GradientUser)
	return ok && g.UsesGradient()
}
