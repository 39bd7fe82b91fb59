package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nnexp/nnexp/runner"
)

func TestRenderFrame(t *testing.T) {
	jobs := []liveJob{
		{Index: 0, Run: "search", Repeat: 0, Stage: 1, Stages: 1, Optimizer: "search", Step: 3, Steps: 3, MaxSteps: 30, Loss: 1234.5678, Elapsed: 6},
		{Index: 4, Run: "hybrid", Repeat: 1, Stage: 2, Stages: 2, Optimizer: "hybrid.adam", Step: 0, Steps: 10, MaxSteps: 0, Loss: 0.25, Elapsed: 1.5},
		{Index: 5, Run: "slow", Repeat: 2, Stage: 1, Stages: 1, Optimizer: "adam", Step: 1, Steps: 1, MaxSteps: 3601, Loss: math.NaN(), Elapsed: 1},
	}
	totals := liveTotals{Jobs: 10, Reused: 2, Finished: 3, Running: 3, Bad: 1, Elapsed: 75 * time.Second}
	want := []string{
		"  search       repeat 0   stage 1/1 search           step 3     loss 1234.57      eta 54s",
		"  hybrid       repeat 1   stage 2/2 hybrid.adam      step 0     loss 0.25         eta ?",
		"  slow         repeat 2   stage 1/1 adam             step 1     loss -            eta 1h00m",
		"jobs 5/10 done (2 up to date), 3 running, 1 failed or diverged  1m15s elapsed",
	}
	got := renderFrame(jobs, totals, false, 0)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("frame:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Bold totals with colour, and lines clipped to the terminal width.
	got = renderFrame(jobs[:1], liveTotals{Jobs: 1, Running: 1}, true, 40)
	if got[0] != want[0][:39] || got[1] != "\x1b[1mjobs 0/1 done, 1 running  0s elapsed\x1b[0m" {
		t.Errorf("clipped, coloured frame: %q", got)
	}
}

func result(run string, repeat int, status string) runner.Result {
	return runner.Result{
		Job:       runner.Job{Index: repeat, RunName: run, Repeat: repeat},
		Status:    status,
		TrainLoss: 2.5, TestLoss: math.NaN(), TrainAccuracy: math.NaN(), TestAccuracy: math.NaN(),
		Evaluations: 42, Cost: 3.5, Elapsed: 1.25,
	}
}

func TestLogProgress(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out, "demo", 4, false)
	if _, ok := p.(*logProgress); !ok {
		t.Fatalf("a buffer gets %T, want the plain log", p)
	}
	if p.stepHook() != nil {
		t.Error("the plain log asks the runner for every step")
	}
	toRun := []runner.Job{{Index: 1}, {Index: 2}}
	p.start(toRun, []runner.Result{result("a", 0, runner.StatusCompleted)})
	p.done(result("b", 1, runner.StatusBudget))
	failed := result("b", 2, runner.StatusFailed)
	failed.Err = errors.New("runner: boom")
	p.done(failed)
	p.close()
	want := "demo: 3 jobs: 1 up to date, 2 to run on 2 workers\n" +
		"[1/2] b            repeat 1   budget      train 2.5          42 evals cost 3.5 1.25s\n" +
		"[2/2] b            repeat 2   failed      train 2.5          42 evals cost 3.5 1.25s\n"
	if out.String() != want {
		t.Errorf("log:\n%q\nwant\n%q", out.String(), want)
	}

	// A classifier with a test set: each accuracy after its own loss.
	classifier := result("c", 0, runner.StatusCompleted)
	classifier.TestLoss, classifier.TrainAccuracy, classifier.TestAccuracy = 0.75, 0.8932, 0.8679
	if got, want := jobLine(classifier, false), "c            repeat 0   completed   train 2.5          acc 0.893 test 0.75         acc 0.868 42 evals cost 3.5 1.25s"; got != want {
		t.Errorf("classifier's line:\n%q\nwant\n%q", got, want)
	}

	// Nothing to run: no workers to speak of.
	out.Reset()
	p = newProgress(&out, "demo", 4, false)
	p.start(nil, []runner.Result{result("a", 0, runner.StatusCompleted)})
	p.close()
	if want := "demo: 1 job: 1 up to date, 0 to run\n"; out.String() != want {
		t.Errorf("all up to date:\n%q\nwant\n%q", out.String(), want)
	}

	out.Reset()
	q := newProgress(&out, "demo", 4, true)
	q.start(toRun, nil)
	q.done(failed)
	q.close()
	if out.Len() != 0 || q.stepHook() != nil {
		t.Errorf("--quiet printed %q", out.String())
	}
}

