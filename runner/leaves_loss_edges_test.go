package runner_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/registry"
	"github.com/nnexp/nnexp/runner"
)

// leaving is an optimizer that leaves its loss to the runner and moves
// the first parameter by 0.01 a step, evaluating nothing; at step
// CancelAt it cancels the run (stopRun) and returns no error, as a method
// whose last look at the context came just before would; at step
// ShrinkAt it drops a parameter.
type leaving struct {
	Steps    int `hcl:"steps,optional"`
	CancelAt int `hcl:"cancel_at,optional"`
	ShrinkAt int `hcl:"shrink_at,optional"`
}

func (c *leaving) Method() optimize.Method { return &leavingMethod{cfg: *c} }

type leavingMethod struct {
	cfg   leaving
	steps int
}

func (m *leavingMethod) Init(optimize.Problem, *optimize.Location, optimize.Env) error { return nil }

func (m *leavingMethod) LeavesLoss() bool { return true }

func (m *leavingMethod) Step(loc *optimize.Location) (optimize.Status, error) {
	m.steps++
	loc.X[0] += 0.01
	switch m.steps {
	case m.cfg.CancelAt:
		stopRun.Lock()
		stopRun.cancel()
		stopRun.Unlock()
	case m.cfg.ShrinkAt:
		loc.X = loc.X[:len(loc.X)-1]
	}
	if m.steps >= m.cfg.Steps {
		return optimize.IterationLimit, nil
	}
	return optimize.Running, nil
}

func init() {
	registry.RegisterOptimizer(registry.Optimizer{
		Name: "zz_leaving",
		Doc:  "test optimizer that leaves its loss to the runner",
		New:  func() registry.OptimizerConfig { return &leaving{Steps: 3} },
	})
}

// leavingRun is one run of the pipeline's optimizer blocks on diabetes.
func leavingRun(t *testing.T, ctx context.Context, blocks string) runner.Result {
	t.Helper()
	return runner.Run(ctx, load(t, `
experiment "leaving" { seed = 5 }
dataset "d" { source = "diabetes" }
model "m" { hidden = [3] }
pipeline "p" {
`+blocks+`
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`), runner.Options{})[0]
}

// A run cancelled during a step that leaves its loss, after the method's
// last look at the context, is interrupted (and runs again next time),
// not failed for a NaN loss the runner never took.
func TestLeavingStepCancelledLateIsInterrupted(t *testing.T) {
	r := leavingRun(t, cancellableByMethod(t), `optimizer "zz_leaving" { cancel_at = 2 }`)
	if r.Status != runner.StatusInterrupted || !errors.Is(r.Err, context.Canceled) {
		t.Errorf("status %s, error %v; want interrupted", r.Status, r.Err)
	}
}

// A method that leaves its loss and drops a parameter fails its job with
// the runner's length error, before the runner evaluates anything at the
// wrong length.
func TestLeavingStepThatShrinksFails(t *testing.T) {
	r := leavingRun(t, context.Background(), `optimizer "zz_leaving" { shrink_at = 1 }`)
	if r.Status != runner.StatusFailed || r.Err == nil || !strings.Contains(r.Err.Error(), "left 36 parameters where the model has 37") {
		t.Errorf("status %s, error %v; want failed for the length", r.Status, r.Err)
	}
}

// A stage that starts where a stage that left its loss stopped pays for
// that loss, as a first stage pays for its start: after three steps that
// evaluate nothing, one Adam epoch with a plateau schedule (a gradient and
// the loss its schedule reads) brings the job to 1 + 1 + 2 evaluations,
// and one pass more than the epoch's own.
func TestStageAfterALeftLossPaysForItsStart(t *testing.T) {
	adam := `optimizer "adam" {
    epochs = 1
    plateau {}
  }`
	alone := leavingRun(t, context.Background(), adam)
	after := leavingRun(t, context.Background(), `optimizer "zz_leaving" {}
  `+adam)
	for _, r := range []runner.Result{alone, after} {
		if r.Status != runner.StatusCompleted || r.Err != nil {
			t.Fatalf("status %s, error %v", r.Status, r.Err)
		}
	}
	if alone.Evaluations != 1+2 || after.Evaluations != 1+1+2 {
		t.Errorf("%d evaluations for the epoch alone, %d after the leaving stage; want 3 and 4", alone.Evaluations, after.Evaluations)
	}
	// The epoch's gradient costs the same at either start but for the
	// deltas a ReLU zeroes, so only the start's pass is compared exactly.
	leavingEnd := after.History[4] // start, three steps, then stage 2's start
	if leavingEnd.Stage != 2 || leavingEnd.Step != 0 || leavingEnd.Cost != 1 {
		t.Errorf("stage 2 starts at %+v; want stage 2 step 0 at the start's 1 pass, the stage's own not yet paid", leavingEnd)
	}
	if first := after.History[5]; first.Evaluations != 4 || !(first.Cost > 2) {
		t.Errorf("stage 2's epoch ends at %d evaluations and %v passes; want 4 and more than the two passes of the starts", first.Evaluations, first.Cost)
	}
}
