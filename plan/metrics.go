package plan

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/runner"
)

// checkAccuracyMetrics refuses a plot or a milestone whose metric is an
// accuracy when every run it reads is on regression data, which has none:
// the plot would be empty and the milestone never measured. Only the data
// tells a task, so this is the plan's; a run whose data was not read
// (validate, on a file) leaves the question open.
func checkAccuracyMetrics(exp *dsl.Experiment, data map[*dsl.Dataset]*runner.Dataset) hcl.Diagnostics {
	var diags hcl.Diagnostics
	check := func(kind, name, metric string, at *dsl.Place, runs []string) {
		if at == nil || !strings.HasSuffix(metric, "_accuracy") || !allRegression(exp.Runs, runs, data) {
			return
		}
		diags = append(diags, at.Error("No accuracy to show",
			fmt.Sprintf("%s %q reads %s, but every run it reads is on regression data, which has no accuracy; use a loss metric, or runs on classification data.", kind, name, metric)))
	}
	for _, p := range exp.Plots {
		check("Plot", p.Name, p.Metric, p.MetricAt, p.Runs)
	}
	for _, m := range exp.Milestones {
		check("Milestone", m.Name, m.Metric, m.MetricAt, m.Runs)
	}
	return diags
}

// allRegression reports whether every run named in names (every run when
// names is empty) is on data read and found to be regression, and there is
// at least one.
func allRegression(runs []*dsl.Run, names []string, data map[*dsl.Dataset]*runner.Dataset) bool {
	listed := map[string]bool{}
	for _, n := range names {
		listed[n] = true
	}
	seen := 0
	for _, r := range runs {
		if len(names) > 0 && !listed[r.Name] {
			continue
		}
		ds := data[r.Dataset]
		if ds == nil || ds.Train.Task == nn.Classification {
			return false
		}
		seen++
	}
	return seen > 0
}
