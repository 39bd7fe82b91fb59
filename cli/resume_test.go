package cli_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/nnexp/nnexp/cli"
	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/registry"
)

// counted is a test optimizer: each step moves the first parameter by
// shift. It counts the jobs that start it, so a test can tell which jobs
// ran, and can interrupt the run as the job after the first `after` starts.
type counted struct {
	Shift float64 `hcl:"shift,optional"`
	Steps int     `hcl:"steps,optional"`
}

func (c *counted) Method() optimize.Method { return &countedMethod{cfg: *c} }

type countedMethod struct {
	cfg   counted
	p     optimize.Problem
	steps int
}

// starts is shared by every test of this file; they do not run in parallel.
var starts struct {
	sync.Mutex
	inits int
	// cancel, if set, is called by the Init that comes after `after`
	// others, which then fails with the context's error as a method
	// watching Env.Context does.
	cancel context.CancelFunc
	after  int
}

func resetStarts(cancel context.CancelFunc, after int) {
	starts.Lock()
	defer starts.Unlock()
	starts.inits, starts.cancel, starts.after = 0, cancel, after
}

func startCount() int {
	starts.Lock()
	defer starts.Unlock()
	return starts.inits
}

func (m *countedMethod) Init(p optimize.Problem, _ *optimize.Location, env optimize.Env) error {
	starts.Lock()
	defer starts.Unlock()
	if starts.cancel != nil && starts.inits == starts.after {
		starts.cancel()
		return env.Err()
	}
	starts.inits++
	m.p = p
	return nil
}

func (m *countedMethod) Step(loc *optimize.Location) (optimize.Status, error) {
	m.steps++
	loc.X[0] += m.cfg.Shift
	loc.F = m.p.Func(loc.X)
	if m.steps >= max(m.cfg.Steps, 1) {
		return optimize.IterationLimit, nil
	}
	return optimize.Running, nil
}

func init() {
	registry.RegisterOptimizer(registry.Optimizer{
		Name: "zz_counted",
		Doc:  "test optimizer that counts its starts",
		New:  func() registry.OptimizerConfig { return &counted{Steps: 3} },
	})
}

// twoRuns has runs a and b, two repeats each, jobs 0-1 and 2-3; b's shift
// is a variable so that one run can be changed alone.
const twoRuns = `
experiment "resume" {
  seed    = 5
  repeats = 2
}
variable "shift_b" {
  default = 0.25
}
dataset "d" {
  source        = "diabetes"
  test_fraction = 0.2
}
model "m" { hidden = [2] }
pipeline "a" {
  optimizer "zz_counted" { shift = 0.5 }
}
pipeline "b" {
  optimizer "zz_counted" { shift = var.shift_b }
}
run "a" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.a
}
run "b" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.b
}
`

// experimentFile writes src into a new folder and returns its path.
func experimentFile(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "resume.hcl")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runWith(t *testing.T, ctx context.Context, args ...string) (int, string, string) {
	t.Helper()
	var out, errw bytes.Buffer
	code := cli.Run(ctx, args, &out, &errw)
	return code, out.String(), errw.String()
}