var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// The live view, driven as the runner drives it, into a buffer.
func liveOutput(color bool) string {
	var out bytes.Buffer
	p := newLiveProgress(&out, "demo", 2, color, 0)
	p.every = time.Hour // only the draws below
	jobs := []runner.Job{{Index: 0, RunName: "a"}, {Index: 1, RunName: "b", Repeat: 1}}
	p.start(jobs, nil)
	p.step(jobs[0], runner.Progress{Record: runner.Record{Stage: 1, Optimizer: "adam", Step: 1, TrainLoss: 3}, Stages: 1, Steps: 1, MaxSteps: 4})
	p.step(jobs[1], runner.Progress{Record: runner.Record{Stage: 1, Optimizer: "adam", Step: 2, TrainLoss: 5}, Stages: 1, Steps: 2})
	p.mu.Lock()
	p.draw()
	p.mu.Unlock()
	p.done(result("a", 0, runner.StatusCompleted))
	p.mu.Lock()
	p.draw()
	p.mu.Unlock()
	p.done(result("b", 1, runner.StatusDiverged))
	p.close()
	return out.String()
}

func TestLiveProgress(t *testing.T) {
	plain := liveOutput(false)
	if sgr.MatchString(plain) {
		t.Errorf("colour escapes without colour:\n%q", plain)
	}
	// The frame of two running jobs and the totals, then, one job done,
	// the cursor goes back up 3 lines to print its log line and redraw.
	for _, want := range []string{
		"demo: 2 jobs: 0 up to date, 2 to run on 2 workers\n",
		"  a            repeat 0   stage 1/1 adam             step 1     loss 3            eta ?",
		"  b            repeat 1   stage 1/1 adam             step 2     loss 5            eta ?",
		"\x1b[3A\r[1/2] a            repeat 0   completed   train 2.5",
		"[2/2] b            repeat 1   diverged    train 2.5",
	} {
		if !strings.Contains(plain, want) {
			t.Errorf("live output lacks %q:\n%q", want, plain)
		}
	}
	// close leaves no frame behind: it ends by erasing below the logs.
	if !strings.HasSuffix(plain, "1.25s"+eraseLine+"\n"+eraseBelow) {
		t.Errorf("live output does not end by erasing the frame:\n%q", plain)
	}

	colored := liveOutput(true)
	if !strings.Contains(colored, "\x1b[32mcompleted  \x1b[0m") || !strings.Contains(colored, "\x1b[31mdiverged   \x1b[0m") {
		t.Errorf("statuses not coloured:\n%q", colored)
	}
	if sgr.ReplaceAllString(colored, "") != plain {
		t.Errorf("with colour removed, the output differs from the uncoloured one")
	}
}

func TestNoColor(t *testing.T) {
	for value, want := range map[string]bool{"": true, "1": false, "yes": false} {
		t.Setenv("NO_COLOR", value)
		if got := useColor(); got != want {
			t.Errorf("NO_COLOR=%q: colour %v, want %v", value, got, want)
		}
	}
}

// An interrupted run's jobs that never started get one line between them,
// in the plain log and in the live view, not one line each.
func TestProgressCountsJobsNotStarted(t *testing.T) {
	notStarted := func(i int) runner.Result {
		r := result("b", i, runner.StatusInterrupted)
		r.Err = fmt.Errorf("%w: %w", runner.ErrNotStarted, context.Canceled)
		return r
	}
	stopped := result("a", 0, runner.StatusInterrupted)
	stopped.Err = errors.New("runner: interrupted at stage 1 step 3: context canceled")
	jobs := []runner.Job{{Index: 0}, {Index: 1}, {Index: 2}, {Index: 3}}

	var out bytes.Buffer
	p := newProgress(&out, "demo", 1, false)
	p.start(jobs, nil)
	p.done(stopped)
	for i := 1; i <= 3; i++ {
		p.done(notStarted(i))
	}
	p.close()
	want := "demo: 4 jobs: 0 up to date, 4 to run on 1 worker\n" +
		"[1/4] a            repeat 0   interrupted train 2.5          42 evals cost 3.5 1.25s\n" +
		"3 jobs not started (interrupted)\n"
	if out.String() != want {
		t.Errorf("log:\n%q\nwant\n%q", out.String(), want)
	}

	out.Reset()
	live := newLiveProgress(&out, "demo", 1, false, 0)
	live.every = time.Hour
	live.start(jobs[:2], nil)
	live.done(stopped)
	live.done(notStarted(1))
	live.close()
	if got := out.String(); !strings.Contains(got, "[1/2] a ") || strings.Contains(got, "[2/2]") ||
		!strings.Contains(got, "1 job not started (interrupted)"+eraseLine+"\n") {
		t.Errorf("live view:\n%q", got)
	}
}

