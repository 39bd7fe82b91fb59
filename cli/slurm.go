package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nnexp/nnexp/internal/shell"
	"github.com/nnexp/nnexp/plan"
	"github.com/nnexp/nnexp/report"
	"github.com/nnexp/nnexp/runner"
	"github.com/nnexp/nnexp/version"
)

// slurmMergeMarker starts the last line merge.sbatch writes to its log,
// followed by nnexp merge's exit status: --wait reads it, since squeue
// forgets a job once it ends and sacct needs accounting.
const slurmMergeMarker = "nnexp slurm: merge exit status "

// stringsFlag is a repeatable flag.
type stringsFlag []string

func (f *stringsFlag) String() string { return strings.Join(*f, " ") }

// TakesFlags says its values are other programs' flags (--sbatch-arg
// --time=1:00:00), which flagAsValue must not take for nnexp's own.
func (f *stringsFlag) TakesFlags() bool { return true }

func (f *stringsFlag) Set(s string) error {
	if strings.ContainsAny(s, "\n\r") {
		return errors.New("want one line")
	}
	*f = append(*f, s)
	return nil
}

// slurmJob is what the two sbatch scripts are made from.
type slurmJob struct {
	exe, file, dir string // absolute paths
	name           string // the experiment's
	shards         int
	todo           []int    // the shards the array runs
	vars           []string // --var and --var-file flags, as given
	partition      string
	time, mem      string
	cpus           int
	extra          []string // --sbatch-arg lines
}

func (j slurmJob) logDir() string { return filepath.Join(j.dir, "slurm", "logs") }

