package dsl

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/nnexp/nnexp/registry"
)

var milestoneSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "metric", Required: true},
		{Name: "value", Required: true},
		{Name: "runs"},
		{Name: "dataset"},
	},
}

// decodeMilestoneBlock reads a milestone block: a metric (one of
// PlotMetrics), the value that reaches it, and the runs it measures
// (runs, or every run on dataset, or every run); ordered are the file's
// decoded runs in order. It returns nil after any error.
func decodeMilestoneBlock(block *hcl.Block, ctx *hcl.EvalContext, sc *scope, ordered []*Run) (*Milestone, hcl.Diagnostics) {
	content, diags := block.Body.Content(milestoneSchema)
	if diags.HasErrors() {
		return nil, diags
	}
	add := func(more hcl.Diagnostics) bool {
		diags = append(diags, more...)
		return !more.HasErrors()
	}
	ms := &Milestone{Name: block.Labels[0]}
	attrs := content.Attributes
	ok := true
	if ms.Name == "" {
		add(hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid milestone name",
			Detail:   `A milestone needs a name, which its rows in milestones.csv carry, as in milestone "mse_3000".`,
			Subject:  block.LabelRanges[0].Ptr(),
		}})
		ok = false
	}

	if attr := attrs["runs"]; attr != nil {
		var more hcl.Diagnostics
		ms.Runs, more = decodeRunList(attr, ctx, sc.runs, "measure")
		ok = add(more) && ok
	}
	runs := runsByName(sc.runs)
	if attr := attrs["dataset"]; attr != nil {
		ds, found, more := reference(attr.Expr, "dataset", sc.datasets)
		switch {
		case !add(more) || !found:
			ok = false
		case attrs["runs"] != nil:
			add(hcl.Diagnostics{attrError(attr, "Conflicting arguments",
				"A milestone measures the runs it lists or every run on a dataset, not both: remove runs or dataset.")})
			ok = false
		case ds == nil:
			// The dataset block failed, and said so.
			ok = false
		default:
			for _, r := range ordered {
				if r.Dataset == ds {
					ms.Runs = append(ms.Runs, r.Name)
				}
			}
			if len(ms.Runs) == 0 {
				add(hcl.Diagnostics{attrError(attr, "No runs on this dataset",
					fmt.Sprintf("No run uses dataset %q, so this milestone would measure nothing.", ds.Name))})
				ok = false
			}
		}
	}

	metric, more := evalString(attrs["metric"], ctx)
	switch {
	case !add(more):
		ok = false
	case !slices.Contains(PlotMetrics, metric):
		detail := fmt.Sprintf("metric must be one of %q; got %q.", PlotMetrics, metric)
		if near := registry.Nearest(strings.ToLower(metric), PlotMetrics); near != "" {
			detail += fmt.Sprintf(" Did you mean %q?", near)
		}
		add(hcl.Diagnostics{attrError(attrs["metric"], "Unknown metric", detail)})
		ok = false
	case strings.HasPrefix(metric, "test_") && ok && !anyTestSplit(ms.Runs, runs):
		add(hcl.Diagnostics{attrError(attrs["metric"], "No test split",
			fmt.Sprintf("metric %q is measured on held-out rows, but no run this milestone measures has any: set test_fraction or a test block on its dataset, or measure the train_ metric.", metric))})
		ok = false
	default:
		ms.Metric, ms.MetricAt = metric, placeOf(attrs["metric"])
	}

	v, more := evalNumber(attrs["value"], ctx)
	switch {
	case !add(more):
		ok = false
	case math.IsNaN(v) || math.IsInf(v, 0):
		add(hcl.Diagnostics{attrError(attrs["value"], "Value out of range",
			fmt.Sprintf("value must be a finite number; got %g.", v))})
		ok = false
	case strings.HasSuffix(metric, "_accuracy") && !(v >= 0 && v <= 1):
		add(hcl.Diagnostics{attrError(attrs["value"], "Value out of range",
			fmt.Sprintf("An accuracy is the fraction of rows classified right, from 0 to 1; got %g.", v))})
		ok = false
	default:
		ms.Value = v
	}
	if !ok {
		return nil, diags
	}
	return ms, diags
}
