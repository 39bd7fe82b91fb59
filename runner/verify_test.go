package runner_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/registry"
	"github.com/nnexp/nnexp/runner"
)

// forgetful is a plug-in optimizer with the bug the runner's check exists
// for: it tries a perturbation of every parameter, and when the loss gets
// worse it puts back the loss but forgets to put back the parameters.
type forgetful struct{}

func (*forgetful) Method() optimize.Method { return &forgetfulMethod{} }

type forgetfulMethod struct {
	p     optimize.Problem
	steps int
}

func (m *forgetfulMethod) Init(p optimize.Problem, _ *optimize.Location, _ optimize.Env) error {
	m.p = p
	return nil
}

func (m *forgetfulMethod) Step(loc *optimize.Location) (optimize.Status, error) {
	m.steps++
	for i := range loc.X {
		// Alternate directions, so that some moves make the loss worse.
		loc.X[i] += 0.5 * float64(1-2*(i%2))
		if f := m.p.Func(loc.X); f < loc.F {
			loc.F = f
		}
		// The bug: a worse value is not put back.
	}
	if m.steps == 3 {
		return optimize.IterationLimit, nil
	}
	return optimize.Running, nil
}

// lyingPieces is MAE whose nn.ErrorPieces claims |d| - 1000: the search's
// bulk scores follow the claim, Row does not. The scorer catches it
// itself: the first exact loss outside its score's bound sends every value
// of that parameter to an exact evaluation, so the search reports Row's
// losses and its job passes the runner's checks.
type lyingPieces struct{ losses.MAE }

func (lyingPieces) ErrorPiece(q int) (a2, a1, a0 float64) {
	if q == 0 {
		return 0, -1, -1000
	}
	return 0, 1, -1000
}

type lyingPiecesConfig struct{}

func (*lyingPiecesConfig) Loss() nn.Loss { return lyingPieces{} }

func init() {
	registry.RegisterOptimizer(registry.Optimizer{
		Name: "zz_forgetful",
		Doc:  "test optimizer that misreports its loss",
		New:  func() registry.OptimizerConfig { return &forgetful{} },
	})
	registry.RegisterLoss(registry.Loss{
		Name: "zz_lying_pieces",
		Doc:  "test loss whose ErrorPieces lies",
		New:  func() registry.LossConfig { return &lyingPiecesConfig{} },
	})
}

// TestRunnerVerifiesReportedLoss: a method that misreports its loss fails
// only its own job, with an error naming the component and both values,
// and the failed job's summary loss is the recomputed one; the honest job
// beside it completes, and so does the one whose loss's fast-path
// capability lies, which the scorer's own check corrects (it failed here
// as a misreported loss before that check).
func TestRunnerVerifiesReportedLoss(t *testing.T) {
	exp := load(t, `
experiment "trust" {}
dataset "d" { source = "diabetes" }
model "m" {
  hidden = [5, 4]
  init {
    weights = [-5, 5]
    biases  = [-5, 5]
  }
}
pipeline "forgetful" {
  optimizer "zz_forgetful" {}
}
pipeline "search" {
  optimizer "search" {
    weight_steps = 9
    bias_steps   = 9
    iterations   = 2
  }
}
run "forgetful" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.forgetful
}
run "lying_loss" {
  dataset  = dataset.d
  model    = model.m
  loss     = "zz_lying_pieces"
  pipeline = pipeline.search
}
run "honest" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mae"
  pipeline = pipeline.search
}
`)
	want := map[string]struct{ status, errPrefix, names string }{
		"forgetful":  {runner.StatusFailed, "runner: stage 1 (zz_forgetful) step 3: optimizer \"zz_forgetful\" reported training loss ", `under loss "mse"`},
		"lying_loss": {runner.StatusCompleted, "", ""},
		"honest":     {runner.StatusCompleted, "", ""},
	}
	for _, r := range runner.Run(context.Background(), exp, runner.Options{Parallel: 2}) {
		w := want[r.Run.Name]
		msg := ""
		if r.Err != nil {
			msg = r.Err.Error()
		}
		if r.Status != w.status || !strings.HasPrefix(msg, w.errPrefix) || !strings.Contains(msg, w.names) {
			t.Errorf("%s: status %s, error %q; want %s, an error starting %q and naming %s", r.Run.Name, r.Status, msg, w.status, w.errPrefix, w.names)
		}
		if r.Status != runner.StatusFailed {
			continue
		}
		reported := r.History[len(r.History)-1].TrainLoss
		if r.TrainLoss == reported || math.IsNaN(r.TrainLoss) {
			t.Errorf("%s: summary train loss %v is the reported %v, not the recomputed one", r.Run.Name, r.TrainLoss, reported)
		}
		if r.Run.Name == "lying_loss" && !(r.TrainLoss >= 0) {
			t.Errorf("lying_loss: recomputed MAE %v is negative", r.TrainLoss)
		}
	}
}
