package dsl_test

import (
	"testing"

	"github.com/nnexp/nnexp/dsl"
)

func TestExperimentBudgetIsEveryRunsDefault(t *testing.T) {
	exp, diags := dsl.NewLoader().Load("budget.hcl", []byte(`
experiment "b" {
  max_evaluations = 5000000000
}
dataset "d" { source = "iris" }
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "search" {}
}
run "inherits" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
run "own" {
  dataset         = dataset.d
  model           = model.m
  loss            = "cross_entropy"
  pipeline        = pipeline.p
  max_evaluations = 100
}
`), nil)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	// 5e9 is past 2^32: budgets are 64-bit counts.
	if got := exp.Runs[0].MaxEvaluations; got != 5_000_000_000 {
		t.Errorf("inherited budget %d, want the experiment's 5000000000", got)
	}
	if got := exp.Runs[1].MaxEvaluations; got != 100 {
		t.Errorf("run budget %d, want its own 100", got)
	}
}
