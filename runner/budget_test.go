package runner_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/registry"
	"github.com/nnexp/nnexp/runner"
)

// budgetSearch is one run of search on iris (4 inputs -> 2 -> 3 classes:
// 14 weights on a 6-point grid and 5 biases on a 4-point grid), so one
// sweep costs 14*6 + 5*4 = 104 evaluations after the start's 1: the count
// is 105 after sweep 1, 209 after sweep 2, 313 after sweep 3.
func budgetSearch(iterations int, budget string) string {
	return fmt.Sprintf(`
experiment "budget" {}
dataset "d" { source = "iris" }
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "search" {
    weight_steps = 6
    bias_steps   = 4
    iterations   = %d
    tolerance    = 0
  }
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
  %s
}
`, iterations, budget)
}

func TestBudgetStopsAJobByItsEvaluationCount(t *testing.T) {
	for _, c := range []struct {
		name       string
		iterations int
		budget     string
		status     string
		evals      int64
		steps      int
	}{
		// A cap: sweep 2 scores 14 weights (84) and 2 biases (8) to 197,
		// and the next bias's 4 values would pass 200, so the job stops
		// there, between parameters, part-way through step 2.
		{"capped mid-sweep", 5, "max_evaluations = 200", runner.StatusBudget, 197, 2},
		// Reaching the budget exactly at a step's end stops the job there.
		{"reached", 5, "max_evaluations = 209", runner.StatusBudget, 209, 2},
		// The start's evaluation spends it; the first parameter's grid is
		// refused, so step 1 did nothing and adds no record.
		{"one evaluation", 5, "max_evaluations = 1", runner.StatusBudget, 1, 0},
		// The last sweep spends the budget, but the job had no more to do.
		{"spent by the last step", 2, "max_evaluations = 209", runner.StatusCompleted, 209, 2},
		{"not reached", 3, "max_evaluations = 1000", runner.StatusCompleted, 313, 3},
		{"no budget", 3, "", runner.StatusCompleted, 313, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			exp := load(t, budgetSearch(c.iterations, c.budget))
			res := runner.Run(context.Background(), exp, runner.Options{Parallel: 1})[0]
			if res.Status != c.status || res.Err != nil {
				t.Errorf("status %s, error %v; want %s", res.Status, res.Err, c.status)
			}
			if res.Evaluations != c.evals {
				t.Errorf("evaluations %d, want %d", res.Evaluations, c.evals)
			}
			for _, h := range res.History {
				if h.Evaluations > 200 && c.evals <= 200 {
					t.Errorf("a record at %d evaluations, past the budget", h.Evaluations)
				}
			}
			if last := res.History[len(res.History)-1]; last.Step != c.steps {
				t.Errorf("last step %d, want %d", last.Step, c.steps)
			}
		})
	}
}

func TestBudgetStopsBetweenStages(t *testing.T) {
	// Two one-sweep search stages: the first spends the budget, so the
	// second never starts.
	exp := load(t, `
experiment "budget" {}
dataset "d" { source = "iris" }
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "search" {
    weight_steps = 6
    bias_steps   = 4
    iterations   = 1
    tolerance    = 0
  }
  optimizer "search" {
    weight_steps = 6
    bias_steps   = 4
    iterations   = 1
    tolerance    = 0
  }
}
run "r" {
  dataset         = dataset.d
  model           = model.m
  loss            = "cross_entropy"
  pipeline        = pipeline.p
  max_evaluations = 105
}
`)
	res := runner.Run(context.Background(), exp, runner.Options{Parallel: 1})[0]
	if res.Status != runner.StatusBudget || res.Evaluations != 105 || stepEnds(res.History) != 2 || res.History[len(res.History)-1].Stage != 1 {
		t.Errorf("status %s, %d evaluations, %d records at step ends; want budget, 105, 2 in stage 1", res.Status, res.Evaluations, stepEnds(res.History))
	}
}