func textOf(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func storedJobs(t *testing.T, out string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(out, "jobs", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestRunAgainReusesFinishedJobs(t *testing.T) {
	file := experimentFile(t, twoRuns)
	out := t.TempDir()
	resetStarts(nil, 0)
	code, stdout, stderr := runWith(t, context.Background(), "run", file, "--out", out, "--parallel", "2")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if n := startCount(); n != 4 || !strings.Contains(stdout, "0 up to date, 4 to run") {
		t.Fatalf("first run started %d jobs; stdout:\n%s", n, stdout)
	}
	// Not a terminal: one plain line per finished job, no escapes.
	if strings.Contains(stdout, "\x1b") || strings.Count(stdout, "/4] ") != 4 {
		t.Errorf("stdout is not the plain log:\n%q", stdout)
	}
	if n := len(storedJobs(t, out)); n != 4 {
		t.Errorf("%d stored jobs, want 4", n)
	}
	history, summary := textOf(t, filepath.Join(out, "history.csv")), textOf(t, filepath.Join(out, "summary.csv"))
	plot := textOf(t, filepath.Join(out, "history.png"))

	// Same file, same folder: nothing runs, and the stored timings make
	// the CSVs identical byte for byte.
	resetStarts(nil, 0)
	code, stdout, _ = runWith(t, context.Background(), "run", file, "--out", out)
	if code != 0 || startCount() != 0 || !strings.Contains(stdout, "4 up to date, 0 to run") {
		t.Errorf("second run: exit %d, %d jobs started; stdout:\n%s", code, startCount(), stdout)
	}
	if textOf(t, filepath.Join(out, "history.csv")) != history || textOf(t, filepath.Join(out, "summary.csv")) != summary {
		t.Errorf("CSVs of the up-to-date run differ from the first run's")
	}
	if textOf(t, filepath.Join(out, "history.png")) != plot {
		t.Errorf("history.png of the up-to-date run differs")
	}

	// A changed attribute of run b re-runs b's two jobs and nothing else.
	resetStarts(nil, 0)
	code, stdout, _ = runWith(t, context.Background(), "run", file, "--out", out, "--var", "shift_b=0.75")
	if code != 0 || startCount() != 2 || !strings.Contains(stdout, "2 up to date, 2 to run") {
		t.Errorf("changed run b: exit %d, %d jobs started; stdout:\n%s", code, startCount(), stdout)
	}
	rows := readCSV(t, filepath.Join(out, "summary.csv"))
	before, err := csv.NewReader(strings.NewReader(summary)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 2; i++ {
		if !slices.Equal(rows[i], before[i]) {
			t.Errorf("run a's row changed though a did not:\n%q\nwas\n%q", rows[i], before[i])
		}
	}
	// The old b jobs stay in the folder: switching back costs nothing.
	if n := len(storedJobs(t, out)); n != 6 {
		t.Errorf("%d stored jobs, want 4 + 2 for the new b", n)
	}
	resetStarts(nil, 0)
	if code, _, _ = runWith(t, context.Background(), "run", file, "--out", out); code != 0 || startCount() != 0 {
		t.Errorf("back to the default shift: exit %d, %d jobs started, want 0", code, startCount())
	}

	// --force runs every job again.
	resetStarts(nil, 0)
	code, stdout, _ = runWith(t, context.Background(), "run", file, "--out", out, "--force")
	if code != 0 || startCount() != 4 || !strings.Contains(stdout, "0 up to date, 4 to run") {
		t.Errorf("--force: exit %d, %d jobs started; stdout:\n%s", code, startCount(), stdout)
	}
}

func TestInterruptedRunResumes(t *testing.T) {
	file := experimentFile(t, twoRuns)

	// The reference: one uninterrupted run.
	whole := t.TempDir()
	resetStarts(nil, 0)
	if code, _, stderr := runWith(t, context.Background(), "run", file, "--out", whole, "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}

	// Interrupted as the third job starts: jobs 0 and 1 are done.
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	resetStarts(cancel, 2)
	code, stdout, stderr := runWith(t, ctx, "run", file, "--out", out, "--parallel", "1")
	if code != cli.ExitInterrupted {
		t.Fatalf("exit %d, want %d\n%s%s", code, cli.ExitInterrupted, stdout, stderr)
	}
	if n := len(storedJobs(t, out)); n != 2 {
		t.Errorf("%d stored jobs after the interruption, want the 2 finished", n)
	}
	// Consistent CSVs: every job has its summary row, only finished jobs
	// have history rows.
	summary := readCSV(t, filepath.Join(out, "summary.csv"))
	var statuses []string
	for _, row := range summary[1:] {
		statuses = append(statuses, row[3])
	}
	if got := strings.Join(statuses, " "); got != "completed completed interrupted interrupted" {
		t.Errorf("statuses %q", got)
	}
	for _, row := range readCSV(t, filepath.Join(out, "history.csv"))[1:] {
		if row[0] != "a" {
			t.Errorf("history row of an interrupted job: %v", row)
		}
	}
	for _, f := range []string{"history.png", "final_loss.png", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("interrupted run lacks %s: %v", f, err)
		}
	}

	// Resumed: only the two unfinished jobs run, and the CSVs are those
	// of the uninterrupted run, timings aside.
	resetStarts(nil, 0)
	code, stdout, stderr = runWith(t, context.Background(), "run", file, "--out", out)
	if code != 0 || startCount() != 2 || !strings.Contains(stdout, "2 up to date, 2 to run") {
		t.Fatalf("resume: exit %d, %d jobs started\n%s%s", code, startCount(), stdout, stderr)
	}
	for _, f := range []string{"history.csv", "summary.csv"} {
		if got, want := withoutTimes(t, filepath.Join(out, f)), withoutTimes(t, filepath.Join(whole, f)); got != want {
			t.Errorf("resumed %s differs from the uninterrupted one:\n%s\nwant\n%s", f, got, want)
		}
	}
}

func TestUnwritableOutputRunsNothing(t *testing.T) {
	file := experimentFile(t, twoRuns)
	// A file where the output folder should be: nothing can be written
	// there, so no job may train only to have its results lost.
	out := filepath.Join(t.TempDir(), "taken")
	if err := os.WriteFile(out, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	resetStarts(nil, 0)
	code, stdout, stderr := runWith(t, context.Background(), "run", file, "--out", out)
	if code != cli.ExitFailure || startCount() != 0 {
		t.Errorf("exit %d with %d jobs started, want %d with none\n%s%s", code, startCount(), cli.ExitFailure, stdout, stderr)
	}
	if !strings.HasPrefix(stderr, "nnexp run: report: output folder: ") || !strings.Contains(stderr, out) || strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr is not one line naming the folder:\n%s", stderr)
	}
}

// The output folder's copy of an experiment runs again as it is, even when
// its CSV dataset's path is relative to the original file: the copy names
// the same data from its own folder, so every job is up to date.
func TestOutputCopyRunsAgain(t *testing.T) {
	root := t.TempDir()
	exp := filepath.Join(root, "experiments", "csv.hcl")
	writeFile(t, filepath.Join(root, "experiments", "data", "t.csv"), "a,b,y\n1,2,3\n2,1,0\n0,1,1\n3,3,2\n")
	writeFile(t, exp, `experiment "csv" {}
dataset "t" {
  source = "csv"
  path   = "data/t.csv"
}
model "m" {
  hidden = [2]
}
pipeline "p" {
  optimizer "search" {
    weight_steps = 3
    bias_steps   = 3
    iterations   = 1
  }
}
run "r" {
  dataset  = dataset.t
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`)
	out := filepath.Join(root, "results", "csv")
	if code, _, stderr := nnexp(t, "run", exp, "--out", out, "--quiet"); code != 0 {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := nnexp(t, "run", filepath.Join(out, "csv.hcl"), "--var-file", filepath.Join(out, "vars.hcl"), "--out", out)
	if code != 0 || !strings.Contains(stdout, "1 up to date, 0 to run") {
		t.Errorf("running the copy: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
}
