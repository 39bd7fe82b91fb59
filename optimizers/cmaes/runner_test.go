package cmaes_test

import (
	"context"
	"testing"

	_ "github.com/nnexp/nnexp/builtin"
	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/plan"
	"github.com/nnexp/nnexp/runner"
)

// An experiment with an empty cmaes block runs through the real runner on
// the notebook's diabetes net (10-5-4-1, 79 parameters) to completion or
// convergence, below its start, and passes the runner's bit-for-bit check
// of the reported loss.
func TestThroughRunner(t *testing.T) {
	src := `
experiment "e" {}
dataset "d" { source = "diabetes" }
model "m" { hidden = [5, 4] }
pipeline "p" {
  optimizer "cmaes" {}
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`
	exp, diags := dsl.NewLoader().Load("test.hcl", []byte(src), nil)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	p, diags := plan.Resolve(exp)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	res := runner.Run(context.Background(), p.Runs, runner.Options{Parallel: 1})[0]
	if res.Err != nil || res.Status != runner.StatusCompleted && res.Status != runner.StatusConverged {
		t.Fatalf("status %s, error %v", res.Status, res.Err)
	}
	start := res.History[0].TrainLoss
	t.Logf("%s: training MSE %.6g -> %.6g in %d steps, %d evaluations", res.Status, start, res.TrainLoss, len(res.History)-1, res.Evaluations)
	if !(res.TrainLoss < start) {
		t.Errorf("training loss %v, not below the start's %v", res.TrainLoss, start)
	}
}