// TestBudgetIsACap: whatever the method and wherever the budget falls
// (between search parameters, search's and random_search's minibatches,
// Adam minibatches, ES samples, stages), no job uses more evaluations than
// its max_evaluations or more cost than its max_cost, and a job stopped by
// it reports the loss of the parameters it stopped at.
func TestBudgetIsACap(t *testing.T) {
	type cap struct {
		evals int64
		cost  float64
	}
	var caps []cap
	for _, n := range []int64{1, 2, 7, 50, 133, 400} {
		caps = append(caps, cap{evals: n})
	}
	// In forward passes: the start's evaluation costs exactly 1.
	for _, c := range []float64{1, 1.7, 3.25, 12, 40} {
		caps = append(caps, cap{cost: c})
	}
	for _, budget := range caps {
		stop := fmt.Sprintf("max_evaluations = %d", budget.evals)
		if budget.cost > 0 {
			stop = fmt.Sprintf("max_cost = %g", budget.cost)
		}
		exp := load(t, fmt.Sprintf(`
experiment "cap" { %s }
dataset "d" { source = "iris" }
model "m" { hidden = [3] }
pipeline "search" {
  optimizer "search" {
    weight_steps = 5
    bias_steps   = 5
    iterations   = 4
    tolerance    = 0
  }
}
pipeline "adam" {
  optimizer "adam" {
    epochs     = 40
    batch_size = 16
  }
}
pipeline "hybrid" {
  optimizer "hybrid" {
    search {
      weight_steps = 5
      bias_steps   = 5
      iterations   = 1
    }
    adam { epochs = 40 }
  }
}
pipeline "es" {
  optimizer "es" {
    population  = 5
    generations = 20
  }
}
pipeline "random_search" {
  optimizer "random_search" { iterations = 5 }
}
pipeline "random_search_batch" {
  optimizer "random_search" {
    iterations = 5
    batch_size = 30
  }
}
pipeline "search_batch" {
  optimizer "search" {
    weight_steps = 5
    bias_steps   = 5
    iterations   = 4
    tolerance    = 0
    batch_size   = 30
  }
}
pipeline "search_batch_every" {
  optimizer "search" {
    weight_steps = 5
    bias_steps   = 5
    iterations   = 4
    tolerance    = 0
    batch_size   = 40
    batch_every  = 3
  }
}
pipeline "cmaes" {
  optimizer "cmaes" { generations = 30 }
}
pipeline "nelder_mead" {
  optimizer "nelder_mead" { iterations = 200 }
}
pipeline "lbfgs" {
  optimizer "lbfgs" { iterations = 50 }
}
pipeline "sgd" {
  optimizer "sgd" {
    epochs     = 40
    batch_size = 16
  }
}
run "cmaes" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.cmaes
}
run "nelder_mead" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.nelder_mead
}
run "lbfgs" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.lbfgs
}
run "sgd" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.sgd
}
run "es" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.es
}
run "random_search" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.random_search
}
run "random_search_batch" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.random_search_batch
}
run "search_batch" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.search_batch
}
run "search_batch_every" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.search_batch_every
}
run "search" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.search
}
run "adam" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.adam
}
run "hybrid" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.hybrid
}
`, stop))
		for _, r := range runner.Run(context.Background(), exp, runner.Options{Parallel: 2}) {
			last := r.History[len(r.History)-1]
			if budget.evals > 0 && (r.Evaluations > budget.evals || last.Evaluations > budget.evals) {
				t.Errorf("budget %v: %s used %d evaluations (last record %d)", budget, r.Run.Name, r.Evaluations, last.Evaluations)
			}
			if budget.cost > 0 && (r.Cost > budget.cost || last.Cost > budget.cost || r.Cost <= 0) {
				t.Errorf("budget %v: %s cost %v (last record %v)", budget, r.Run.Name, r.Cost, last.Cost)
			}
			if last.Cost != r.Cost || last.Evaluations != r.Evaluations {
				t.Errorf("budget %v: %s ends at cost %v after %d evaluations, its last record says %v and %d", budget, r.Run.Name, r.Cost, r.Evaluations, last.Cost, last.Evaluations)
			}
			if (r.Status != runner.StatusBudget && r.Status != runner.StatusCompleted && r.Status != runner.StatusConverged) || r.Err != nil {
				t.Errorf("budget %v: %s ended %s, %v", budget, r.Run.Name, r.Status, r.Err)
			}
			// Every job here needs more than 7 evaluations (a search
			// sweep is 135, minibatch or not), so such a cap stops it: a
			// method whose minibatches went uncounted would complete.
			if budget.evals > 0 && budget.evals <= 7 && r.Status != runner.StatusBudget {
				t.Errorf("budget %v: %s ended %s after %d evaluations; every job needs more", budget, r.Run.Name, r.Status, r.Evaluations)
			}
			if last.TrainLoss != r.TrainLoss || r.TrainLoss != r.TrainLoss {
				t.Errorf("budget %v: %s reports loss %v, its last record %v", budget, r.Run.Name, r.TrainLoss, last.TrainLoss)
			}
		}
	}
}

