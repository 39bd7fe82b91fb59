package runner_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/registry"
	"github.com/nnexp/nnexp/runner"
)

// A million minibatch epochs: a job that only stops when told to.
const endlessAdam = `
experiment "endless" {}
dataset "d" { source = "diabetes" }
model "m" { hidden = [3] }
pipeline "p" {
  optimizer "adam" {
    epochs     = 1000000
    batch_size = 16
  }
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`

func TestCancelFromOnStepStopsALongJob(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	steps := 0
	res := runner.Run(ctx, load(t, endlessAdam), runner.Options{
		OnStep: func(_ runner.Job, p runner.Progress) {
			steps++
			if p.Step == 3 {
				cancel()
			}
		},
	})[0]
	if res.Status != runner.StatusInterrupted || !errors.Is(res.Err, context.Canceled) {
		t.Fatalf("status %s, error %v; want interrupted by the cancellation", res.Status, res.Err)
	}
	// Records for steps 0..3, then the runner sees the cancellation before
	// the next epoch.
	if steps != 4 {
		t.Errorf("%d records after cancelling at step 3, want 4", steps)
	}
	if !strings.Contains(res.Err.Error(), "interrupted at stage 1 (adam) step 3") {
		t.Errorf("error %q does not say where the job stopped", res.Err)
	}
	// An interrupted job keeps nothing that could pass for a result.
	if res.History != nil || res.Params != nil || res.Evaluations != 0 || !math.IsNaN(res.TrainLoss) {
		t.Errorf("interrupted result keeps history %d, params %d, evaluations %d, loss %v",
			len(res.History), len(res.Params), res.Evaluations, res.TrainLoss)
	}
}

// stopping is an optimizer that cancels the run in the middle of a step
// and then, as a method watching Env.Context should, returns its error.
type stopping struct {
	At int `hcl:"at,optional"`
}

func (c *stopping) Method() optimize.Method { return &stoppingMethod{at: c.At} }

type stoppingMethod struct {
	at, steps int
	env       optimize.Env
}

// stopRun is the cancel function of the test that uses zz_stopping.
var stopRun struct {
	sync.Mutex
	cancel context.CancelFunc
}

func (m *stoppingMethod) Init(_ optimize.Problem, _ *optimize.Location, env optimize.Env) error {
	m.env = env
	return nil
}

func (m *stoppingMethod) Step(loc *optimize.Location) (optimize.Status, error) {
	m.steps++
	if m.steps == m.at {
		stopRun.Lock()
		stopRun.cancel()
		stopRun.Unlock()
		return optimize.Running, m.env.Err()
	}
	return optimize.Running, nil
}

func (m *stoppingMethod) MaxSteps() int { return 10 }

func init() {
	registry.RegisterOptimizer(registry.Optimizer{
		Name: "zz_stopping",
		Doc:  "test optimizer that interrupts the run inside a step",
		New:  func() registry.OptimizerConfig { return &stopping{} },
	})
}

// cancellableByMethod is a context the test optimizers cancel through
// stopRun, cancelled at the end of the test too.
func cancellableByMethod(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	stopRun.Lock()
	stopRun.cancel = cancel
	stopRun.Unlock()
	return ctx
}

func TestMethodStoppedByTheContextIsInterrupted(t *testing.T) {
	ctx := cancellableByMethod(t)
	var last runner.Progress
	res := runner.Run(ctx, load(t, `
experiment "stop" {}
dataset "d" { source = "diabetes" }
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "zz_stopping" { at = 2 }
}
run "r" {
  dataset     = dataset.d
  model       = model.m
  loss        = "mse"
  pipeline    = pipeline.p
  max_seconds = 3600
}
`), runner.Options{OnStep: func(_ runner.Job, p runner.Progress) { last = p }})[0]
	if res.Status != runner.StatusInterrupted || !errors.Is(res.Err, context.Canceled) {
		t.Errorf("status %s, error %v; want interrupted, not failed", res.Status, res.Err)
	}
	if last.Steps != 1 || last.MaxSteps != 10 || last.Stages != 1 || last.MaxSeconds != 3600 {
		t.Errorf("last progress %+v; want step 1 of at most 10, one stage, a budget of 3600 s", last)
	}
}
