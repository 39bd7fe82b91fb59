package cli

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/runner"
)

// TestJobMessagesCounted: a sweep whose every job fails prints the first
// maxJobMessages of them and one line counting the rest, not a line per
// job; the exit status still says a job failed.
func TestJobMessagesCounted(t *testing.T) {
	for _, jobs := range []int{maxJobMessages, maxJobMessages + 5} {
		var results []runner.Result
		for k := range jobs {
			results = append(results, runner.Result{Job: runner.Job{RunName: fmt.Sprintf("r%d", k)}, Status: runner.StatusFailed, Err: errors.New("boom")})
		}
		var stderr strings.Builder
		code := exitStatus(context.Background(), results, &stderr)
		lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
		if code != ExitFailure {
			t.Errorf("%d jobs: exit %d", jobs, code)
		}
		switch {
		case jobs == maxJobMessages && (len(lines) != jobs || strings.Contains(stderr.String(), "more job")):
			t.Errorf("%d jobs: %d lines:\n%s", jobs, len(lines), stderr.String())
		case jobs > maxJobMessages && (len(lines) != maxJobMessages+1 || lines[maxJobMessages] != "nnexp: 5 more job errors and warnings like these; summary.csv's status and error columns have every job's"):
			t.Errorf("%d jobs: %d lines, last %q", jobs, len(lines), lines[len(lines)-1])
		}
	}
}

// TestSummaryTableCapped: the console table lists up to maxSummaryRuns
// runs, then one line counting the rest.
func TestSummaryTableCapped(t *testing.T) {
	for _, runs := range []int{maxSummaryRuns, maxSummaryRuns + 3} {
		var results []runner.Result
		for k := range runs {
			results = append(results, runner.Result{Job: runner.Job{RunName: fmt.Sprintf("r%d", k)}, Status: runner.StatusCompleted, TrainLoss: 1})
		}
		var out strings.Builder
		writeSummary(&out, results)
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		want := 1 + min(runs, maxSummaryRuns) // the header, the runs
		if runs > maxSummaryRuns {
			want++
			if last := lines[len(lines)-1]; !strings.HasPrefix(last, "... and 3 more runs") {
				t.Errorf("last line %q", last)
			}
		}
		if len(lines) != want {
			t.Errorf("%d runs: %d lines, want %d", runs, len(lines), want)
		}
	}
}

// TestUnsavedJobsCounted: finished jobs that could not be stored are one
// warning with the first one's cause and a count of the others, apart
// from the capped job messages (summary.csv does not have them).
func TestUnsavedJobsCounted(t *testing.T) {
	var results []runner.Result
	for k := range maxJobMessages + 3 {
		r := runner.Result{Job: runner.Job{RunName: fmt.Sprintf("r%d", k)}, Status: runner.StatusDiverged, Err: errors.New("loss is NaN")}
		if k < 4 {
			r.SaveErr = fmt.Errorf("runner: store job %d: disk full", k)
		}
		results = append(results, r)
	}
	var stderr strings.Builder
	if code := exitStatus(context.Background(), results, &stderr); code != ExitFailure {
		t.Errorf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	want := []string{
		"nnexp: 3 more job errors and warnings like these; summary.csv's status and error columns have every job's",
		"nnexp: warning: runner: store job 0: disk full (it will run again next time)",
		"nnexp: warning: 3 more finished jobs could not be stored for reuse either (they will run again next time)",
	}
	if len(lines) != maxJobMessages+len(want) {
		t.Fatalf("%d lines:\n%s", len(lines), stderr.String())
	}
	for k, w := range want {
		if got := lines[maxJobMessages+k]; got != w {
			t.Errorf("line %d: %q, want %q", maxJobMessages+k, got, w)
		}
	}
}

// TestSummaryNamesDifferentLosses: runs on different losses get a loss
// column, since their loss columns mix scales; runs on one loss do not.
func TestSummaryNamesDifferentLosses(t *testing.T) {
	spec := func(name, loss string) *runner.Spec { return &runner.Spec{Name: name, LossName: loss} }
	results := []runner.Result{
		{Job: runner.Job{RunName: "a", Run: spec("a", "mse")}, Status: runner.StatusCompleted, TrainLoss: 2600},
		{Job: runner.Job{RunName: "b", Run: spec("b", "mae")}, Status: runner.StatusCompleted, TrainLoss: 40},
	}
	var out strings.Builder
	writeSummary(&out, results)
	lines := strings.Split(out.String(), "\n")
	if fields := strings.Fields(lines[0]); len(fields) < 2 || fields[1] != "loss" {
		t.Errorf("header %q has no loss column after run", lines[0])
	}
	if fields := strings.Fields(lines[2]); len(fields) < 3 || fields[0] != "b" || fields[1] != "mae" || fields[2] != "1" {
		t.Errorf("run b's row %q, want b mae 1 ...", lines[2])
	}
	results[1].Run = spec("b", "mse")
	out.Reset()
	writeSummary(&out, results)
	if fields := strings.Fields(out.String()); len(fields) < 2 || fields[1] != "repeats" {
		t.Errorf("runs on one loss get a loss column:\n%s", out.String())
	}
}

// A run whose every job failed has no mean evaluations: a dash, as for
// its losses, not NaN.
func TestSummaryOfFailedRun(t *testing.T) {
	results := []runner.Result{{Job: runner.Job{RunName: "broken"}, Status: runner.StatusFailed, TrainLoss: math.NaN(), TestLoss: math.NaN()}}
	var out strings.Builder
	writeSummary(&out, results)
	if strings.Contains(out.String(), "NaN") {
		t.Errorf("summary of a failed run:\n%s", out.String())
	}
}
