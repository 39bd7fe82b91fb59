package lstsq_test

import (
	"strings"
	"testing"

	_ "github.com/nnexp/nnexp/builtin"
	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/optimizers/internal/runnertest"
	"github.com/nnexp/nnexp/runner"
)

// Pipelines with lstsq run through the real runner on diabetes, whose
// recomputation of the loss after every stage checks loc.F bit for bit:
// an empty lstsq block alone, search then lstsq then search again (whose
// cached activations must see lstsq's change), and lstsq then adam. Each
// lstsq stage lowers the loss it starts from, and costs two evaluations
// (the forward pass and the fit's loss). Under MAE, the file does not
// load (registry.LossChecker); CheckProblem's refusal, for runs built in
// Go, is TestValidateAndCheckProblem's.
func TestThroughRunner(t *testing.T) {
	src := `
experiment "lstsq" {}
dataset "d" { source = "diabetes" }
model "m" { hidden = [5, 4] }
pipeline "alone" {
  optimizer "lstsq" {}
}
pipeline "search_lstsq" {
  optimizer "search" {
    weight_steps = 11
    bias_steps   = 11
    iterations   = 1
  }
  optimizer "lstsq" {}
  optimizer "search" {
    weight_steps = 11
    bias_steps   = 11
    iterations   = 1
  }
}
pipeline "lstsq_adam" {
  optimizer "lstsq" { ridge = 1e-3 }
  optimizer "adam" {
    learning_rate = 0.01
    epochs        = 5
  }
}
run "alone" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.alone
}
run "search_lstsq" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.search_lstsq
}
run "lstsq_adam" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.lstsq_adam
}
`
	maeRun := `
run "mae" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mae"
  pipeline = pipeline.alone
}
`
	if _, diags := dsl.NewLoader().Load("lstsq.hcl", []byte(src+maeRun), nil); !strings.Contains(diags.Error(), `uses "lstsq", which cannot minimize loss "mae"`) {
		t.Errorf("lstsq under MAE: diagnostics %q; want validate's refusal", diags.Error())
	}
	results := runnertest.Run(t, src)
	if len(results) != 3 {
		t.Fatalf("%d results, want 3", len(results))
	}
	for _, r := range results[:3] {
		if r.Status != runner.StatusCompleted || r.Err != nil {
			t.Fatalf("%s: status %s, error %v", r.Run.Name, r.Status, r.Err)
		}
		for i, h := range r.History {
			if h.Optimizer != "lstsq" || h.Step != 1 {
				continue
			}
			prev := r.History[i-1]
			t.Logf("%s: lstsq stage %d: MSE %.6g -> %.6g, %d evaluations", r.Run.Name, h.Stage, prev.TrainLoss, h.TrainLoss, h.Evaluations-prev.Evaluations)
			if !(h.TrainLoss < prev.TrainLoss) {
				t.Errorf("%s: lstsq took the loss from %v to %v", r.Run.Name, prev.TrainLoss, h.TrainLoss)
			}
			if n := h.Evaluations - prev.Evaluations; n != 2 {
				t.Errorf("%s: lstsq used %d evaluations, want 2", r.Run.Name, n)
			}
		}
		t.Logf("%s: final MSE %.6g after %d evaluations", r.Run.Name, r.TrainLoss, r.Evaluations)
	}
}
