package runner_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/plan"
	"github.com/nnexp/nnexp/runner"

	_ "github.com/nnexp/nnexp/builtin"
)

// load decodes and plans an experiment written inline, as nnexp run does;
// it fails the test on any diagnostic.
func load(t testing.TB, src string) []*runner.Spec {
	t.Helper()
	exp, diags := dsl.NewLoader().Load("test.hcl", []byte(src), nil)
	return resolve(t, exp, diags)
}

func resolve(t testing.TB, exp *dsl.Experiment, diags hcl.Diagnostics) []*runner.Spec {
	t.Helper()
	if diags.HasErrors() {
		t.Fatalf("load: %s", diags.Error())
	}
	p, diags := plan.Resolve(exp)
	if diags.HasErrors() {
		t.Fatalf("plan: %s", diags.Error())
	}
	return p.Runs
}

// threeMethods is the reference comparison at toy scale: search, minibatch
// Adam (which draws from the job's random source) and hybrid, two paired
// repeats each, on diabetes with a held-out split.
const threeMethods = `
experiment "three" {
  seed    = 3
  repeats = 2
}
dataset "d" {
  source        = "diabetes"
  test_fraction = 0.2
}
model "m" {
  hidden = [3, 2]
  init {
    weights = [-5, 5]
    biases  = [-5, 5]
  }
}
pipeline "search" {
  optimizer "search" {
    weight_steps = 7
    bias_steps   = 5
    iterations   = 2
  }
}
pipeline "adam" {
  optimizer "adam" {
    learning_rate = 0.1
    epochs        = 4
    batch_size    = 64
    plateau {
      patience = 1
    }
  }
}
pipeline "hybrid" {
  optimizer "hybrid" {
    search {
      weight_steps = 7
      iterations   = 1
    }
    adam {
      epochs = 2
    }
  }
}
run "search" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.search
}
run "gradient" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.adam
}
run "hybrid" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.hybrid
}
`

// fingerprint prints everything a job produced except timings, so two runs
// can be compared exactly (%v prints NaN as NaN, where == would fail).
func fingerprint(results []runner.Result) string {
	var b strings.Builder
	for _, r := range results {
		fmt.Fprintf(&b, "%s %d %d %s %v %v %v %v %v %d %v\n", r.Run.Name, r.Repeat, r.Seed, r.Status,
			r.TrainLoss, r.TestLoss, r.TrainAccuracy, r.TestAccuracy, r.Params, r.Evaluations, r.Err)
		for _, h := range r.History {
			fmt.Fprintf(&b, "  %d %s %d %v %v %d\n", h.Stage, h.Optimizer, h.Step, h.TrainLoss, h.TestLoss, h.Evaluations)
		}
	}
	return b.String()
}

func TestResultsDoNotDependOnParallel(t *testing.T) {
	exp := load(t, threeMethods)
	one := runner.Run(context.Background(), exp, runner.Options{Parallel: 1})
	if len(one) != 6 {
		t.Fatalf("got %d results, want 3 runs x 2 repeats", len(one))
	}
	for _, r := range one {
		if r.Status != runner.StatusCompleted && r.Status != runner.StatusConverged {
			t.Fatalf("%s repeat %d: %s %v", r.Run.Name, r.Repeat, r.Status, r.Err)
		}
	}
	want := fingerprint(one)
	for _, workers := range []int{2, 3, 6} {
		got := fingerprint(runner.Run(context.Background(), exp, runner.Options{Parallel: workers}))
		if got != want {
			t.Errorf("parallel %d differs from parallel 1:\n%s\nwant\n%s", workers, got, want)
		}
	}
}

func TestRunsSharingAModelStartPaired(t *testing.T) {
	results := runner.Run(context.Background(), load(t, threeMethods), runner.Options{Parallel: 2})
	start := map[int]float64{}
	for _, r := range results {
		first := r.History[0]
		if first.Stage != 1 || first.Step != 0 {
			t.Fatalf("%s: first record is stage %d step %d, want the start", r.Run.Name, first.Stage, first.Step)
		}
		if s, ok := start[r.Repeat]; ok && s != first.TrainLoss {
			t.Errorf("repeat %d: %s starts at %v, another run at %v", r.Repeat, r.Run.Name, first.TrainLoss, s)
		}
		start[r.Repeat] = first.TrainLoss
	}
	if start[0] == start[1] {
		t.Errorf("repeats 0 and 1 start from the same loss %v; each repeat needs its own draw", start[0])
	}
}

