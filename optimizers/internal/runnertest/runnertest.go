package runnertest

import (
	"context"
	"fmt"
	"testing"

	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/plan"
	"github.com/nnexp/nnexp/runner"
)

// Run loads src as an experiment file, plans it and runs all its jobs, one
// at a time, failing t at once when src does not load or plan.
func Run(t testing.TB, src string) []runner.Result {
	t.Helper()
	exp, diags := dsl.NewLoader().Load("test.hcl", []byte(src), nil)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	work, diags := plan.Resolve(exp)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return runner.Run(context.Background(), work.Runs, runner.Options{Parallel: 1})
}

// EmptyBlockLowersLoss runs an empty block of the optimizer named
// optimizer, its every setting at its default, on the notebook's diabetes
// net (10-5-4-1, 79 parameters) under MSE, and fails t unless the job
// completes or converges below its starting loss.
func EmptyBlockLowersLoss(t testing.TB, optimizer string) {
	t.Helper()
	src := fmt.Sprintf(`
experiment "e" {}
dataset "d" { source = "diabetes" }
model "m" { hidden = [5, 4] }
pipeline "p" {
  optimizer %q {}
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`, optimizer)
	res := Run(t, src)[0]
	if res.Err != nil || res.Status != runner.StatusCompleted && res.Status != runner.StatusConverged {
		t.Fatalf("%s: status %s, error %v", optimizer, res.Status, res.Err)
	}
	start := res.History[0].TrainLoss
	t.Logf("%s: %s: training MSE %.6g -> %.6g in %d steps, %d evaluations", optimizer, res.Status, start, res.TrainLoss, len(res.History)-1, res.Evaluations)
	if !(res.TrainLoss < start) {
		t.Errorf("%s: training loss %v, not below the start's %v", optimizer, res.TrainLoss, start)
	}
}
