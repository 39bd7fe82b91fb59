package cli

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"runtime"
	"time"

	"github.com/nnexp/nnexp/report"
	"github.com/nnexp/nnexp/runner"
)

func runCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("run", "run FILE [--out DIR] [--parallel N] [--var name=value ...] [--quiet]", stderr)
	var vars varFlags
	fs.Var(&vars, "var", "set a variable, `name=value` (value is HCL: 0.1, [5, 4], \"text\"); repeatable")
	out := fs.String("out", "", "output `folder` (default results/<experiment name>)")
	parallel := fs.Int("parallel", runtime.NumCPU(), "jobs run at once; results do not depend on it")
	quiet := fs.Bool("quiet", false, "print only errors and the output folder")
	file, code, ok := oneFile(fs, args, stderr)
	if !ok {
		return code
	}
	if *parallel < 1 {
		fmt.Fprintf(stderr, "nnexp run: --parallel must be at least 1, got %d\n", *parallel)
		return ExitUsage
	}
	exp, ok := load(file, vars, stderr)
	if !ok {
		return ExitFailure
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("results", exp.Name)
	}

	jobs := runner.Jobs(exp)
	if !*quiet {
		fmt.Fprintf(stdout, "%s: %d jobs on %d workers\n", exp.Name, len(jobs), min(*parallel, len(jobs)))
	}
	start := time.Now()
	done := 0
	results := runner.Run(ctx, exp, runner.Options{
		Parallel: *parallel,
		OnJobDone: func(r runner.Result) {
			done++
			if !*quiet {
				fmt.Fprintf(stdout, "[%d/%d] %s\n", done, len(jobs), jobLine(r))
			}
		},
	})
	files, err := report.WriteOutputs(dir, exp, results)
	if err != nil {
		fmt.Fprintf(stderr, "nnexp: %v\n", err)
		return ExitFailure
	}
	if !*quiet {
		fmt.Fprintln(stdout)
		writeSummary(stdout, results)
		fmt.Fprintf(stdout, "\n%d files in %s (%.1fs)\n", len(files), dir, time.Since(start).Seconds())
	} else {
		fmt.Fprintln(stdout, dir)
	}
	return exitStatus(results, stderr)
}

// exitStatus is 130 if any job was interrupted, 1 if any failed or
// diverged, else 0; every bad job's error goes to stderr.
func exitStatus(results []runner.Result, stderr io.Writer) int {
	code := ExitOK
	for _, r := range results {
		switch r.Status {
		case runner.StatusInterrupted:
			code = ExitInterrupted
		case runner.StatusFailed, runner.StatusDiverged:
			fmt.Fprintf(stderr, "nnexp: run %s repeat %d %s: %v\n", r.Run.Name, r.Repeat, r.Status, r.Err)
			if code == ExitOK {
				code = ExitFailure
			}
		}
	}
	return code
}

func jobLine(r runner.Result) string {
	s := fmt.Sprintf("%-12s repeat %-3d %-11s train %-12s", r.Run.Name, r.Repeat, r.Status, num(r.TrainLoss))
	if !math.IsNaN(r.TestLoss) {
		s += fmt.Sprintf(" test %-12s", num(r.TestLoss))
	}
	if !math.IsNaN(r.TrainAccuracy) {
		s += fmt.Sprintf(" acc %.3f", r.TrainAccuracy)
	}
	return s + fmt.Sprintf(" %d evals %.2fs", r.Evaluations, r.Elapsed)
}

func num(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.6g", v)
}
