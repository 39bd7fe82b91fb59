package runner_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/search"
	"github.com/nnexp/nnexp/registry"
	"github.com/nnexp/nnexp/runner"
)

// TestHybridIsTheSearchThenAdamPipeline: the hybrid preset gives, record
// for record, what the pipeline of its two optimizers gives, with stages
// named after the preset.
func TestHybridIsTheSearchThenAdamPipeline(t *testing.T) {
	exp := load(t, `
experiment "preset" { repeats = 2 }
dataset "d" {
  source        = "diabetes"
  test_fraction = 0.2
}
model "m" { hidden = [3, 2] }
pipeline "hybrid" {
  optimizer "hybrid" {
    search {
      weight_steps = 7
      bias_steps   = 5
      iterations   = 2
    }
    adam {
      learning_rate = 0.1
      epochs        = 3
      batch_size    = 64
    }
  }
}
pipeline "spelled" {
  optimizer "search" {
    weight_steps = 7
    bias_steps   = 5
    iterations   = 2
  }
  optimizer "adam" {
    learning_rate = 0.1
    epochs        = 3
    batch_size    = 64
  }
}
run "hybrid" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.hybrid
}
run "spelled" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.spelled
}
`)
	results := runner.Run(context.Background(), exp, runner.Options{Parallel: 2})
	byRun := map[string][]runner.Result{}
	for _, r := range results {
		if r.Status != runner.StatusCompleted && r.Status != runner.StatusConverged {
			t.Fatalf("%s repeat %d: %s %v", r.Run.Name, r.Repeat, r.Status, r.Err)
		}
		byRun[r.Run.Name] = append(byRun[r.Run.Name], r)
	}
	got := fingerprint(byRun["hybrid"])
	want := fingerprint(byRun["spelled"])
	want = strings.ReplaceAll(want, "spelled", "hybrid")
	want = strings.ReplaceAll(want, " search ", " hybrid.search ")
	want = strings.ReplaceAll(want, " adam ", " hybrid.adam ")
	if got != want {
		t.Errorf("hybrid:\n%s\nwant the pipeline's:\n%s", got, want)
	}
}

// picky can never minimize a problem, and says so before a job starts.
type picky struct{}

func (*picky) Method() optimize.Method { return &misbehavingMethod{} }

func (*picky) CheckProblem(optimize.Problem) error {
	return errors.New("picky: needs a problem it can like")
}

func init() {
	registry.RegisterOptimizer(registry.Optimizer{
		Name: "zz_picky",
		Doc:  "test optimizer whose CheckProblem always fails",
		New:  func() registry.OptimizerConfig { return &picky{} },
	})
}

// TestLaterStageCheckedBeforeTheFirstRuns: a pipeline whose second stage
// cannot run fails at set-up, before its search spends a single step.
func TestLaterStageCheckedBeforeTheFirstRuns(t *testing.T) {
	exp := load(t, `
experiment "check" {}
dataset "d" { source = "diabetes" }
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "search" { iterations = 1 }
  optimizer "zz_misbehaving" {}
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`)
	// The plan refuses zz_picky in a file (checkStages); a run built in Go
	// reaches the runner, which asks again.
	exp[0].Pipeline.Stages[1] = &runner.Stage{Optimizer: "zz_picky", Config: &picky{}}
	r := runner.Run(context.Background(), exp, runner.Options{})[0]
	want := `runner: run "r": stage zz_picky cannot run: picky: needs a problem it can like`
	if r.Status != runner.StatusFailed || r.Err == nil || r.Err.Error() != want || len(r.History) != 0 {
		t.Errorf("status %s, error %v, %d records; want failed, %q, none", r.Status, r.Err, len(r.History), want)
	}
}

// The same refusal on classification data, where the job also measures
// accuracy: a job that never started has nothing to measure, and fails
// with the checker's message rather than a panic.
func TestStageCheckFailsAClassificationJob(t *testing.T) {
	exp := load(t, `
experiment "check" {}
dataset "d" { source = "iris" }
model "m" { hidden = [64] }
pipeline "p" {
  optimizer "zz_misbehaving" {}
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
`)
	exp[0].Pipeline.Stages[0] = &runner.Stage{Optimizer: "zz_picky", Config: &picky{}}
	r := runner.Run(context.Background(), exp, runner.Options{})[0]
	want := `runner: run "r": stage zz_picky cannot run: picky: needs a problem it can like`
	if r.Status != runner.StatusFailed || r.Err == nil || r.Err.Error() != want {
		t.Errorf("status %s, error %v; want failed, %q", r.Status, r.Err, want)
	}
	if !math.IsNaN(r.TrainLoss) || !math.IsNaN(r.TrainAccuracy) {
		t.Errorf("training loss %v, accuracy %v of a job that never started; want NaN (%v)", r.TrainLoss, r.TrainAccuracy, r.Err)
	}
}

// A search stage whose layer block names a layer the model lacks is
// refused before the pipeline's first stage (adam here) spends anything:
// by the plan for a file, by the runner for a run built in Go (here the
// file's valid index changed after planning).
func TestSearchLayerIndexCheckedBeforeTheFirstStage(t *testing.T) {
	exp := load(t, `
experiment "check" {}
dataset "d" { source = "diabetes" }
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "adam" { epochs = 3 }
  optimizer "search" {
    layer {
      index        = 1
      weight_steps = 3
    }
  }
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`)
	exp[0].Pipeline.Stages[1].Config.(*search.Config).Layers[0].Index = 5
	r := runner.Run(context.Background(), exp, runner.Options{})[0]
	want := `runner: run "r": stage search cannot run: search: layer block index 5, but the model has layers 0 to 1`
	if r.Status != runner.StatusFailed || r.Err == nil || r.Err.Error() != want || len(r.History) != 0 || r.Evaluations != 0 {
		t.Errorf("status %s, error %v, %d records, %d evaluations; want failed, %q, none", r.Status, r.Err, len(r.History), r.Evaluations, want)
	}
}
