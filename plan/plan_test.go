package plan_test

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/plan"

	_ "github.com/nnexp/nnexp/builtin"
)

func decode(t *testing.T, src string) *dsl.Experiment {
	t.Helper()
	exp, diags := dsl.NewLoader().Load("p.hcl", []byte(src), nil)
	if diags.HasErrors() {
		t.Fatalf("decode: %s", diags.Error())
	}
	return exp
}

func compact(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(dsl.Compact(d))
		b.WriteByte('\n')
	}
	return b.String()
}

const twoRuns = `
experiment "p" {
  seed = 5
}
dataset "d" {
  source        = "diabetes"
  test_fraction = 0.1
  standardize   = true
}
model "m" {
  hidden = [3]
}
pipeline "p" {
  optimizer "search" {}
  optimizer "adam" {
    epochs = 2
  }
}
run "a" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
  repeats  = 2
}
run "b" {
  dataset         = dataset.d
  model           = model.m
  loss            = "mae"
  pipeline        = pipeline.p
  seed            = 9
  max_evaluations = 10
}
`

func TestResolveLoadsEachDatasetOnce(t *testing.T) {
	p, diags := plan.Resolve(decode(t, twoRuns))
	if diags.HasErrors() {
		t.Fatal(compact(diags))
	}
	if len(p.Runs) != 2 {
		t.Fatalf("%d runs", len(p.Runs))
	}
	a, b := p.Runs[0], p.Runs[1]
	if a.Dataset != b.Dataset {
		t.Error("two runs of one dataset block got two copies of its data")
	}
	// 442 rows, 10% held out by the experiment's seed.
	if a.Dataset.Train.Rows != 398 || a.Dataset.Test == nil || a.Dataset.Test.Rows != 44 {
		t.Errorf("split %d / %v", a.Dataset.Train.Rows, a.Dataset.Test)
	}
	// Standardized with the training rows' statistics: their mean is 0.
	sum := 0.0
	for r := range a.Dataset.Train.Rows {
		sum += a.Dataset.Train.X[r*a.Dataset.Train.Inputs]
	}
	if mean := sum / float64(a.Dataset.Train.Rows); mean > 1e-9 || mean < -1e-9 {
		t.Errorf("first feature's training mean %g, want 0", mean)
	}
	if a.Name != "a" || a.Repeats != 2 || a.Seed != 5 || a.LossName != "mse" || a.MaxEvaluations != 0 {
		t.Errorf("run a: %+v", a)
	}
	if b.Name != "b" || b.Repeats != 1 || b.Seed != 9 || b.LossName != "mae" || b.MaxEvaluations != 10 {
		t.Errorf("run b: %+v", b)
	}
	st := a.Pipeline.Stages
	if a.Pipeline.Name != "p" || len(st) != 2 || st[0].Optimizer != "search" || st[1].Optimizer != "adam" || st[1].Config == nil {
		t.Errorf("pipeline %+v", a.Pipeline)
	}
	if strings.Join(a.Model.ActivationNames, ",") != "relu" || len(a.Model.Activations) != 1 {
		t.Errorf("model %+v", a.Model)
	}
}

// Every problem the data shows is reported at once, each at its place.
func TestResolveReportsEveryProblem(t *testing.T) {
	src := strings.Replace(twoRuns, `loss     = "mse"`, `loss     = "cross_entropy"`, 1)
	src = strings.Replace(src, "hidden = [3]", "hidden = [3]\n}\nmodel \"huge\" {\n  hidden = [100000, 1000]", 1)
	src = strings.Replace(src, "  model           = model.m", "  model           = model.huge", 1)
	p, diags := plan.Resolve(decode(t, src))
	if p != nil {
		t.Error("a plan despite errors")
	}
	want := `p.hcl:25:14: error: Loss does not fit the data: Loss "cross_entropy" is a classification loss, but dataset "d" is regression; choose a regression loss.
p.hcl:31:21: error: Model too large: The model has 101102001 parameters on this data; nnexp allows at most 50000000 per job (each job holds several copies of them).
`
	if got := compact(diags); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestModelWithoutHiddenLayers: hidden = [] is logistic regression (issue
// 13 compares search with it); its empty list of activations is not the
// nil of a detached decoding, which plan refused as unregistered.
func TestModelWithoutHiddenLayers(t *testing.T) {
	exp := decode(t, `
experiment "p" {}
dataset "d" {
  source = "iris"
  scale  = 0.5
}
model "logistic" {
  hidden = []
}
pipeline "p" {
  optimizer "adam" { epochs = 1 }
}
run "r" {
  dataset  = dataset.d
  model    = model.logistic
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
`)
	p, diags := plan.Resolve(exp)
	if diags.HasErrors() {
		t.Fatalf("plan:\n%s", compact(diags))
	}
	if m := p.Runs[0].Model; len(m.Hidden) != 0 {
		t.Fatalf("hidden %v", m.Hidden)
	}
	// iris's first row is 5.1,3.5,1.4,0.2; scale 0.5 halves a copy, not
	// the registry's shared table.
	if x := p.Runs[0].Dataset.Train.X[:4]; x[0] != 2.55 || x[1] != 1.75 || x[2] != 0.7 || x[3] != 0.1 {
		t.Fatalf("first row %v", x)
	}
	again, diags := plan.Resolve(exp)
	if diags.HasErrors() || again.Runs[0].Dataset.Train.X[0] != 2.55 {
		t.Fatalf("a second plan reads %v: the registry's table was scaled in place", again.Runs[0].Dataset.Train.X[:1])
	}
}

// TestRegressionLossOnClasses: mse, mae and huber on a classification
// dataset are the loss against one-hot targets over the outputs; on a
// regression dataset they stay the loss the run named, which the
// closed-form scorer recognises.
func TestRegressionLossOnClasses(t *testing.T) {
	src := `
experiment "p" {}
dataset "flowers" { source = "iris" }
dataset "sugar" { source = "diabetes" }
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "search" { iterations = 1 }
}
run "classes" {
  dataset  = dataset.flowers
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
run "values" {
  dataset  = dataset.sugar
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`
	p, diags := plan.Resolve(decode(t, src))
	if diags.HasErrors() {
		t.Fatalf("plan:\n%s", compact(diags))
	}
	classes, values := p.Runs[0].Loss, p.Runs[1].Loss
	if _, ok := classes.(losses.OneHot); !ok || nn.LossTask(classes) != nn.Classification || p.Runs[0].LossName != "mse" {
		t.Fatalf("mse on iris resolved to %T (%v), name %q", classes, nn.LossTask(classes), p.Runs[0].LossName)
	}
	// Outputs (1, 0, 0) against class 2: one-hot (0, 0, 1), errors 1, 0,
	// -1, mean square 2/3.
	if got := classes.Row([]float64{1, 0, 0}, []float64{2}); got != 2.0/3 {
		t.Errorf("Row = %v, want 2/3", got)
	}
	if _, ok := values.(losses.MSE); !ok {
		t.Errorf("mse on diabetes resolved to %T, want losses.MSE", values)
	}
}