// arrayIndices is --array's value for the shards still to do, ascending:
// runs of consecutive shards as ranges ("0-5", "1,3-7"), which keeps the
// line short however many shards a large sweep has.
func arrayIndices(todo []int) string {
	var parts []string
	for i := 0; i < len(todo); {
		end := i
		for end+1 < len(todo) && todo[end+1] == todo[end]+1 {
			end++
		}
		if end == i {
			parts = append(parts, strconv.Itoa(todo[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", todo[i], todo[end]))
		}
		i = end + 1
	}
	return strings.Join(parts, ",")
}

func (j slurmJob) options(b *strings.Builder, cpus bool) {
	if j.partition != "" {
		fmt.Fprintf(b, "#SBATCH --partition=%s\n", j.partition)
	}
	if j.time != "" {
		fmt.Fprintf(b, "#SBATCH --time=%s\n", j.time)
	}
	if cpus && j.cpus > 0 {
		fmt.Fprintf(b, "#SBATCH --cpus-per-task=%d\n", j.cpus)
	}
	if j.mem != "" {
		fmt.Fprintf(b, "#SBATCH --mem=%s\n", j.mem)
	}
	for _, a := range j.extra {
		fmt.Fprintf(b, "#SBATCH %s\n", a)
	}
}

func (j slurmJob) command(verb string, more ...string) string {
	words := []string{shell.Quote(j.exe), verb, shell.Quote(j.file), "--out", shell.Quote(j.dir)}
	words = append(words, more...)
	for _, v := range j.vars {
		words = append(words, shell.Quote(v))
	}
	return strings.Join(words, " ")
}

// arrayScript is array.sbatch: one task per shard still to do. The shard
// is passed as --shard "$SLURM_ARRAY_TASK_ID/N", not read from the array's
// environment: a re-submission runs only some indices (--array=1,4), and
// there SLURM_ARRAY_TASK_COUNT counts the tasks submitted, not the shards.
func (j slurmJob) arrayScript() string {
	var b strings.Builder
	b.WriteString("#!/bin/sh\n")
	fmt.Fprintf(&b, "# Written by nnexp slurm: shard $SLURM_ARRAY_TASK_ID of %d of %s's jobs, stored in\n# %s/jobs for merge.sbatch.\n", j.shards, j.name, j.dir)
	fmt.Fprintf(&b, "#SBATCH --job-name=nnexp-%s\n", j.name)
	fmt.Fprintf(&b, "#SBATCH --array=%s\n", arrayIndices(j.todo))
	fmt.Fprintf(&b, "#SBATCH --output=%s\n", filepath.Join(j.logDir(), "%A_%a.out"))
	j.options(&b, true)
	fmt.Fprintf(&b, "exec %s\n", j.command("run",
		"--shard", fmt.Sprintf(`"$SLURM_ARRAY_TASK_ID/%d"`, j.shards),
		"--parallel", `"${SLURM_CPUS_PER_TASK:-1}"`, "--quiet"))
	return b.String()
}

// mergeScript is merge.sbatch, submitted to start once every task of the
// array succeeded. Its log ends with slurmMergeMarker and the status.
func (j slurmJob) mergeScript() string {
	var b strings.Builder
	b.WriteString("#!/bin/sh\n")
	fmt.Fprintf(&b, "# Written by nnexp slurm: writes %s's outputs in %s from the jobs\n# the tasks of array.sbatch stored.\n", j.name, j.dir)
	fmt.Fprintf(&b, "#SBATCH --job-name=nnexp-%s-merge\n", j.name)
	fmt.Fprintf(&b, "#SBATCH --output=%s\n", filepath.Join(j.logDir(), "merge_%j.out"))
	j.options(&b, false)
	fmt.Fprintf(&b, "%s --quiet\nstatus=$?\necho \"%s$status\"\nexit $status\n", j.command("merge"), slurmMergeMarker)
	return b.String()
}

// shardsToDo lists, in order, the shards of n that have a job not stored
// in dir's jobs/ (looked up with merge's hashing: same build, same
// inputs). It asks runner.Shard which jobs are a shard's, so the array
// and the tasks' --shard agree whatever the rule.
func shardsToDo(ctx context.Context, work *plan.Plan, dir string, n int) []int {
	results := runner.Run(ctx, work.Runs, runner.Options{
		Store:            report.NewJobStore(dir),
		Build:            version.Build(),
		ReuseTimeLimited: true, // merge takes them
		Select:           func(runner.Job) bool { return false },
	})
	var todo []int
	for i := range n {
		shard := runner.Shard{I: i, N: n}
		if slices.ContainsFunc(results, func(r runner.Result) bool {
			return r.Status == runner.StatusNotRun && shard.Selects(r.Job)
		}) {
			todo = append(todo, i)
		}
	}
	return todo
}

func slurmCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const synopsis = "slurm FILE --shards N [--out DIR] [--partition P] [--time T] [--cpus-per-task C] [--mem M] [--sbatch-arg ARG ...] [--var name=value ...] [--var-file FILE ...] [--dry-run] [--wait]"
	fs := newFlagSet("slurm", synopsis, stderr)
	vars := addVarFlags(fs)
	out := fs.String("out", "", "output `folder` (default results/<experiment name>); every node must reach it")
	shards := fs.Int("shards", 0, "array tasks, `N`: task I runs nnexp run --shard I/N")
	partition := fs.String("partition", "", "Slurm `partition` (default: the cluster's)")
	timeLimit := fs.String("time", "", "time limit of each task and of the merge, as sbatch --time takes it")
	cpus := fs.Int("cpus-per-task", 0, "CPUs of each task, `C`; the task runs C jobs at once (default: Slurm's, one)")
	mem := fs.String("mem", "", "memory of each task and of the merge, as sbatch --mem takes it")
	var extra stringsFlag
	fs.Var(&extra, "sbatch-arg", "another sbatch option, `ARG` (--account=x), for both scripts; repeatable")
	dryRun := fs.Bool("dry-run", false, "write the scripts and print the sbatch commands, submitting nothing")
	wait := fs.Bool("wait", false, "wait until the array and the merge left the queue; exit 0 only if the merge succeeded")
	file, code, ok := oneFile(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if *shards < 1 {
		fmt.Fprintf(stderr, "nnexp slurm: --shards must be at least 1, got %d\n", *shards)
		return ExitUsage
	}
	if *cpus < 0 {
		fmt.Fprintf(stderr, "nnexp slurm: --cpus-per-task must not be negative, got %d\n", *cpus)
		return ExitUsage
	}
	// Each goes on an #SBATCH line of its own, which whitespace or a
	// quote would end or change.
	for _, o := range []struct{ name, value string }{{"partition", *partition}, {"time", *timeLimit}, {"mem", *mem}} {
		if strings.ContainsAny(o.value, " \t\n\r'\"\\") {
			fmt.Fprintf(stderr, "nnexp slurm: --%s %q holds whitespace, a quote or a backslash, which an #SBATCH line cannot carry\n", o.name, o.value)
			return ExitUsage
		}
	}
	exp, work, ok := loadPlan(file, vars, stderr)
	if !ok {
		return ExitFailure
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("results", exp.Name)
	}
	job := slurmJob{name: exp.Name, shards: *shards, vars: vars.args(), partition: *partition,
		time: *timeLimit, mem: *mem, cpus: *cpus, extra: extra}
	var err error
	if job.file, err = filepath.Abs(file); err == nil {
		job.dir, err = filepath.Abs(dir)
	}
	if err == nil {
		job.exe, err = os.Executable()
	}
	if err == nil {
		job.exe, err = filepath.EvalSymlinks(job.exe)
	}
	if err != nil {
		fmt.Fprintf(stderr, "nnexp slurm: %v\n", err)
		return ExitFailure
	}
	// #SBATCH --output=DIR/... is read by sbatch, not by a shell, and
	// sbatch replaces %j, %A and the like in it.
	if strings.ContainsAny(job.dir, " \t\n'\"\\%") {
		fmt.Fprintf(stderr, "nnexp slurm: the output folder %q holds a space, a quote, a backslash or a %%, which an #SBATCH line cannot carry as it is; choose another --out\n", job.dir)
		return ExitUsage
	}
	if !checkOutputFolder("slurm", dir, exp, stderr) {
		return ExitFailure
	}
	job.todo = shardsToDo(ctx, work, dir, *shards)
	if n := len(job.todo); n > 0 {
		if limit, ok := maxArraySize(ctx); ok && job.todo[n-1] >= limit {
			fmt.Fprintf(stderr, "nnexp slurm: shard %d needs array index %d, but this cluster's MaxArraySize is %d (indices 0 to %d); use --shards %d or fewer\n",
				job.todo[n-1], job.todo[n-1], limit, limit-1, limit)
			return ExitUsage
		}
	}
	// A task whose --output folder is missing fails with no log at all.
	if err := os.MkdirAll(job.logDir(), 0o755); err != nil {
		fmt.Fprintf(stderr, "nnexp slurm: %v\n", err)
		return ExitFailure
	}
	slurmDir := filepath.Join(job.dir, "slurm")
	arrayFile, mergeFile := filepath.Join(slurmDir, "array.sbatch"), filepath.Join(slurmDir, "merge.sbatch")
	if len(job.todo) > 0 {
		if err := os.WriteFile(arrayFile, []byte(job.arrayScript()), 0o644); err != nil {
			fmt.Fprintf(stderr, "nnexp slurm: %v\n", err)
			return ExitFailure
		}
	}
	if err := os.WriteFile(mergeFile, []byte(job.mergeScript()), 0o644); err != nil {
		fmt.Fprintf(stderr, "nnexp slurm: %v\n", err)
		return ExitFailure
	}
	// Shard i takes the jobs whose index is i mod N, so with fewer jobs
	// than shards the last ones are empty and never submitted.
	jobs := len(runner.Jobs(work.Runs))
	withJobs := min(*shards, jobs)
	empty := ""
	if withJobs < *shards {
		empty = fmt.Sprintf("; shards %d-%d have no job and are not submitted", withJobs, *shards-1)
		if withJobs == *shards-1 {
			empty = fmt.Sprintf("; shard %d has no job and is not submitted", withJobs)
		}
	}
	switch {
	case len(job.todo) == 0:
		fmt.Fprintf(stdout, "every job of %s is stored in %s: only the merge is to run (%s)\n", exp.Name, job.dir, mergeFile)
	case len(job.todo) < withJobs:
		fmt.Fprintf(stdout, "%s of %d still to do: %s (%s)%s\n", plural(len(job.todo), "shard"), withJobs, arrayIndices(job.todo), arrayFile, empty)
	default:
		fmt.Fprintf(stdout, "%s of %s's %s: %s%s\n", plural(withJobs, "shard"), exp.Name, plural(jobs, "job"), arrayFile, empty)
	}
	if *dryRun {
		if len(job.todo) > 0 {
			fmt.Fprintf(stdout, "dry run; to submit:\n  sbatch --parsable %s\n  sbatch --parsable --dependency=afterok:<array id> --kill-on-invalid-dep=yes %s\n", shell.Quote(arrayFile), shell.Quote(mergeFile))
		} else {
			fmt.Fprintf(stdout, "dry run; to submit:\n  sbatch --parsable %s\n", shell.Quote(mergeFile))
		}
		return ExitOK
	}
	arrayID := ""
	if len(job.todo) > 0 {
		if arrayID, err = sbatch(ctx, arrayFile); err != nil {
			fmt.Fprintf(stderr, "nnexp slurm: %v\n", err)
			return ExitFailure
		}
		fmt.Fprintf(stdout, "array job %s: %s, logs %s\n", arrayID, plural(len(job.todo), "task"), filepath.Join(job.logDir(), arrayID+"_<task>.out"))
	}
	mergeArgs := []string{mergeFile}
	if arrayID != "" {
		mergeArgs = []string{"--dependency=afterok:" + arrayID, "--kill-on-invalid-dep=yes", mergeFile}
	}
	mergeID, err := sbatch(ctx, mergeArgs...)
	if err != nil {
		fmt.Fprintf(stderr, "nnexp slurm: %v\n", err)
		if arrayID != "" {
			fmt.Fprintf(stderr, "nnexp slurm: the array %s is submitted; cancel it with scancel %s, or merge by hand when it is done: %s\n", arrayID, arrayID, job.command("merge"))
		}
		return ExitFailure
	}
	mergeLog := filepath.Join(job.logDir(), "merge_"+mergeID+".out")
	fmt.Fprintf(stdout, "merge job %s: after the array succeeds, log %s\n", mergeID, mergeLog)
	ids := mergeID
	if arrayID != "" {
		ids = arrayID + "," + mergeID
	}
	fmt.Fprintf(stdout, "follow them with: squeue -j %s\n", ids)
	if !*wait {
		return ExitOK
	}
	if err := waitForJobs(ctx, ids, time.Second, 10*time.Second); err != nil {
		fmt.Fprintf(stderr, "nnexp slurm: %v\n", err)
		if ctx.Err() != nil {
			return ExitInterrupted
		}
		return ExitFailure
	}
	if status, ok := mergeStatus(mergeLog); ok && status == 0 {
		fmt.Fprintf(stdout, "merged: the outputs are in %s\n", job.dir)
		return ExitOK
	} else if ok {
		fmt.Fprintf(stderr, "nnexp slurm: the merge failed with exit status %d; see %s\n", status, mergeLog)
	} else if _, err := os.Stat(mergeLog); err != nil {
		fmt.Fprintf(stderr, "nnexp slurm: the merge did not run (Slurm cancels it when a task of the array fails)\n")
	} else {
		fmt.Fprintf(stderr, "nnexp slurm: the merge did not run to its end (no %q line in %s)\n", strings.TrimSpace(slurmMergeMarker), mergeLog)
	}
	failed := shardsToDo(ctx, work, dir, *shards)
	for _, s := range failed {
		log := filepath.Join(job.logDir(), fmt.Sprintf("%s_%d.out", arrayID, s))
		if _, err := os.Stat(log); err != nil {
			log += " (none: the task never started)"
		}
		fmt.Fprintf(stderr, "nnexp slurm: shard %d/%d has jobs missing; its log: %s\n", s, *shards, log)
	}
	if len(failed) > 0 {
		fmt.Fprintf(stderr, "nnexp slurm: the same command again submits only the %s still to do\n", plural(len(failed), "shard"))
	}
	return ExitFailure
}

// maxArraySize is the cluster's MaxArraySize, as scontrol reports it:
// array indices must be below it, and sbatch refuses a larger one only
// with "Invalid job array specification". False when scontrol cannot
// tell (no Slurm here, as for a --dry-run on a laptop): sbatch decides.
func maxArraySize(ctx context.Context) (int, bool) {
	out, err := exec.CommandContext(ctx, "scontrol", "show", "config").Output()
	if err != nil {
		return 0, false
	}
	return parseMaxArraySize(string(out))
}

// parseMaxArraySize reads "MaxArraySize = N" from scontrol show config.
func parseMaxArraySize(config string) (int, bool) {
	for _, line := range strings.Split(config, "\n") {
		key, value, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(key) != "MaxArraySize" {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(value))
		return n, err == nil && n > 0
	}
	return 0, false
}

// sbatch submits with --parsable and returns the job id.
func sbatch(ctx context.Context, args ...string) (string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "sbatch", append([]string{"--parsable"}, args...)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("sbatch %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	// --parsable prints "id" or "id;cluster".
	id, _, _ := strings.Cut(strings.TrimSpace(stdout.String()), ";")
	if _, err := strconv.Atoi(id); err != nil {
		return "", fmt.Errorf("sbatch %s printed %q, not a job id", strings.Join(args, " "), stdout.String())
	}
	return id, nil
}

// waitForJobs polls squeue until none of ids (comma-separated) is in the
// queue, every first seconds at first, backing off to every most.
func waitForJobs(ctx context.Context, ids string, first, most time.Duration) error {
	delay, failures := first, 0
	for {
		queued, err := inQueue(ctx, ids)
		if err == nil && !queued {
			return nil
		}
		if err != nil {
			if failures++; failures >= 5 {
				return err
			}
		} else {
			failures = 0
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("stopped waiting; the jobs stay queued (squeue -j %s)", ids)
		case <-time.After(delay):
		}
		delay = min(delay*2, most)
	}
}

// inQueue reports whether squeue lists any of ids in a state that is not
// final. squeue fails with "Invalid job id" once it forgot every one.
func inQueue(ctx context.Context, ids string) (bool, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "squeue", "--noheader", "--jobs="+ids, "--format=%i %T")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if strings.Contains(stderr.String(), "Invalid job id") {
			return false, nil
		}
		return false, fmt.Errorf("squeue: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	for _, line := range strings.Split(stdout.String(), "\n") {
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		switch fields[1] {
		case "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE", "PREEMPTED":
		default:
			return true, nil
		}
	}
	return false, nil
}

// mergeStatus is the exit status merge.sbatch wrote at the end of log,
// and false if it wrote none (the merge was cancelled or killed).
func mergeStatus(log string) (int, bool) {
	data, err := os.ReadFile(log)
	if err != nil {
		return 0, false
	}
	i := strings.LastIndex(string(data), slurmMergeMarker)
	if i < 0 {
		return 0, false
	}
	rest, _, _ := strings.Cut(string(data[i+len(slurmMergeMarker):]), "\n")
	status, err := strconv.Atoi(strings.TrimSpace(rest))
	return status, err == nil
}
