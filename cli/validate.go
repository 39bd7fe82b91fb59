package cli

import (
	"fmt"
	"io"

	"github.com/nnexp/nnexp/dsl"
)

func validateCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("validate", "validate FILE [--var name=value ...]", stderr)
	var vars varFlags
	fs.Var(&vars, "var", "set a variable, `name=value` (value is HCL: 0.1, [5, 4], \"text\"); repeatable")
	file, code, ok := oneFile(fs, args, stderr)
	if !ok {
		return code
	}
	exp, ok := load(file, vars, stderr)
	if !ok {
		return ExitFailure
	}
	jobs := 0
	for _, r := range exp.Runs {
		jobs += r.Repeats
	}
	fmt.Fprintf(stdout, "%s: valid: experiment %q, %d runs, %d jobs\n", file, exp.Name, len(exp.Runs), jobs)
	return ExitOK
}

// load reads an experiment and prints its diagnostics, with source
// snippets, to stderr.
func load(file string, vars varFlags, stderr io.Writer) (*dsl.Experiment, bool) {
	loader := dsl.NewLoader()
	exp, diags := loader.LoadFile(file, vars.values)
	if len(diags) > 0 {
		_ = loader.WriteDiagnostics(stderr, diags, 0, false)
	}
	if diags.HasErrors() {
		fmt.Fprintf(stderr, "nnexp: %s: %d error(s)\n", file, len(diags.Errs()))
		return nil, false
	}
	return exp, true
}
