package runner_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/registry"
	"github.com/nnexp/nnexp/runner"
)

// misbehaving is an optimizer whose Step does what its mode says on the
// given step, so the runner's handling of a bad job can be checked.
type misbehaving struct {
	Mode string `hcl:"mode,optional"`
	At   int    `hcl:"at,optional"`
}

func (c *misbehaving) Method() optimize.Method { return &misbehavingMethod{cfg: *c} }

type misbehavingMethod struct {
	cfg   misbehaving
	steps int
	p     optimize.Problem
}

func (m *misbehavingMethod) Init(p optimize.Problem, _ *optimize.Location, _ optimize.Env) error {
	m.p = p
	if m.cfg.Mode == "init_error" {
		return errorString("refuses to start")
	}
	return nil
}

func (m *misbehavingMethod) Step(loc *optimize.Location) (optimize.Status, error) {
	m.steps++
	if m.steps == m.cfg.At {
		switch m.cfg.Mode {
		case "nan":
			// A real divergence: the parameters' loss is NaN too.
			loc.X[0], loc.F = math.NaN(), math.NaN()
		case "lie_nan":
			// Reports NaN where the parameters' loss is finite.
			loc.F = math.NaN()
		case "grow":
			loc.X = append(loc.X, 123)
		case "shrink":
			loc.X = loc.X[:len(loc.X)-1]
		case "panic":
			panic("boom")
		case "budget_error":
			// Stops for a refused evaluation with words of its own
			// rather than Env.Err().
			for range 10 {
				if math.IsNaN(m.p.Func(loc.X)) {
					return optimize.Running, errorString("I stopped")
				}
			}
		case "short_x":
			// Func of one parameter, where the model has 25: it would
			// read the rest past the slice's end.
			loc.F = m.p.Func(loc.X[:1])
		case "error":
			return optimize.Running, errorString("gave up")
		}
	}
	if m.steps >= 5 {
		return optimize.IterationLimit, nil
	}
	return optimize.Running, nil
}

type errorString string

func (e errorString) Error() string { return string(e) }

func init() {
	registry.RegisterOptimizer(registry.Optimizer{
		Name: "zz_misbehaving",
		Doc:  "test optimizer that fails on purpose",
		New:  func() registry.OptimizerConfig { return &misbehaving{} },
	})
}

