package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/internal/atomicfile"
	"github.com/nnexp/nnexp/internal/shell"
	"github.com/nnexp/nnexp/plan"
	"github.com/nnexp/nnexp/report"
	"github.com/nnexp/nnexp/runner"
	"github.com/nnexp/nnexp/version"
)

func runCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("run", "run FILE [--out DIR] [--parallel N] [--var name=value ...] [--var-file FILE ...] [--force] [--reuse-any-build] [--shard I/N|none] [--quiet] [--cpuprofile FILE]", stderr)
	vars := addVarFlags(fs)
	out := fs.String("out", "", "output `folder` (default results/<experiment name>)")
	parallel := fs.Int("parallel", runtime.NumCPU(), "jobs run at once; results do not depend on it")
	quiet := fs.Bool("quiet", false, "print only errors and the output folder")
	force := fs.Bool("force", false, "run every job again, even those up to date in the output folder")
	anyBuild := fs.Bool("reuse-any-build", false, "reuse jobs stored in the output folder even if another build of this program computed them")
	shardFlag := fs.String("shard", "", "run only shard `I/N` of the jobs (0 <= I < N) and store them, for nnexp merge; default from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX; none runs every job whatever those say")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the jobs to `file`, for go tool pprof")
	file, code, ok := oneFile(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	shard, slurmTask, err := chooseShard(*shardFlag)
	if err != nil {
		fmt.Fprintf(stderr, "nnexp run: %v\n", err)
		return ExitUsage
	}
	if *parallel < 1 {
		fmt.Fprintf(stderr, "nnexp run: --parallel must be at least 1, got %d\n", *parallel)
		return ExitUsage
	}
	exp, work, ok := loadPlan(file, vars, stderr)
	if !ok {
		return ExitFailure
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("results", exp.Name)
	}

	// A shard is checked too: the jobs folder it makes would vouch for
	// the folder to the merge and to later runs.
	if !checkOutputFolder("run", dir, exp, stderr) {
		return ExitFailure
	}

	if version.Build() == "" && !*anyBuild {
		fmt.Fprintln(stderr, "nnexp: warning: this program's executable cannot be read to tell its build, so no job stored in the output folder is reused (--reuse-any-build reuses them)")
	}
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		fmt.Fprintf(stderr, "nnexp: %v\n", err)
		return ExitFailure
	}
	started := time.Now()
	show := newProgress(stdout, exp.Name, *parallel, *quiet)
	jobsStarted.Store(true)
	results := runner.Run(ctx, work.Runs, runner.Options{
		Parallel:         *parallel,
		Store:            report.NewJobStore(dir),
		Force:            *force,
		Build:            version.Build(),
		ReuseOtherBuilds: *anyBuild,
		OnStart:          show.start,
		OnStep:           show.stepHook(),
		OnWithin:         show.withinHook(),
		OnJobDone:        show.done,
		Select:           selector(shard),
	})
	show.close()
	finished := time.Now()
	profileErr := stopProfile()

	code = exitStatus(ctx, results, stderr)
	if profileErr != nil {
		fmt.Fprintf(stderr, "nnexp: %v\n", profileErr)
		if code == ExitOK {
			code = ExitFailure
		}
	}
	if shard != nil {
		// A shard's jobs are stored; the outputs wait for every shard,
		// and nnexp merge. One line, under --quiet too: it names the
		// folder, and a task's log says which shard it ran.
		fmt.Fprintf(stdout, "shard %s of %s: %d of %d jobs are this shard's; when every shard has run: nnexp merge %s --out %s%s\n",
			shard, exp.Name, countSelected(shard, results), len(results), shell.Quote(file), shell.Quote(dir), vars.words())
		if slurmTask && !*quiet {
			// Someone's own array may mean one whole run per task; an
			// Indexed Job with NNEXP_SHARDS is nnexp k8s's.
			fmt.Fprintln(stdout, "(the shard is this Slurm array task's place; --shard none runs every job here and writes the outputs)")
		}
		return shardExitStatus(code, results)
	}
	// The outputs and the manifest are written whatever happened, so an
	// interrupted run leaves consistent CSVs for the jobs it finished.
	// A file that cannot be written costs only itself: the others, and
	// the manifest, are still written, and the run then fails.
	w := outputWrite{dir: dir, exp: exp, work: work, results: results,
		commandLine: append([]string{"run"}, args...), started: started, finished: finished}
	files, outErr := w.write(*quiet, stdout, stderr)
	if outErr != nil && code != ExitInterrupted {
		code = ExitFailure
	}
	if code == ExitInterrupted {
		kept := 0
		for _, r := range results {
			if runner.Reusable(r.Status) {
				kept++
			}
		}
		fmt.Fprintf(stderr, "nnexp: interrupted; %s kept in %s. To finish, run the same command again:\n  %s\n",
			plural(kept, "finished job"), dir, resumeCommand(args))
	}
	if !*quiet {
		fmt.Fprintln(stdout)
		writeSummary(stdout, finishedJobs(results))
		writeMilestones(stdout, reportMilestones(exp.Milestones), results)
		writePairedNote(stdout, results)
		fmt.Fprintf(stdout, "\n%s in %s (%.1fs)\n", plural(len(files), "file"), dir, time.Since(started).Seconds())
	} else {
		fmt.Fprintln(stdout, dir)
	}
	return code
}