// A step under way shows how far it got, the parameters done, the rate of
// candidates and the step's ETA from its own pace; the frame's own ETA
// still counts whole steps.
func TestRenderFrameWithinAStep(t *testing.T) {
	sweep := liveJob{Run: "fashion", Stage: 1, Stages: 1, Optimizer: "search", Step: 1, Steps: 1, MaxSteps: 3, Loss: 0.05, Elapsed: 100,
		Within: runner.Within{Stage: 1, Optimizer: "search", Step: 2, Done: 0.41, Params: 50890,
			StepEvaluations: 130_000, StepElapsed: 41}}
	got := renderFrame([]liveJob{sweep}, liveTotals{Jobs: 1, Running: 1}, false, 0)[0]
	want := "  fashion      repeat 0   stage 1/1 search           step 1     loss 0.05         eta 3m20s" +
		"  step 2: 41% 20865/50890 params 3.2k cand/s eta 59s"
	if got != want {
		t.Errorf("frame line:\n%q\nwant\n%q", got, want)
	}
	// A time budget that ends the job before its steps would: the ETA is
	// what is left of it, counting the step under way (100 s at the last
	// record, 41 s into this step, 570 s allowed).
	budgeted := sweep
	budgeted.MaxSteps, budgeted.MaxSeconds = 1000, 570
	if got := eta(budgeted); got != "7m09s (budget)" {
		t.Errorf("eta with a time budget: %q, want 7m09s (budget)", got)
	}
	budgeted.MaxSteps = 0 // steps unknown: the budget alone
	if got := eta(budgeted); got != "7m09s (budget)" {
		t.Errorf("eta with a time budget and no step limit: %q", got)
	}
	budgeted.MaxSteps, budgeted.MaxSeconds = 3, 10_000 // the steps end it first
	if got := eta(budgeted); got != "3m20s" {
		t.Errorf("eta with a distant time budget: %q, want 3m20s", got)
	}
	// The budget counts training time, the ETA wall time: a job that has
	// spent 150 s of wall time on 100 s of training (the runner watched it
	// for the rest) has 570 - (100 + 41·2/3) = 442.7 s of its budget left,
	// about 664 s of wall time at that pace, and its steps take 150 s
	// each, not 100.
	watched := budgeted
	watched.Wall, watched.MaxSteps, watched.MaxSeconds = 150, 1000, 570
	if got := eta(watched); got != "11m04s (budget)" {
		t.Errorf("eta with a time budget and a watched job: %q, want 11m04s (budget)", got)
	}
	watched.MaxSteps, watched.MaxSeconds = 3, 10_000
	if got := eta(watched); got != "5m00s" {
		t.Errorf("eta by steps of a watched job: %q, want 5m00s", got)
	}
	// Before any step has ended, the first step's own pace: 41% in 41 s,
	// so 59 s more for it and 100 s for each of the two after it.
	first := sweep
	first.Steps, first.Elapsed = 0, 0
	if got := eta(first); got != "4m19s" {
		t.Errorf("eta within the first step: %q, want 4m19s", got)
	}
	// A step's first moments (its set-up included) give no ETA of its own.
	early := sweep
	early.Within.Done, early.Within.StepElapsed, early.Within.StepEvaluations = 0.0001, 0.5, 40
	if got := within(early); got != "step 2: 0% 5/50890 params 80 cand/s" {
		t.Errorf("a step's first half second: %q", got)
	}
	for _, c := range []struct {
		rate float64
		want string
	}{{950, "950"}, {3149, "3.1k"}, {42_400, "42k"}, {1_250_000, "1.2M"}} {
		if got := count(c.rate); got != c.want {
			t.Errorf("count(%v) = %q, want %q", c.rate, got, c.want)
		}
	}
}

// oneLiveJob is a live view of one job, drawn only when frame asks.
func oneLiveJob() (p *liveProgress, job runner.Job, frame func() string) {
	var out bytes.Buffer
	p = newLiveProgress(&out, "demo", 1, false, 0)
	p.every = time.Hour
	job = runner.Job{Index: 0, RunName: "a"}
	p.start([]runner.Job{job}, nil)
	return p, job, func() string {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.draw()
		return p.last
	}
}

