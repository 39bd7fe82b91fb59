package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/plan"
	"github.com/nnexp/nnexp/report"
)

func validateCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("validate", "validate FILE [--json] [--var name=value ...] [--var-file FILE ...]", stderr)
	vars := addVarFlags(fs)
	asJSON := fs.Bool("json", false, "print the result as JSON in Terraform's validate -json shape, on stdout only")
	file, code, ok := oneFile(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if *asJSON {
		loader := dsl.NewLoader()
		exp, diags, _ := loadExperiment(loader, file, vars)
		if !diags.HasErrors() {
			diags = append(diags, plan.Check(exp)...)
		}
		if err := writeJSONDiagnostics(stdout, loader.Files(), diags); err != nil {
			fmt.Fprintf(stderr, "nnexp: %v\n", err)
			return ExitFailure
		}
		if diags.HasErrors() {
			return ExitFailure
		}
		return ExitOK
	}
	loader := dsl.NewLoader()
	exp, ok := load(loader, file, vars, stderr)
	if !ok || !printDiagnostics(loader, plan.Check(exp), file, stderr) {
		return ExitFailure
	}
	jobs := 0
	for _, r := range exp.Runs {
		jobs += r.Repeats
	}
	fmt.Fprintf(stdout, "%s: valid: experiment %q, %s, %s\n", file, exp.Name, plural(len(exp.Runs), "run"), plural(jobs, "job"))
	if a, b, n, ok := underpoweredPair(exp); ok {
		fmt.Fprintf(stdout, "note: runs %s and %s are paired over %d repeats, too few for a paired test to reach p < 0.05 (it needs %d non-zero differences); set repeats to %d or more if the comparison is the point\n",
			a, b, n, report.MinPairs, report.MinPairs)
	}
	return ExitOK
}

// underpoweredPair finds two runs sure to be paired (same data set, model
// block and seed) over fewer repeats than a Wilcoxon test needs to reach
// p < 0.05, so that validate says so before the run rather than the run's
// note after it. Runs paired through equal models of different blocks
// are not looked for: the note may be missed, never wrong.
func underpoweredPair(exp *dsl.Experiment) (a, b string, repeats int, ok bool) {
	for i, r := range exp.Runs {
		if r.Repeats < 2 || r.Repeats >= report.MinPairs {
			continue
		}
		for _, o := range exp.Runs[i+1:] {
			if o.Dataset == r.Dataset && o.Model == r.Model && o.Seed == r.Seed && o.Repeats == r.Repeats {
				return r.Name, o.Name, r.Repeats, true
			}
		}
	}
	return "", "", 0, false
}

// load reads an experiment with the variables of --var and --var-file and
// prints its diagnostics, with source snippets, to stderr.
func load(loader *dsl.Loader, file string, vars *varFlags, stderr io.Writer) (*dsl.Experiment, bool) {
	exp, diags, blame := loadExperiment(loader, file, vars)
	if !printDiagnostics(loader, diags, blame, stderr) {
		return nil, false
	}
	return exp, true
}

// printDiagnostics prints diags with their source snippets to stderr and,
// when there are errors, a closing line blaming the files named by blame;
// ok is false when there are errors.
func printDiagnostics(loader *dsl.Loader, diags hcl.Diagnostics, blame string, stderr io.Writer) (ok bool) {
	if len(diags) > 0 {
		writeCapped(hcl.NewDiagnosticTextWriter(stderr, loader.Files(), 0, false), diags, stderr)
	}
	if diags.HasErrors() {
		fmt.Fprintf(stderr, "nnexp: %s: %s\n", blame, plural(len(diags.Errs()), "error"))
		return false
	}
	return true
}

// loadExperiment reads the variable files, then, when they hold no error,
// the experiment: loading it with variables missing or misread would only
// add errors that are not in it. blame names the files the errors are in,
// for the closing line of the diagnostics.
func loadExperiment(loader *dsl.Loader, file string, vars *varFlags) (*dsl.Experiment, hcl.Diagnostics, string) {
	overrides, diags, bad := vars.overrides(loader)
	if diags.HasErrors() {
		return nil, diags, strings.Join(bad, ", ")
	}
	exp, more := loader.LoadFileOverrides(file, overrides)
	diags = append(diags, more...)
	return exp, diags, errorFiles(diags, file)
}

// errorFiles names the files the errors of the experiment are in, in
// diagnostic order, so that the closing line does not blame the experiment
// for an assignment in a variable file.
func errorFiles(diags hcl.Diagnostics, file string) string {
	var names []string
	seen := map[string]bool{}
	for _, d := range diags.Errs() {
		name := file
		if hd, ok := d.(*hcl.Diagnostic); ok && hd.Subject != nil {
			name = hd.Subject.Filename
		}
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return file
	}
	return strings.Join(names, ", ")
}

// maxPrinted is how many diagnostics a command prints: past it they are
// almost always one mistake seen many times, and thousands of them bury
// the first, which is the one to fix.
const maxPrinted = 25

// writeCapped writes the first maxPrinted diagnostics and a line counting
// the rest.
func writeCapped(tw hcl.DiagnosticWriter, diags hcl.Diagnostics, stderr io.Writer) {
	if len(diags) <= maxPrinted {
		_ = tw.WriteDiagnostics(diags)
		return
	}
	_ = tw.WriteDiagnostics(diags[:maxPrinted])
	fmt.Fprintf(stderr, "... and %d more (fix the first ones and run again)\n\n", len(diags)-maxPrinted)
}