func TestBadJobsStopAlone(t *testing.T) {
	exp := load(t, `
experiment "bad" {}
dataset "d" { source = "diabetes" }
model "m" { hidden = [2] }
pipeline "nan" {
  optimizer "zz_misbehaving" {
    mode = "nan"
    at   = 3
  }
}
pipeline "panic" {
  optimizer "zz_misbehaving" {
    mode = "panic"
    at   = 2
  }
}
pipeline "error" {
  optimizer "zz_misbehaving" {
    mode = "error"
    at   = 4
  }
}
pipeline "init" {
  optimizer "zz_misbehaving" { mode = "init_error" }
}
pipeline "fine" {
  optimizer "zz_misbehaving" {}
}
pipeline "lie_nan" {
  optimizer "zz_misbehaving" {
    mode = "lie_nan"
    at   = 2
  }
}
pipeline "grow" {
  optimizer "zz_misbehaving" {
    mode = "grow"
    at   = 3
  }
}
pipeline "budget_error" {
  optimizer "zz_misbehaving" {
    mode = "budget_error"
    at   = 1
  }
}
pipeline "short_x" {
  optimizer "zz_misbehaving" {
    mode = "short_x"
    at   = 2
  }
}
pipeline "shrink" {
  optimizer "zz_misbehaving" {
    mode = "shrink"
    at   = 1
  }
}
run "nan" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.nan
}
run "panic" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.panic
}
run "error" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.error
}
run "init" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.init
}
run "fine" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.fine
}
run "lie_nan" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.lie_nan
}
run "grow" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.grow
}
run "budget_error" {
  dataset         = dataset.d
  model           = model.m
  loss            = "mse"
  pipeline        = pipeline.budget_error
  max_evaluations = 4
}
run "short_x" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.short_x
}
run "shrink" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.shrink
}
`)
	want := map[string]struct {
		status, err string
		records     int
	}{
		"nan": {runner.StatusDiverged, "runner: loss became NaN at stage 1 (zz_misbehaving) step 3", 4},
		// The panic names the line that raised it, for a method's author.
		"panic": {runner.StatusFailed, "runner: stage 1 (zz_misbehaving) step 2 panicked at ", 2},
		"error": {runner.StatusFailed, "runner: stage 1 (zz_misbehaving) step 4: gave up", 4},
		"init":  {runner.StatusFailed, "runner: stage 1 (zz_misbehaving) step 0: refuses to start", 1},
		"fine":  {runner.StatusCompleted, "", 6},
		// Step 2 reports NaN at parameters whose loss is finite: the job
		// fails, with the true loss recorded, instead of passing as
		// diverged.
		"lie_nan": {runner.StatusFailed, `runner: stage 1 (zz_misbehaving) step 2: optimizer "zz_misbehaving" reported training loss NaN, but its parameters give `, 3},
		// A changed parameter count fails the step that changed it,
		// before anything reads the vector.
		"grow": {runner.StatusFailed, `runner: stage 1 (zz_misbehaving) step 3: optimizer "zz_misbehaving" left 26 parameters where the model has 25; a method must keep Location.X's length`, 3},
		// A method's own error after the budget refused it fails the
		// job, and says the budget had run out.
		"budget_error": {runner.StatusFailed, "runner: stage 1 (zz_misbehaving) step 1: I stopped (the run's budget had run out: runner: max_evaluations reached", 1},
		"short_x":      {runner.StatusFailed, "runner: stage 1 (zz_misbehaving) step 2 panicked at ", 2},
		"shrink":       {runner.StatusFailed, `runner: stage 1 (zz_misbehaving) step 1: optimizer "zz_misbehaving" left 24 parameters where the model has 25; a method must keep Location.X's length`, 1},
	}
	for _, r := range runner.Run(context.Background(), exp, runner.Options{Parallel: 3}) {
		w := want[r.Run.Name]
		msg := ""
		if r.Err != nil {
			msg = r.Err.Error()
		}
		if r.Status != w.status || !strings.HasPrefix(msg, w.err) || (w.err == "") != (msg == "") || len(r.History) != w.records {
			t.Errorf("%s: status %s, error %q, %d records; want %s, %q, %d", r.Run.Name, r.Status, msg, len(r.History), w.status, w.err, w.records)
		}
		if r.Run.Name == "panic" && !(strings.Contains(msg, "runner/failure_test.go:") && strings.HasSuffix(msg, " (github.com/nnexp/nnexp/runner_test.(*misbehavingMethod).Step): boom")) {
			t.Errorf("panic: error %q does not name the panic's line in Step", msg)
		}
		if r.Run.Name == "short_x" && !(strings.Contains(msg, "objective: Func's x has 1 values where the model has 25 parameters; the call was at ") &&
			strings.Contains(msg, "runner/failure_test.go:") && strings.HasSuffix(msg, "(*misbehavingMethod).Step)")) {
			t.Errorf("short_x: error %q does not say x was short and where the method called Func", msg)
		}
		if r.Run.Name == "panic" && (r.Evaluations != 1 || r.Cost != 1) {
			// The start's evaluation, spent before the panic.
			t.Errorf("panic: %d evaluations, cost %v; want what it spent, 1 and 1", r.Evaluations, r.Cost)
		}
		if r.Status == runner.StatusFailed && !strings.HasPrefix(msg, "runner: ") {
			t.Errorf("%s: error %q lacks the package prefix", r.Run.Name, msg)
		}
	}
}

// A hand-built run (the Go API; the HCL decoder refuses it) whose cost
// budget is below one pass would pass it with the start point's
// evaluation alone: its jobs fail before that, and say why.
func TestCostBudgetBelowOnePassFails(t *testing.T) {
	exp := load(t, `
experiment "cap" {}
dataset "d" { source = "diabetes" }
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "search" { iterations = 1 }
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`)
	exp[0].MaxCost = 0.5
	res := runner.Run(context.Background(), exp, runner.Options{Parallel: 1})
	if len(res) != 1 || res[0].Status != runner.StatusFailed || res[0].Err == nil ||
		res[0].Err.Error() != `runner: run "r" has MaxCost 0.5; want 0 (none) or at least 1, the cost of evaluating the start point` {
		t.Fatalf("results %+v", res)
	}
}
