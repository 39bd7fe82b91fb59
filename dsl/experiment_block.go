package dsl

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

var experimentSchema = &hcl.BodySchema{
	Attributes: append([]hcl.AttributeSchema{
		{Name: "description"},
		{Name: "seed"},
		{Name: "repeats"},
	}, stopAttributes...),
}

// decodeExperimentBlocks reads the one experiment block; it always returns
// an Experiment (with defaults) so the other blocks can still be checked.
func decodeExperimentBlocks(blocks hcl.Blocks, file hcl.Body, ctx *hcl.EvalContext) (*Experiment, hcl.Diagnostics) {
	exp := &Experiment{Seed: 1, Repeats: 1}
	var diags hcl.Diagnostics
	add := func(more hcl.Diagnostics) bool {
		diags = append(diags, more...)
		return !more.HasErrors()
	}
	if len(blocks) == 0 {
		add(hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Missing experiment block",
			Detail:   `Every experiment file has one experiment "name" { ... } block; its name names the output folder.`,
			Subject:  fileStart(file).Ptr(),
		}})
		return exp, diags
	}
	for _, extra := range blocks[1:] {
		add(hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Duplicate experiment block",
			Detail:   fmt.Sprintf("A file holds one experiment; the first is at %s.", blocks[0].DefRange),
			Subject:  extra.DefRange.Ptr(),
		}})
	}
	block := blocks[0]
	exp.Name = block.Labels[0]
	add(checkFileName(block, "experiment", "the output folder results/<name>"))
	content, more := block.Body.Content(experimentSchema)
	add(more)
	if attr, ok := content.Attributes["description"]; ok {
		s, more := evalString(attr, ctx)
		add(more)
		exp.Description = s
	}
	if attr, ok := content.Attributes["seed"]; ok {
		if s, more := evalSeed(attr, ctx); add(more) {
			exp.Seed = s
		}
	}
	if attr, ok := content.Attributes["repeats"]; ok {
		if n, more := evalInt(attr, ctx, 1, MaxRepeats); add(more) {
			exp.Repeats = n
		}
	}
	var stops Stops
	if add(decodeStops(content.Attributes, ctx, &stops)) {
		exp.Stops = stops
	}
	return exp, diags
}
