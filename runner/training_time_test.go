package runner_test

import (
	"context"
	"testing"
	"time"

	"github.com/nnexp/nnexp/runner"
)

// watchedBudget is Adam on diabetes with far more epochs than 0.2 s of
// training allows (an epoch takes well under a millisecond).
const watchedBudget = `
experiment "watched" { seed = 4 }
dataset "d" { source = "diabetes" }
model "m" { hidden = [5, 4] }
pipeline "p" {
  optimizer "adam" {
    learning_rate = 0.01
    epochs        = 1000000
  }
}
run "r" {
  dataset     = dataset.d
  model       = model.m
  loss        = "mse"
  pipeline    = pipeline.p
  max_seconds = 0.2
}
`

// The time a job is charged is its training time: a display that takes
// 150 ms over each of the first three records (the start and two epochs)
// uses up none of a 0.2 s max_seconds, which a wall clock would have
// spent before the third epoch, and is not in the job's seconds either.
func TestWatchingIsNotTrainingTime(t *testing.T) {
	const slow, slowRecords = 150 * time.Millisecond, 3
	records := 0
	opt := runner.Options{Parallel: 1, OnStep: func(runner.Job, runner.Progress) {
		if records++; records <= slowRecords {
			time.Sleep(slow)
		}
	}}
	start := time.Now()
	res := runner.Run(context.Background(), load(t, watchedBudget), opt)
	wall := time.Since(start)
	r := res[0]
	if r.Status != runner.StatusBudget || !r.TimeLimited {
		t.Fatalf("status %s (time limited %v), error %v; want stopped by max_seconds", r.Status, r.TimeLimited, r.Err)
	}
	if epochs := len(r.History) - 1; epochs <= 10 {
		t.Errorf("%d epochs in 0.2 s of training; the display's %v counted against the budget", epochs, slowRecords*slow)
	}
	if max := wall - slowRecords*slow; r.Elapsed > max.Seconds() {
		t.Errorf("job's seconds %v, more than the %v of wall time (%v) less the display's %v", r.Elapsed, max, wall, slowRecords*slow)
	}
	if r.Elapsed < 0.2 {
		t.Errorf("job's seconds %v, under the 0.2 s of training that stopped it", r.Elapsed)
	}
}