// The live view follows OnWithin between records and forgets a step's
// progress once the runner records that step's end.
func TestLiveProgressWithin(t *testing.T) {
	p, job, frame := oneLiveJob()
	within := p.withinHook()
	if within == nil {
		t.Fatal("the live view does not ask for progress within steps")
	}
	within(job, runner.Within{Step: 1, Done: 0.5}) // before the job's first record: ignored
	p.step(job, runner.Progress{Record: runner.Record{Stage: 1, Optimizer: "search", Step: 0, Progress: 1, TrainLoss: 9}, Stages: 1})
	within(job, runner.Within{Stage: 1, Step: 1, Done: 0.25, Params: 100, StepEvaluations: 2000, StepElapsed: 2})
	if f := frame(); !strings.Contains(f, "step 1: 25% 25/100 params 1.0k cand/s eta 6s") {
		t.Errorf("frame within the first step:\n%q", f)
	}
	p.step(job, runner.Progress{Record: runner.Record{Stage: 1, Optimizer: "search", Step: 1, Progress: 1, TrainLoss: 4}, Stages: 1, Steps: 1})
	if f := frame(); strings.Contains(f, "25%") {
		t.Errorf("the step ended but its progress stays:\n%q", f)
	}
	// A time budget of 600 s; the step ended at 100 s, a record half-way
	// through the next at 150 s, and 52 s into that step now: 448 s are
	// left, not 600 - 150 - 52 (found by review).
	p.step(job, runner.Progress{Record: runner.Record{Stage: 1, Optimizer: "search", Step: 1, Progress: 1, TrainLoss: 4, Elapsed: 100}, Stages: 1, Steps: 1, MaxSeconds: 600})
	p.step(job, runner.Progress{Record: runner.Record{Stage: 1, Optimizer: "search", Step: 2, Progress: 0.5, TrainLoss: 3, Elapsed: 150}, Stages: 1, Steps: 2, MaxSeconds: 600})
	within(job, runner.Within{Stage: 1, Step: 2, Done: 0.52, Params: 100, StepEvaluations: 5200, StepElapsed: 52})
	if f := frame(); !strings.Contains(f, "eta 7m28s (budget)") {
		t.Errorf("frame with a record part-way through the step:\n%q", f)
	}
	p.close()
	var q quietProgress
	var l logProgress
	if q.withinHook() != nil || l.withinHook() != nil {
		t.Error("a display that shows no frame asks for progress within steps")
	}
}

// A record part-way through a step carries the running step in Steps, as
// the runner counts a step when it begins; the ETA's pace is that of the
// steps done. Thirty sweeps of 100 s after 0.5 s of set-up, with a record
// 30% into a sweep: in the first sweep the ETA is its own pace's, 70 s
// left of it and 29 sweeps (49m30s), not 0.5 s over one step done (15s);
// in the second, 100.5 s for the one done times 29 (48m35s), not 100.5 s
// over two (found by review).
func TestLiveProgressEtaIgnoresRecordsPartWay(t *testing.T) {
	p, job, frame := oneLiveJob()
	within := p.withinHook()
	rec := func(step int, progress, elapsed float64, steps int) {
		p.step(job, runner.Progress{Record: runner.Record{Stage: 1, Optimizer: "search", Step: step, Progress: progress, TrainLoss: 1, Elapsed: elapsed}, Stages: 1, Steps: steps, MaxSteps: 30})
	}
	rec(0, 1, 0.5, 0)
	rec(1, 0.3, 30.5, 1)
	within(job, runner.Within{Stage: 1, Step: 1, Done: 0.3, Params: 100, StepEvaluations: 3000, StepElapsed: 30})
	if f := frame(); !strings.Contains(f, "eta 49m30s") {
		t.Errorf("30%% into the first of 30 sweeps of 100 s:\n%q", f)
	}
	rec(1, 1, 100.5, 1)
	rec(2, 0.3, 130.5, 2)
	within(job, runner.Within{Stage: 1, Step: 2, Done: 0.3, Params: 100, StepEvaluations: 3000, StepElapsed: 30})
	if f := frame(); !strings.Contains(f, "eta 48m35s") {
		t.Errorf("30%% into the second of 30 sweeps of 100 s:\n%q", f)
	}
	p.close()
}
