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
