package dsl

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

var experimentSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "description"},
		{Name: "seed"},
		{Name: "repeats"},
		{Name: "max_evaluations"},
	},
}

// decodeExperimentBlocks reads the one experiment block; it always returns
// an Experiment (with defaults) so the other blocks can still be checked.
func (d *decoder) decodeExperimentBlocks(blocks hcl.Blocks, file hcl.Body) *Experiment {
	exp := &Experiment{Seed: 1, Repeats: 1}
	if len(blocks) == 0 {
		d.add(hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Missing experiment block",
			Detail:   `Every experiment file has one experiment "name" { ... } block; its name names the output folder.`,
			Subject:  file.MissingItemRange().Ptr(),
		}})
		return exp
	}
	for _, extra := range blocks[1:] {
		d.add(hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Duplicate experiment block",
			Detail:   fmt.Sprintf("A file holds one experiment; the first is at %s.", blocks[0].DefRange),
			Subject:  extra.DefRange.Ptr(),
		}})
	}
	block := blocks[0]
	exp.Name = block.Labels[0]
	if exp.Name == "" {
		d.add(hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Empty experiment name",
			Detail:   "The experiment name names the output folder, so it cannot be empty.",
			Subject:  block.LabelRanges[0].Ptr(),
		}})
	} else if exp.Name == "." || exp.Name == ".." || strings.ContainsAny(exp.Name, `/\`) {
		d.add(hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid experiment name",
			Detail:   fmt.Sprintf("The experiment name names the output folder results/<name>, so it must be a plain folder name, without / or \\ and not . or ..; got %q.", exp.Name),
			Subject:  block.LabelRanges[0].Ptr(),
		}})
	}
	content, diags := block.Body.Content(experimentSchema)
	d.add(diags)
	if attr, ok := content.Attributes["description"]; ok {
		s, diags := evalString(attr, d.ctx)
		d.add(diags)
		exp.Description = s
	}
	if attr, ok := content.Attributes["seed"]; ok {
		if s, diags := evalSeed(attr, d.ctx); d.add(diags) {
			exp.Seed = s
		}
	}
	if attr, ok := content.Attributes["repeats"]; ok {
		if n, diags := evalInt(attr, d.ctx, 1); d.add(diags) {
			exp.Repeats = n
		}
	}
	if attr, ok := content.Attributes["max_evaluations"]; ok {
		if n, diags := evalBudget(attr, d.ctx); d.add(diags) {
			exp.MaxEvaluations = n
		}
	}
	return exp
}