// exitStatus is the run's exit status, documented in the README: 130
// when the run was interrupted (even if every job had finished, the
// outputs are then complete), else 1 if any job failed or diverged, else
// 0 (completed, converged, budget). Every bad job's error goes to stderr,
// past maxJobMessages lines (a sweep whose every instance warns) as one
// more line that counts the rest: summary.csv's error column has each.
// Finished jobs that could not be stored for reuse, which only costs the
// next run the time to compute them again, are one warning with the first
// one's cause and a count of the others.
func exitStatus(ctx context.Context, results []runner.Result, stderr io.Writer) int {
	code := ExitOK
	printed, more, unsaved := 0, 0, 0
	var firstUnsaved error
	say := func(format string, args ...any) {
		if printed == maxJobMessages {
			more++
			return
		}
		printed++
		fmt.Fprintf(stderr, format, args...)
	}
	for _, r := range results {
		switch r.Status {
		case runner.StatusInterrupted:
			code = ExitInterrupted
		case runner.StatusFailed, runner.StatusDiverged:
			say("nnexp: run %s repeat %d %s: %v\n", r.RunName, r.Repeat, r.Status, r.Err)
			if code == ExitOK {
				code = ExitFailure
			}
		}
		if w := r.Warning(); w != "" {
			say("nnexp: run %s repeat %d %s: %s\n", r.RunName, r.Repeat, r.Status, w)
		}
		if r.SaveErr != nil {
			// Not in summary.csv, and nearly always one cause (a full
			// disk, a folder not writable): the first says which, a count
			// the rest.
			if unsaved == 0 {
				firstUnsaved = r.SaveErr
			}
			unsaved++
		}
	}
	if more > 0 {
		fmt.Fprintf(stderr, "nnexp: %d more job errors and warnings like these; summary.csv's status and error columns have every job's\n", more)
	}
	if unsaved > 0 {
		fmt.Fprintf(stderr, "nnexp: warning: %v (it will run again next time)\n", firstUnsaved)
		if unsaved > 1 {
			fmt.Fprintf(stderr, "nnexp: warning: %d more finished jobs could not be stored for reuse either (they will run again next time)\n", unsaved-1)
		}
	}
	if ctx.Err() != nil {
		code = ExitInterrupted
	}
	return code
}

// maxJobMessages is the most per-job lines exitStatus prints.
const maxJobMessages = 20

// shardExitStatus is a shard's exit status: a shard's only product is
// its stored jobs, so it fails (1) when one of them could not be stored
// or failed, and not for a diverged job, which is stored and is a result:
// a scheduler (Slurm's afterok) must not cancel the merge for it. The
// merge's own status then says, as a single run's would, that a job
// diverged.
func shardExitStatus(code int, results []runner.Result) int {
	if code == ExitInterrupted {
		return code
	}
	code = ExitOK
	for _, r := range results {
		if r.Status == runner.StatusFailed || (runner.Reusable(r.Status) && r.SaveErr != nil) {
			code = ExitFailure
		}
	}
	return code
}

// finishedJobs leaves out the interrupted jobs, which have no metrics and
// would pull the per-run means (of evaluations) towards zero.
func finishedJobs(results []runner.Result) []runner.Result {
	var finished []runner.Result
	for _, r := range results {
		if r.Status != runner.StatusInterrupted {
			finished = append(finished, r)
		}
	}
	return finished
}

