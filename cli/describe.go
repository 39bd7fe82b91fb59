package cli

import (
	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/plan"
	"github.com/nnexp/nnexp/report"
)

// reportExperiment is what package report needs of a decoded experiment:
// report reads no HCL, so the command line hands it over.
func reportExperiment(exp *dsl.Experiment) *report.Experiment {
	return &report.Experiment{
		Name:        exp.Name,
		Description: exp.Description,
		Filename:    exp.Filename,
		Source:      exp.Source,
		Vars:        exp.Vars,
		Plots:       reportPlots(exp.Plots),
		Milestones:  reportMilestones(exp.Milestones),
		RunLosses:   runLosses(exp.Runs),
		RunPairs:    runPairs(exp.Runs),
	}
}

// runPairs is each run's pairing key by name, for plots redrawn from the
// CSVs: a run without a data set or model (a file that did not decode
// whole) has none.
func runPairs(runs []*dsl.Run) map[string]string {
	out := make(map[string]string, len(runs))
	for _, r := range runs {
		if r.Dataset == nil || r.Model == nil {
			continue
		}
		out[r.Name] = report.PairKey(r.Dataset.Name, r.Seed, r.Repeats, plan.ModelSpec(r.Model))
	}
	return out
}

// runLosses is each run's loss by name, for plots redrawn from the CSVs.
func runLosses(runs []*dsl.Run) map[string]string {
	out := make(map[string]string, len(runs))
	for _, r := range runs {
		out[r.Name] = r.LossName
	}
	return out
}

func reportPlots(plots []*dsl.Plot) []*report.Plot {
	out := make([]*report.Plot, len(plots))
	for i, p := range plots {
		out[i] = &report.Plot{Name: p.Name, Type: p.Type, Runs: p.Runs, File: p.File, Title: p.Title, LogY: p.LogY, X: p.X, LogX: p.LogX, Metric: p.Metric, Band: p.Band, Tau: p.Tau}
	}
	return out
}

func reportMilestones(milestones []*dsl.Milestone) []*report.Milestone {
	out := make([]*report.Milestone, len(milestones))
	for i, m := range milestones {
		out[i] = &report.Milestone{Name: m.Name, Metric: m.Metric, Value: m.Value, Runs: m.Runs}
	}
	return out
}
