package sgd_test

import (
	"testing"

	_ "github.com/nnexp/nnexp/builtin"
	"github.com/nnexp/nnexp/optimizers/internal/runnertest"
	"github.com/nnexp/nnexp/runner"
)

// An experiment with an empty sgd block runs through the real runner on
// diabetes: 30 full-batch epochs at lr 1e-3 complete, each costing one
// gradient (the loss after each is the runner's evaluation, not SGD's:
// nothing reads it without a plateau schedule), and lower the training
// loss; and a minibatch, Nesterov, plateau block runs too, paying for the
// loss its schedule reads.
func TestThroughRunner(t *testing.T) {
	src := `
experiment "sgd" {}
dataset "d" { source = "diabetes" }
model "m" { hidden = [5, 4] }
pipeline "empty" {
  optimizer "sgd" {}
}
pipeline "full" {
  optimizer "sgd" {
    learning_rate = 0.002
    momentum      = 0.9
    nesterov      = true
    weight_decay  = 1e-4
    batch_size    = 64
    epochs        = 5
    plateau {
      patience = 1
    }
  }
}
run "empty" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.empty
}
run "full" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.full
}
`
	results := runnertest.Run(t, src)
	if len(results) != 2 {
		t.Fatalf("%d results, want 2", len(results))
	}
	for _, r := range results {
		if r.Status != runner.StatusCompleted || r.Err != nil {
			t.Fatalf("%s: status %s, error %v", r.Run.Name, r.Status, r.Err)
		}
		first := r.History[0].TrainLoss
		t.Logf("%s: training MSE %v -> %v in %d evaluations", r.Run.Name, first, r.TrainLoss, r.Evaluations)
		if !(r.TrainLoss < first) {
			t.Errorf("%s: training loss %v, not below the start %v", r.Run.Name, r.TrainLoss, first)
		}
	}
	// The start's loss, then a gradient per epoch; minibatches of 64 make
	// 7 gradients an epoch over 442 rows, and the schedule's loss one more.
	if e := results[0].Evaluations; e != 1+30 {
		t.Errorf("empty block: %d evaluations, want 31", e)
	}
	if e := results[1].Evaluations; e != 1+5*(7+1) {
		t.Errorf("full block: %d evaluations, want 41", e)
	}
}