func TestHistoryRecordsStages(t *testing.T) {
	results := runner.Run(context.Background(), load(t, threeMethods), runner.Options{Parallel: 2})
	var hybrid runner.Result
	for _, r := range results {
		if r.Run.Name == "hybrid" && r.Repeat == 0 {
			hybrid = r
		}
	}
	var stages []string
	for _, h := range hybrid.History {
		if h.Step == 0 {
			stages = append(stages, fmt.Sprintf("%d:%s", h.Stage, h.Optimizer))
		}
		if math.IsNaN(h.TestLoss) {
			t.Errorf("record %+v has no test loss despite a test split", h)
		}
	}
	if got := strings.Join(stages, " "); got != "1:hybrid.search 2:hybrid.adam" {
		t.Errorf("stage starts %q", got)
	}
	// search 1 sweep + adam 2 epochs, each stage also has its step 0.
	if n := stepEnds(hybrid.History); n != 2+1+2 {
		t.Errorf("%d records at step ends, want 5", n)
	}
	last := hybrid.History[len(hybrid.History)-1]
	if last.TrainLoss != hybrid.TrainLoss || last.Evaluations != hybrid.Evaluations {
		t.Errorf("last record %+v disagrees with the result %v / %d", last, hybrid.TrainLoss, hybrid.Evaluations)
	}
}

// One search sweep scores every grid value of every parameter once, after
// the one evaluation of the starting point: the count is what a reader of
// history.csv needs to compare methods by cost.
func TestSearchEvaluationsCountEveryCandidate(t *testing.T) {
	exp := load(t, `
experiment "count" {}
dataset "d" { source = "iris" }
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "search" {
    weight_steps = 6
    bias_steps   = 4
    iterations   = 1
    tolerance    = 0
  }
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
`)
	res := runner.Run(context.Background(), exp, runner.Options{Parallel: 1})[0]
	// iris: 4 inputs -> 2 -> 3 classes: weights 4*2 + 2*3 = 14, biases 2 + 3 = 5.
	want := int64(1 + 14*6 + 5*4)
	if res.Evaluations != want {
		t.Errorf("evaluations %d, want %d", res.Evaluations, want)
	}
}

func TestClassificationReportsAccuracy(t *testing.T) {
	exp := load(t, `
experiment "iris" { seed = 5 }
dataset "d" {
  source        = "iris"
  test_fraction = 0.3
  standardize   = true
}
model "m" { hidden = [8] }
pipeline "p" {
  optimizer "adam" {
    learning_rate = 0.05
    epochs        = 100
  }
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
`)
	res := runner.Run(context.Background(), exp, runner.Options{})[0]
	if res.Status != runner.StatusCompleted {
		t.Fatalf("status %s: %v", res.Status, res.Err)
	}
	// Iris is nearly linearly separable; a small net trained this long
	// classifies well above the 1/3 of guessing.
	if !(res.TrainAccuracy > 0.9) || !(res.TestAccuracy > 0.8) {
		t.Errorf("accuracy train %v test %v", res.TrainAccuracy, res.TestAccuracy)
	}
	if !(res.TestLoss > 0) {
		t.Errorf("test loss %v", res.TestLoss)
	}
}

func TestCancelledRunIsInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, r := range runner.Run(ctx, load(t, threeMethods), runner.Options{Parallel: 2}) {
		if r.Status != runner.StatusInterrupted || r.Err == nil {
			t.Errorf("%s repeat %d: %s %v", r.Run.Name, r.Repeat, r.Status, r.Err)
		}
	}
}

// A lone job gets the spare workers for its rows; the objective's fixed
// row blocks must keep its numbers identical to a one-thread run.
func TestLoneJobThreadsDoNotChangeResults(t *testing.T) {
	exp := load(t, `
experiment "wide" { seed = 4 }
dataset "d" { source = "diabetes" }
model "m" {
  hidden = [40, 20]
  init {
    weights = [-5, 5]
    biases  = [-5, 5]
  }
}
pipeline "p" {
  optimizer "search" {
    weight_steps = 5
    bias_steps   = 5
    iterations   = 1
  }
  optimizer "adam" { epochs = 2 }
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`)
	want := fingerprint(runner.Run(context.Background(), exp, runner.Options{Parallel: 1}))
	for _, workers := range []int{2, 3} {
		if got := fingerprint(runner.Run(context.Background(), exp, runner.Options{Parallel: workers})); got != want {
			t.Errorf("one job on %d threads differs from one thread:\n%s\nwant\n%s", workers, got, want)
		}
	}
}
