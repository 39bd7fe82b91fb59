package dsl

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// Limits on what a file may ask for, so that every size the decoder
// accepts is one nnexp can run: beyond them a run exhausts memory or
// cannot be interrupted in reasonable time, and fails with nothing written
// where a diagnostic can say why before anything starts. Limits that
// depend on the data (parameters and cached activations per job) are the
// plan's; an optimizer's own settings are bounded by its Validate.
const (
	// MaxRepeats bounds repeats, of the experiment or a run.
	MaxRepeats = 10_000
	// MaxJobs bounds the jobs of an experiment, repeats over all runs:
	// each keeps a result in memory and a file in jobs/, and each is a
	// line of summary.csv and lines of history.csv.
	MaxJobs = 100_000
	// MaxLayerUnits bounds the width of one hidden layer.
	MaxLayerUnits = 1 << 20
	// MaxHiddenLayers bounds the depth of a model: each layer has its own
	// buffers and steps in every pass, and an MLP deeper than this is a
	// slip (a flatten of the wrong list) rather than a model.
	MaxHiddenLayers = 1000
)

// checkJobCount reports the run at which the experiment's jobs pass MaxJobs.
func checkJobCount(runs []*Run) hcl.Diagnostics {
	total := 0
	for _, r := range runs {
		total += r.Repeats
		if total > MaxJobs {
			return hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  "Too many jobs",
				Detail: fmt.Sprintf("With run %q the experiment has %d jobs (the repeats of its runs so far); nnexp allows at most %d. Use fewer repeats, or split the experiment.",
					r.Name, total, MaxJobs),
				Subject: r.DeclRange.Ptr(),
			}}
		}
	}
	return nil
}
