package randomsearch_test

import (
	"testing"

	"github.com/nnexp/nnexp/optimizers/internal/runnertest"
	"github.com/nnexp/nnexp/runner"

	_ "github.com/nnexp/nnexp/builtin"
)

// TestEmptyBlockRunsOnIris runs random_search with every setting at its
// default through the real runner (which checks loc.F against its own
// evaluation after the stage): 30 sweeps of the 4-5-3 network's 43
// parameters, two evaluations each through the exact scorer, never
// raising the cross-entropy.
func TestEmptyBlockRunsOnIris(t *testing.T) {
	src := `
experiment "rso" { seed = 5 }
dataset "iris" { source = "iris" }
model "m" { hidden = [5] }
pipeline "p" {
  optimizer "random_search" {}
}
run "r" {
  dataset  = dataset.iris
  model    = model.m
  loss     = "cross_entropy"
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
	h := r.History
	ends := 0
	for _, rec := range h {
		if rec.Progress == 1 {
			ends++
		}
	}
	if ends != 31 || len(h) <= ends {
		t.Fatalf("%d history records, %d at step ends; want the start and 30 sweeps, and points within the first", len(h), ends)
	}
	for i := 1; i < len(h); i++ {
		if h[i].TrainLoss > h[i-1].TrainLoss {
			t.Fatalf("loss rose from %g to %g at sweep %d", h[i-1].TrainLoss, h[i].TrainLoss, h[i].Step)
		}
	}
	if want := int64(1 + 30*2*43); r.Evaluations != want {
		t.Errorf("%d evaluations, want %d", r.Evaluations, want)
	}
	if !(r.TrainLoss < 0.5*h[0].TrainLoss) {
		t.Errorf("cross-entropy %g -> %g, want at least halved", h[0].TrainLoss, r.TrainLoss)
	}
	t.Logf("cross-entropy %.4g -> %.4g, train accuracy %.3g, %d evaluations", h[0].TrainLoss, r.TrainLoss, r.TrainAccuracy, r.Evaluations)
}
