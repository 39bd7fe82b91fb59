package runner

import (
	"testing"

	"github.com/nnexp/nnexp/dsl"

	_ "github.com/nnexp/nnexp/builtin"
)

// A build that rounds differently (another architecture, or GOAMD64=v3)
// gives every job another hash, so it never reuses this build's results.
func TestJobHashNamesTheArithmetic(t *testing.T) {
	exp, diags := dsl.NewLoader().Load("a.hcl", []byte(`
experiment "a" {}
dataset "d" {
  source = "diabetes"
}
model "m" {
  hidden = [2]
}
pipeline "p" {
  optimizer "search" {}
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`), nil)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	run := exp.Runs[0]
	here, err := JobHash(run, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer func(f func() string) { arithmetic = f }(arithmetic)
	arithmetic = func() string { return "arm64 GOARM64=v8.0" }
	there, err := JobHash(run, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if here == there {
		t.Errorf("the same hash %s under another arithmetic", here)
	}
}
