package cli

import (
	"context"
	"errors"
	"fmt"
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