// initEvaluates is a method whose Init evaluates its start, as the
// contract allows, and whose steps nudge the first parameter.
type initEvaluates struct{}

func (*initEvaluates) Method() optimize.Method { return &initEvaluatesMethod{} }

type initEvaluatesMethod struct{ p optimize.Problem }

func (m *initEvaluatesMethod) Init(p optimize.Problem, loc *optimize.Location, _ optimize.Env) error {
	m.p = p
	loc.F = p.Func(loc.X)
	return nil
}

func (m *initEvaluatesMethod) Step(loc *optimize.Location) (optimize.Status, error) {
	loc.X[0] += 0.01
	loc.F = m.p.Func(loc.X)
	return optimize.IterationLimit, nil
}

func init() {
	registry.RegisterOptimizer(registry.Optimizer{
		Name: "zz_init_evaluates",
		Doc:  "test optimizer whose Init evaluates",
		New:  func() registry.OptimizerConfig { return &initEvaluates{} },
	})
}

// TestBudgetSpentInInit: a budget that runs out inside a method's Init
// stops the job with status budget and the loss of where it stands, not a
// failed verification of the NaN the refused evaluation returned.
func TestBudgetSpentInInit(t *testing.T) {
	exp := load(t, `
experiment "init" { max_evaluations = 1 }
dataset "d" { source = "iris" }
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "zz_init_evaluates" {}
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
`)
	r := runner.Run(context.Background(), exp, runner.Options{})[0]
	if r.Status != runner.StatusBudget || r.Err != nil || r.Evaluations != 1 || r.TrainLoss != r.History[0].TrainLoss || len(r.History) != 1 {
		t.Errorf("status %s, error %v, %d evaluations, loss %v, %d records; want budget at the start, one record", r.Status, r.Err, r.Evaluations, r.TrainLoss, len(r.History))
	}
}

// TestBudgetCapsLstsq: lstsq's forward pass over the rows is an evaluation
// the budget refuses like any other, so a job whose budget runs out
// before it does not pass its budget.
func TestBudgetCapsLstsq(t *testing.T) {
	for _, c := range []struct {
		budget int
		first  string
	}{{1, "lstsq"}, {2, "lstsq"}, {1, "search"}, {40, "search"}} {
		budget := c.budget
		stages := `  optimizer "search" {
    weight_steps = 3
    bias_steps   = 3
    iterations   = 1
  }
  optimizer "lstsq" {}`
		if c.first == "lstsq" {
			stages = `  optimizer "lstsq" {}`
		}
		exp := load(t, fmt.Sprintf(`
experiment "cap" { max_evaluations = %d }
dataset "d" { source = "diabetes" }
model "m" { hidden = [3] }
pipeline "p" {
%s
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`, budget, stages))
		r := runner.Run(context.Background(), exp, runner.Options{})[0]
		if r.Evaluations > int64(budget) || r.Err != nil {
			t.Errorf("budget %d: %d evaluations, status %s, %v", budget, r.Evaluations, r.Status, r.Err)
		}
	}
}
