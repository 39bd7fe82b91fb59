package dsl_test

import (
	"fmt"
	"testing"

	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/optimizers/search"
)

// longListFile is an experiment whose search candidates are a list of n
// values (a multiple of 1,000: range gives at most 1,024), and its hidden
// layers one of 100, written as for expressions (tuples until converted).
func longListFile(n int) string {
	return fmt.Sprintf(`
experiment "long" {}
dataset "d" { source = "diabetes" }
model "m" {
  hidden = [for i in range(100) : 1]
}
pipeline "p" {
  optimizer "search" {
    weight_values = flatten([for i in range(%d) : [for j in range(1000) : (i * 1000 + j) / %d - 0.5]])
    iterations    = 1
  }
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`, n/1000, n)
}

// A long list decodes to its values, in order, and a mixed one ([1, "2"]
// for a list of strings) still converts as cty converts it.
func TestLongListsDecode(t *testing.T) {
	const n = 5000
	exp, diags := dsl.NewLoader().Load("long.hcl", []byte(longListFile(n)), nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	cfg := exp.Runs[0].Pipeline.Stages[0].Config.(*search.Config)
	if len(cfg.WeightValues) != n || cfg.WeightValues[0] != -0.5 || cfg.WeightValues[n-1] != float64(n-1)/n-0.5 {
		t.Fatalf("weight_values: %d values, first %v, last %v", len(cfg.WeightValues), cfg.WeightValues[0], cfg.WeightValues[len(cfg.WeightValues)-1])
	}
	if len(exp.Runs[0].Model.Hidden) != 100 {
		t.Errorf("hidden has %d layers, want 100", len(exp.Runs[0].Model.Hidden))
	}
	mixed := `
experiment "mixed" {}
dataset "d" {
  source = "csv"
  path   = "testdata/valid/toy.csv"
  ignore = ["x1", 2]
}
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
`
	_, diags = dsl.NewLoader().Load("mixed.hcl", []byte(mixed), nil)
	for _, d := range diags {
		if d.Summary == "Wrong type" {
			t.Errorf("a mixed list was not converted as before: %s", dsl.Compact(d))
		}
	}
}

// BenchmarkLoadLongList decodes a file whose weight_values lists 20,000
// values: cty's own conversion of the tuple takes time that grows with
// the square of its length.
func BenchmarkLoadLongList(b *testing.B) {
	src := []byte(longListFile(20000))
	for b.Loop() {
		if _, diags := dsl.NewLoader().Load("long.hcl", src, nil); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}

// ignore takes a set (its order means nothing), where hidden refuses one
// (golden hidden_as_set).
func TestIgnoreTakesASet(t *testing.T) {
	src := `
experiment "set" {}
dataset "d" {
  source = "csv"
  path   = "testdata/valid/toy.csv"
  ignore = toset(["b", "a"])
}
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
`
	exp, diags := dsl.NewLoader().Load("set.hcl", []byte(src), nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if got := exp.Runs[0].Dataset.Ignore; len(got) != 2 {
		t.Errorf("ignore = %v, want both columns", got)
	}
}
