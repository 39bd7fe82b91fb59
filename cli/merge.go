package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/nnexp/nnexp/internal/shell"
	"github.com/nnexp/nnexp/report"
	"github.com/nnexp/nnexp/runner"
	"github.com/nnexp/nnexp/version"
)

// mergeCommand writes an output folder's CSVs, plots, report and manifest
// from the jobs its shards stored, running nothing: the folder then equals
// a single run's (timings aside), since outputs are always rebuilt from
// the stored jobs in job order. It fails, naming them, if jobs are missing
// or failed, so that a partial merge is never taken for a result.
func mergeCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("merge", "merge FILE [--out DIR] [--var name=value ...] [--var-file FILE ...] [--reuse-any-build] [--quiet]", stderr)
	vars := addVarFlags(fs)
	out := fs.String("out", "", "output `folder` the shards stored their jobs in (default results/<experiment name>)")
	quiet := fs.Bool("quiet", false, "print only errors and the output folder")
	anyBuild := fs.Bool("reuse-any-build", false, "take jobs stored by another build of this program")
	file, code, ok := oneFile(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	exp, work, ok := loadPlan(file, vars, stderr)
	if !ok {
		return ExitFailure
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("results", exp.Name)
	}
	started := time.Now()
	results := runner.Run(ctx, work.Runs, runner.Options{
		Store:            report.NewJobStore(dir),
		Build:            version.Build(),
		ReuseOtherBuilds: *anyBuild,
		ReuseTimeLimited: true, // the shards' results, whatever stopped them
		Select:           func(runner.Job) bool { return false },
	})
	missing := 0
	for _, r := range results {
		if r.Status == runner.StatusNotRun {
			missing++
			if missing <= 20 {
				fmt.Fprintf(stderr, "nnexp merge: run %s repeat %d is not stored in %s (its shard has not run, failed, was interrupted, or ran another build)\n", r.RunName, r.Repeat, dir)
			}
		}
	}
	if missing > 0 {
		fmt.Fprintf(stderr, "nnexp merge: %s of %d missing; run their shards again (nnexp run %s --out %s --shard I/N%s), then merge\n",
			plural(missing, "job"), len(results), shell.Quote(file), shell.Quote(dir), vars.words())
		return ExitFailure
	}
	w := outputWrite{dir: dir, exp: exp, work: work, results: results,
		commandLine: append([]string{"merge"}, args...), started: started, finished: time.Now()}
	files, err := w.write(*quiet, stdout, stderr)
	code = exitStatus(ctx, results, stderr)
	if err != nil && code == ExitOK {
		code = ExitFailure
	}
	if *quiet {
		fmt.Fprintln(stdout, dir)
	} else {
		fmt.Fprintln(stdout)
		writeSummary(stdout, results)
		writeMilestones(stdout, reportMilestones(exp.Milestones), results)
		fmt.Fprintf(stdout, "\n%s from %s in %s\n", plural(len(files), "file"), plural(len(results), "stored job"), dir)
	}
	return code
}
