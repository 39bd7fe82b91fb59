package runner_test

import (
	"context"
	"testing"

	"github.com/nnexp/nnexp/runner"
)

// TestTargetsAndTimeBudget: target_loss and target_accuracy end a job at
// the step that reaches them (status target, its evaluations the cost of
// getting there); max_seconds ends a long job where its method stands,
// between minibatches, with the loss of the parameters it stopped at.
func TestTargetsAndTimeBudget(t *testing.T) {
	exp := load(t, `
experiment "stops" {}
dataset "diabetes" { source = "diabetes" }
dataset "iris" {
  source        = "iris"
  test_fraction = 0.3
  standardize   = true
}
model "m" { hidden = [4] }
pipeline "search" {
  optimizer "search" {
    weight_steps = 9
    bias_steps   = 9
    iterations   = 20
    tolerance    = 0
  }
}
pipeline "adam" {
  optimizer "adam" {
    learning_rate = 0.05
    epochs        = 1000000
    batch_size    = 8
  }
}
run "target_loss" {
  dataset     = dataset.diabetes
  model       = model.m
  loss        = "mse"
  pipeline    = pipeline.search
  target_loss = 25000
}
run "target_accuracy" {
  dataset         = dataset.iris
  model           = model.m
  loss            = "cross_entropy"
  pipeline        = pipeline.adam
  target_accuracy = 0.8
}
run "seconds" {
  dataset     = dataset.diabetes
  model       = model.m
  loss        = "mse"
  pipeline    = pipeline.adam
  max_seconds = 0.3
}
`)
	for _, r := range runner.Run(context.Background(), exp, runner.Options{Parallel: 3}) {
		last := r.History[len(r.History)-1]
		switch r.Run.Name {
		case "target_loss":
			before := r.History[len(r.History)-2]
			if r.Status != runner.StatusTarget || !(r.TrainLoss <= 25000) || !(before.TrainLoss > 25000) || len(r.History) >= 21 {
				t.Errorf("target_loss: status %s, loss %v after %v, %d records; want target at the first step at or below 25000", r.Status, r.TrainLoss, before.TrainLoss, len(r.History))
			}
		case "target_accuracy":
			if r.Status != runner.StatusTarget || !(r.TestAccuracy >= 0.8) || last.Step > 100000 {
				t.Errorf("target_accuracy: status %s, test accuracy %v at step %d", r.Status, r.TestAccuracy, last.Step)
			}
		case "seconds":
			if r.Status != runner.StatusBudget || r.Elapsed > 10 || last.TrainLoss != r.TrainLoss || last.Step >= 1000000 {
				t.Errorf("max_seconds: status %s after %.2fs, last record %+v, loss %v", r.Status, r.Elapsed, last, r.TrainLoss)
			}
		}
		if r.Err != nil {
			t.Errorf("%s: %v", r.Run.Name, r.Err)
		}
	}
}