// resumeCommand is the command line that finishes an interrupted run: the
// one given (args, after "run"), quoted for a shell, without --force,
// which would throw away the jobs the interrupted run kept.
func resumeCommand(args []string) string {
	words := []string{"nnexp", "run"}
	for _, a := range args {
		if name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "="); name == "force" && strings.HasPrefix(a, "-") {
			continue
		}
		words = append(words, shell.Quote(a))
	}
	return strings.Join(words, " ")
}

// outputWrite is what writing a run's outputs needs: the experiment as
// decoded and planned, its results, and the run's command line and times
// for the manifest. nnexp run and nnexp merge write alike.
type outputWrite struct {
	dir               string
	exp               *dsl.Experiment
	work              *plan.Plan
	results           []runner.Result
	commandLine       []string
	started, finished time.Time
}

// write writes the outputs, then the manifest, then removes what the last
// run wrote and this one does not; it returns the files written.
func (w outputWrite) write(quiet bool, stdout, stderr io.Writer) ([]string, error) {
	dir, exp := w.dir, w.exp
	// Temporaries of writes whose process was killed (SIGKILL, a lost
	// node) before it could remove them; an hour old, so that another
	// shard's writes in progress are not touched.
	for _, d := range []string{dir, report.NewJobStore(dir).Dir} {
		removed, err := atomicfile.RemoveLeftovers(d, time.Hour, time.Now())
		if len(removed) > 0 && !quiet {
			fmt.Fprintf(stdout, "removed %s left in %s by an interrupted write\n", plural(len(removed), "temporary file"), d)
		}
		if err != nil {
			fmt.Fprintf(stderr, "nnexp: warning: %v\n", err)
		}
	}
	described := reportExperiment(exp)
	previous := report.PreviousOutputs(dir)
	// The manifest is made first, as report.html shows it; only the list
	// of outputs, which includes the page, waits for the files.
	manifest := report.NewManifest(described, dir, w.commandLine, w.results, w.started, w.finished)
	manifest.Datasets = manifestDatasets(exp, w.work)
	described.Provenance = &manifest
	files, outErr := report.WriteOutputs(dir, described, w.results)
	if outErr != nil {
		for _, line := range strings.Split(outErr.Error(), "\n") {
			fmt.Fprintf(stderr, "nnexp: %s\n", line)
		}
	}
	manifest.Outputs = report.DescribeOutputs(files)
	for _, f := range files {
		if filepath.Base(f) == filepath.Base(exp.Filename) {
			if src, err := os.ReadFile(f); err == nil {
				manifest.CopyDigest, _ = dsl.ResultsDigest(f, src)
			}
		}
	}
	if err := report.WriteManifest(dir, manifest); err != nil {
		fmt.Fprintf(stderr, "nnexp: %v\n", err)
		return files, err
	}
	files = append(files, filepath.Join(dir, report.ManifestFile))
	// Only once the new manifest lists what this run wrote: a run stopped
	// before it would find the old list again next time.
	removed, err := report.RemoveStale(dir, previous, manifest.Outputs)
	for _, name := range removed {
		if !quiet {
			fmt.Fprintf(stdout, "removed %s, which this experiment no longer writes\n", filepath.Join(dir, name))
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "nnexp: warning: %v\n", err)
	}
	return files, outErr
}

// checkOutputFolder creates dir and checks that it can be written and
// that the outputs would replace no file nnexp did not write
// (report.ForeignOutputs), before any job starts: after hours of training
// is no time to find either.
func checkOutputFolder(command, dir string, exp *dsl.Experiment, stderr io.Writer) bool {
	foreign, err := report.ForeignOutputs(dir, reportExperiment(exp))
	if err != nil {
		fmt.Fprintf(stderr, "nnexp %s: %v\n", command, err)
		return false
	}
	if len(foreign) > 0 {
		fmt.Fprintf(stderr, "nnexp %s: the output folder %s already holds %s, %s nnexp's outputs take, and nnexp did not write the folder (it has no %s or %s folder); choose another --out, or move %s away\n",
			command, dir, strings.Join(foreign, ", "), pick(len(foreign) == 1, "a name", "names"), report.ManifestFile, report.JobsFolder, pick(len(foreign) == 1, "that file", "those files"))
		return false
	}
	if err := report.CheckOutputDir(dir); err != nil {
		fmt.Fprintf(stderr, "nnexp %s: %v\n", command, err)
		return false
	}
	return true
}

func pick[T any](cond bool, yes, no T) T {
	if cond {
		return yes
	}
	return no
}
