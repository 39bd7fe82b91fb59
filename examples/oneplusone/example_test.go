package oneplusone_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/examples/oneplusone"
	"github.com/nnexp/nnexp/plan"
	"github.com/nnexp/nnexp/runner"

	// The built-ins one_plus_one.hcl uses, as the custom binary imports
	// them; this package registers itself by being imported above.
	_ "github.com/nnexp/nnexp/builtin"
)

const exampleFile = "one_plus_one.hcl"

func loadExample(t *testing.T) *dsl.Experiment {
	t.Helper()
	l := dsl.NewLoader()
	exp, diags := l.LoadFile(exampleFile, nil)
	if len(diags) > 0 {
		t.Fatalf("%s: %v", exampleFile, diags)
	}
	return exp
}

func TestExampleFileLoads(t *testing.T) {
	exp := loadExample(t)
	var names []string
	for _, r := range exp.Runs {
		names = append(names, r.Name+":"+r.Pipeline.Stages[0].Optimizer)
	}
	if got := strings.Join(names, " "); got != "one_plus_one:one_plus_one search:search" {
		t.Fatalf("runs %q, want one_plus_one with one_plus_one and search with search", got)
	}
	cfg, ok := exp.Runs[0].Pipeline.Stages[0].Config.(*oneplusone.Config)
	if !ok {
		t.Fatalf("one_plus_one stage config is %T", exp.Runs[0].Pipeline.Stages[0].Config)
	}
	want := oneplusone.Config{Samples: 84, Sigma: 0.5, Grow: 1.5, Shrink: 0.8, Iterations: 300, Tolerance: 0}
	if *cfg != want {
		t.Errorf("decoded %+v, want %+v", *cfg, want)
	}
}

func TestInvalidSettingPointsAtAttribute(t *testing.T) {
	src := []byte(`
experiment "x" {}
dataset "d" { source = "diabetes" }
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "one_plus_one" {
    shrink = 1.5
  }
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`)
	_, diags := dsl.NewLoader().Load("bad.hcl", src, nil)
	if !diags.HasErrors() {
		t.Fatal("shrink = 1.5 was accepted")
	}
	d := diags[0]
	if d.Summary != "Invalid shrink" || d.Subject == nil || d.Subject.Start.Line != 7 {
		t.Errorf("diagnostic %q at %v, want \"Invalid shrink\" on line 7", d.Summary, d.Subject)
	}
}

func TestExampleOnePlusOneRun(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a network for about a second")
	}
	exp := loadExample(t)
	work, diags := plan.Resolve(exp)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	// one_plus_one only; search is tested in its own package.
	res := runner.Run(context.Background(), work.Runs[:1], runner.Options{})
	if len(res) != 1 {
		t.Fatalf("%d results, want 1", len(res))
	}
	r := res[0]
	if r.Status != runner.StatusCompleted || r.Err != nil {
		t.Fatalf("status %s, error %v", r.Status, r.Err)
	}
	h := r.History
	if len(h) != 301 {
		t.Fatalf("%d history records, want 301 (the start and 300 iterations)", len(h))
	}
	for i := 1; i < len(h); i++ {
		if h[i].TrainLoss > h[i-1].TrainLoss {
			t.Fatalf("loss rose from %g to %g at step %d", h[i-1].TrainLoss, h[i].TrainLoss, h[i].Step)
		}
	}
	// From the [-5, 5] initialisation the MSE starts above 20000; the
	// (1+1)-ES brings it to about 2800, the grid search to about 2700.
	if h[0].TrainLoss < 10000 || r.TrainLoss > 3500 {
		t.Errorf("loss went from %g to %g, want from above 10000 to below 3500", h[0].TrainLoss, r.TrainLoss)
	}
	if want := int64(1 + 300*84); r.Evaluations != want {
		t.Errorf("%d evaluations, want %d (the start, then 84 per iteration)", r.Evaluations, want)
	}
}
