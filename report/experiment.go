package report

// Experiment is what the outputs say about the experiment besides its
// results: its name, the file as it was run and its variables, and the
// plots it asks for. The command line fills it from the decoded file, so
// this package reads no experiment file itself.
type Experiment struct {
	// Name prefixes every plot title.
	Name string
	// Description heads report.html.
	Description string
	// Filename and Source are the experiment file as read; the output
	// folder gets a copy of Source under Filename's base name. An empty
	// Filename writes no copy.
	Filename string
	Source   []byte
	// Vars holds every variable's value as HCL source text, by name.
	Vars  map[string]string
	Plots []*Plot
	// Milestones are the milestone blocks, in file order.
	Milestones []*Milestone
	// Provenance is the run's manifest, shown in report.html; its Outputs
	// are not (the page is one of them). nil leaves it out.
	Provenance *Manifest
	// RunLosses is the loss each run trains on, by run name. Redraw needs
	// it: results read back from the CSVs have no spec to say it, and a
	// plot of runs on different losses must say that they differ.
	RunLosses map[string]string
	// RunPairs is each run's pairing key (PairKey), by run name, for the
	// same reason: which runs started from the same parameters.
	RunPairs map[string]string
}

// Plot is a plot block of the experiment: one more PNG, or one that
// replaces a default plot with the same File.
type Plot struct {
	Name string
	// Type is "history", "final_loss", "sweep" or another of
	// dsl.PlotTypes.
	Type string
	// Runs are run names, in the order written; all runs if empty.
	Runs []string
	// File is the PNG's name in the output folder.
	File  string
	Title string
	LogY  bool
	// X is a history plot's horizontal axis: "step", or "evaluations",
	// the job's cumulative loss evaluations on a log scale; a sweep
	// plot's, the hyperparameter column it shows the metric against.
	X string
	// LogX is a sweep plot's log_x, nil deciding by the values; a
	// history plot's, overriding its axis's own scale (not for "step").
	LogX *bool
	// Metric is what the plot shows: "train_loss" ("" too), "test_loss",
	// "train_accuracy" or "test_accuracy".
	Metric string
	// Band is "quartiles" ("" too) or "minmax" (see HistoryOptions).
	Band string
	// Tau is a profile's tolerance (see ProfilePlot).
	Tau float64
}
