package es_test

import (
	"testing"

	"github.com/nnexp/nnexp/optimizers/internal/runnertest"
	"github.com/nnexp/nnexp/runner"

	_ "github.com/nnexp/nnexp/builtin"
)

// TestEmptyBlockRunsOnDiabetes runs es with every setting at its default
// through the real runner (which checks loc.F against its own evaluation
// after the stage): 100 generations of 50 pairs, 10,001 evaluations with
// the start's (the mean's loss after each generation is the runner's own
// evaluation, not the method's), on a 10-4-1 network (49 parameters)
// under MSE.
func TestEmptyBlockRunsOnDiabetes(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a network on diabetes for about a second")
	}
	src := `
experiment "es" { seed = 2 }
dataset "d" { source = "diabetes" }
model "m" { hidden = [4] }
pipeline "p" {
  optimizer "es" {}
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`
	res := runnertest.Run(t, src)
	if len(res) != 1 {
		t.Fatalf("%d results, want 1", len(res))
	}
	r := res[0]
	if r.Status != runner.StatusCompleted || r.Err != nil {
		t.Fatalf("status %s, error %v", r.Status, r.Err)
	}
	if len(r.History) != 101 {
		t.Fatalf("%d history records, want the start and 100 generations", len(r.History))
	}
	if r.Evaluations != 1+100*100 {
		t.Errorf("%d evaluations, want 10001", r.Evaluations)
	}
	if start := r.History[0].TrainLoss; !(r.TrainLoss < start) {
		t.Errorf("MSE %g -> %g, want lower", start, r.TrainLoss)
	}
	t.Logf("MSE %.5g -> %.5g, %d evaluations", r.History[0].TrainLoss, r.TrainLoss, r.Evaluations)
}
