package runner_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/nnexp/nnexp/runner"
)

// watchedAdam is full-batch Adam for 10 epochs on a data set under a loss,
// twice from one start:
// "leaves" has no schedule, so it leaves each epoch's loss to the runner
// (optimize.LeavesLoss); "reads" has a plateau schedule whose patience
// outlasts the run, so it reads the loss it pays for but never changes
// the rate, and the two take the same steps.
const watchedAdam = `
experiment "watched" { seed = 4 }
dataset "d" { source = "%[1]s" }
model "m" { hidden = [5, 4] }
pipeline "leaves" {
  optimizer "adam" {
    learning_rate = 0.05
    epochs        = 10
  }
}
pipeline "reads" {
  optimizer "adam" {
    learning_rate = 0.05
    epochs        = 10
    plateau {
      patience = 100
    }
  }
}
run "leaves" {
  dataset  = dataset.d
  model    = model.m
  loss     = "%[2]s"
  pipeline = pipeline.leaves
}
run "reads" {
  dataset  = dataset.d
  model    = model.m
  loss     = "%[2]s"
  pipeline = pipeline.reads
}
`

// A loss nothing in the method reads is the runner's to evaluate, not the
// method's cost: the two runs record the same losses bit for bit (the
// runner's evaluation is Func's, as Adam's own is), and at epoch k the
// one that reads its loss has made k more evaluations and spent exactly
// k more forward passes. On classes the train accuracy is the same too
// (the runner reads it from its own loss's pass).
func TestLossLeftToTheRunnerIsNotTheMethodsCost(t *testing.T) {
	for _, c := range [][2]string{{"diabetes", "mse"}, {"iris", "cross_entropy"}} {
		t.Run(c[0], func(t *testing.T) { leftLossCosts(t, fmt.Sprintf(watchedAdam, c[0], c[1])) })
	}
}

func leftLossCosts(t *testing.T, src string) {
	results := runner.Run(context.Background(), load(t, src), runner.Options{Parallel: 2})
	byName := map[string]runner.Result{}
	for _, r := range results {
		if r.Err != nil || r.Status != runner.StatusCompleted {
			t.Fatalf("%s: status %s, error %v", r.Run.Name, r.Status, r.Err)
		}
		byName[r.Run.Name] = r
	}
	leaves, reads := byName["leaves"].History, byName["reads"].History
	if len(leaves) != 11 || len(reads) != 11 {
		t.Fatalf("%d and %d records, want the start and 10 epochs each", len(leaves), len(reads))
	}
	for k := range leaves {
		l, r := leaves[k], reads[k]
		if math.Float64bits(l.TrainLoss) != math.Float64bits(r.TrainLoss) {
			t.Errorf("epoch %d: training loss %v where the method left it, %v where it read it", k, l.TrainLoss, r.TrainLoss)
		}
		if math.Float64bits(l.TrainAccuracy) != math.Float64bits(r.TrainAccuracy) {
			t.Errorf("epoch %d: train accuracy %v where the method left the loss, %v where it read it", k, l.TrainAccuracy, r.TrainAccuracy)
		}
		if got := r.Evaluations - l.Evaluations; got != int64(k) {
			t.Errorf("epoch %d: %d more evaluations where the method read its loss, want %d", k, got, k)
		}
		if got := r.Cost - l.Cost; math.Abs(got-float64(k)) > 1e-9 {
			t.Errorf("epoch %d: cost %v where the method read its loss, %v where it left it: %v more, want %d", k, r.Cost, l.Cost, got, k)
		}
	}
	if first, last := leaves[0].TrainLoss, leaves[10].TrainLoss; !(last < first) {
		t.Errorf("training loss %v -> %v, want lower", first, last)
	}
}
