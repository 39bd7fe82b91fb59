package cli

import (
	"io"

	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/plan"
)

// loadPlan reads an experiment with its variables and plans it (loading
// its data), printing every diagnostic of either step with its source
// lines; ok is false when there was an error. run, merge, k8s and slurm
// all start here, so they accept and refuse the same files.
func loadPlan(file string, vars *varFlags, stderr io.Writer) (*dsl.Experiment, *plan.Plan, bool) {
	loader := dsl.NewLoader()
	exp, ok := load(loader, file, vars, stderr)
	if !ok {
		return nil, nil, false
	}
	// The data is read here, after the file checked out, and its
	// problems print like the file's.
	work, diags := plan.Resolve(exp)
	if !printDiagnostics(loader, diags, errorFiles(diags, file), stderr) {
		return nil, nil, false
	}
	return exp, work, true
}
