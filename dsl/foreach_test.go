package dsl_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/plan"
	"github.com/nnexp/nnexp/runner"
	"github.com/zclconf/go-cty/cty"
)

// gridFile is a 3x3 grid of Adam learning rates and hidden widths: a
// for_each over setproduct on the run, a for_each over the widths on
// the model and one over the rates on the pipeline.
const gridFile = `
experiment "grid" {}

locals {
  rates  = { slow = 0.001, mid = 0.01, fast = 0.1 }
  widths = { w2 = 2, w3 = 3, w4 = 4 }
}

dataset "d" {
  source = "diabetes"
}

model "m" {
  for_each = local.widths
  hidden   = [each.value]
}

pipeline "adam" {
  for_each = local.rates
  optimizer "adam" {
    learning_rate = each.value
    epochs        = 2
  }
}

run "grid" {
  for_each = { for p in setproduct(keys(local.rates), keys(local.widths)) : "${p[0]}-${p[1]}" => p }
  dataset  = dataset.d
  model    = model.m[each.value[1]]
  loss     = "mse"
  pipeline = pipeline.adam[each.value[0]]
}

plot "lr" {
  type = "sweep"
  x    = "optimizer.adam.learning_rate"
  runs = [run.grid]
}

plot "two" {
  type = "history"
  runs = [run.grid["slow-w2"], run.grid["mid-w3"]]
}
`

func TestForEachGrid(t *testing.T) {
	exp, diags := dsl.NewLoader().Load("grid.hcl", []byte(gridFile), nil)
	if diags.HasErrors() {
		t.Fatal(compact(diags))
	}
	rates := map[string]string{"slow": "0.001", "mid": "0.01", "fast": "0.1"}
	widths := map[string]string{"w2": "2", "w3": "3", "w4": "4"}
	// Keys in Terraform's order: sorted.
	var want []string
	for _, r := range []string{"fast", "mid", "slow"} {
		for _, w := range []string{"w2", "w3", "w4"} {
			want = append(want, fmt.Sprintf("grid[%s-%s]", r, w))
		}
	}
	var got []string
	for _, r := range exp.Runs {
		got = append(got, r.Name)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("runs %q, want %q", got, want)
	}
	wantCols := []string{"model.hidden", "optimizer.adam.learning_rate"}
	if !reflect.DeepEqual(exp.Hyperparameters, wantCols) {
		t.Errorf("hyperparameters %q, want %q", exp.Hyperparameters, wantCols)
	}
	for _, r := range exp.Runs {
		key := strings.TrimSuffix(strings.TrimPrefix(r.Name, "grid["), "]")
		rate, width, _ := strings.Cut(key, "-")
		wantSettings := []dsl.Setting{
			{Name: "model.hidden", Value: "[" + widths[width] + "]"},
			{Name: "optimizer.adam.learning_rate", Value: rates[rate]},
		}
		if !reflect.DeepEqual(r.Settings, wantSettings) {
			t.Errorf("%s: settings %v, want %v", r.Name, r.Settings, wantSettings)
		}
		if fmt.Sprint(r.Model.Hidden[0]) != widths[width] {
			t.Errorf("%s: model %s hidden %v", r.Name, r.Model.Name, r.Model.Hidden)
		}
	}
	if len(exp.Plots) != 2 || !reflect.DeepEqual(exp.Plots[0].Runs, want) {
		t.Fatalf("plot runs %v, want every instance %q", exp.Plots[0].Runs, want)
	}
	if got, want := exp.Plots[1].Runs, []string{"grid[slow-w2]", "grid[mid-w3]"}; !reflect.DeepEqual(got, want) {
		t.Errorf("plot runs %q, want %q", got, want)
	}
}

// sweepFile declares lr as a sweep variable; forEachFile is the same
// experiment with the rates as a for_each.
const sweepFile = `
experiment "s" {}

variable "lr" {
  default = 0.1
  sweep   = true
}

dataset "d" {
  source = "diabetes"
}

model "m" {
  hidden = [3]
}

pipeline "adam" {
  optimizer "adam" {
    learning_rate = var.lr
    epochs        = 2
  }
}

pipeline "search" {
  optimizer "search" {
    iterations = 1
  }
}

run "adam" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.adam
}

run "search" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.search
}
`

func TestSweepVariable(t *testing.T) {
	_, lr, err := dsl.ParseVar("lr=0.01,0.1,1")
	if err != nil {
		t.Fatal(err)
	}
	exp, diags := dsl.NewLoader().Load("s.hcl", []byte(sweepFile), map[string]cty.Value{"lr": lr})
	if diags.HasErrors() {
		t.Fatal(compact(diags))
	}
	var got []string
	for _, r := range exp.Runs {
		got = append(got, r.Name+fmt.Sprint(r.Settings))
	}
	want := []string{
		"adam[lr=0.01][{optimizer.adam.learning_rate 0.01}]",
		"adam[lr=0.1][{optimizer.adam.learning_rate 0.1}]",
		"adam[lr=1][{optimizer.adam.learning_rate 1}]",
		"search[]",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("runs %q, want %q", got, want)
	}
	if exp.Vars["lr"] != "[0.01, 0.1, 1]" {
		t.Errorf("vars.hcl would record lr = %s", exp.Vars["lr"])
	}

	// A single value sweeps nothing: the run keeps its name.
	exp, diags = dsl.NewLoader().Load("s.hcl", []byte(sweepFile), map[string]cty.Value{"lr": cty.NumberFloatVal(0.5)})
	if diags.HasErrors() {
		t.Fatal(compact(diags))
	}
	if exp.Runs[0].Name != "adam" || len(exp.Hyperparameters) != 0 {
		t.Errorf("one value: run %q, columns %q", exp.Runs[0].Name, exp.Hyperparameters)
	}

	// null is the setting left out: no "null" text in its column, and an
	// instance at null sets nothing there.
	_, lrNull, err := dsl.ParseVar("lr=null,0.01")
	if err != nil {
		t.Fatal(err)
	}
	exp, diags = dsl.NewLoader().Load("s.hcl", []byte(sweepFile), map[string]cty.Value{"lr": lrNull})
	if diags.HasErrors() {
		t.Fatal(compact(diags))
	}
	got = got[:0]
	for _, r := range exp.Runs {
		got = append(got, r.Name+fmt.Sprint(r.Settings))
	}
	want = []string{
		"adam[lr=null][]",
		"adam[lr=0.01][{optimizer.adam.learning_rate 0.01}]",
		"search[]",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("runs %q, want %q", got, want)
	}
}

// Every instance hashes by its own settings, so resuming a grid reuses
// each instance's jobs and never one instance's for another's.
func TestInstancesHashApart(t *testing.T) {
	exp, diags := dsl.NewLoader().Load("grid.hcl", []byte(gridFile), nil)
	if diags.HasErrors() {
		t.Fatal(compact(diags))
	}
	p, diags := plan.Resolve(exp)
	if diags.HasErrors() {
		t.Fatal(compact(diags))
	}
	seen := map[string]string{}
	for _, s := range p.Runs {
		h, err := runner.JobHash(s, s.Seed, 0)
		if err != nil {
			t.Fatal(err)
		}
		if prev, dup := seen[h]; dup {
			t.Errorf("%s and %s share a job hash", prev, s.Name)
		}
		seen[h] = s.Name
	}
	if len(seen) != 9 {
		t.Errorf("%d distinct hashes, want 9", len(seen))
	}
}

// A data set is one for the whole experiment: a swept variable may not
// reach it.
func TestSweepVariableInDataset(t *testing.T) {
	src := strings.Replace(sweepFile, `source = "diabetes"`, `source = "diabetes"
  test_fraction = var.lr`, 1)
	_, lr, _ := dsl.ParseVar("lr=0.1,0.2")
	_, diags := dsl.NewLoader().Load("s.hcl", []byte(src), map[string]cty.Value{"lr": lr})
	got := compact(diags)
	// At the use, not the block's header.
	if !strings.Contains(got, "s.hcl:11:19: error: Variable cannot be swept here") {
		t.Errorf("got:\n%s", got)
	}
}

// each reaches nested blocks: a model's init and a plateau schedule
// inside an optimizer block.
func TestEachInNestedBlocks(t *testing.T) {
	src := `
experiment "n" {}
dataset "d" {
  source = "diabetes"
}
model "m" {
  for_each = { narrow = 1, wide = 5 }
  hidden   = [3]
  init {
    weights = [-each.value, each.value]
  }
}
pipeline "p" {
  for_each = { slow = 0.5, fast = 0.1 }
  optimizer "adam" {
    epochs = 2
    plateau {
      factor = each.value
    }
  }
}
run "r" {
  for_each = toset(["narrow", "wide"])
  dataset  = dataset.d
  model    = model.m[each.key]
  loss     = "mse"
  pipeline = pipeline.p[each.key == "wide" ? "fast" : "slow"]
}
`
	exp, diags := dsl.NewLoader().Load("n.hcl", []byte(src), nil)
	if diags.HasErrors() {
		t.Fatal(compact(diags))
	}
	got := map[string]string{}
	for _, r := range exp.Runs {
		got[r.Name] = fmt.Sprint(r.Model.InitWeights.Hi, " ", r.Settings)
	}
	want := map[string]string{
		"r[narrow]": "1 [{model.init.weights [-1, 1]} {optimizer.adam.plateau.factor 0.5}]",
		"r[wide]":   "5 [{model.init.weights [-5, 5]} {optimizer.adam.plateau.factor 0.1}]",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Instances are matched across a command-line sweep by name, so a
// for_each that changes with the swept value is refused.
func TestSweepVariableInForEach(t *testing.T) {
	src := strings.Replace(sweepFile, `run "search" {`, `run "search" {
  for_each = toset([tostring(var.lr)])`, 1)
	_, lr, _ := dsl.ParseVar("lr=0.1,0.2")
	_, diags := dsl.NewLoader().Load("s.hcl", []byte(src), map[string]cty.Value{"lr": lr})
	if got := compact(diags); !strings.Contains(got, `error: Instances depend on a swept variable: The instances of run "search"`) || strings.Count(got, "\n") != 1 {
		t.Errorf("got:\n%s", got)
	}
}

// A local may name another as local["name"], which is ordered like
// local.name: e refers to epochs, which sorts after it, and gets its
// value (it once stayed unknown, and the run vanished from a valid file).
func TestLocalByIndex(t *testing.T) {
	const src = `
experiment "t" {}
locals {
  e      = local["epochs"]
  epochs = 7
}
dataset "d" { source = "iris" }
model "m" { hidden = [3] }
pipeline "p" {
  optimizer "adam" { epochs = local.e }
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
`
	exp, diags := dsl.NewLoader().Load("l.hcl", []byte(src), nil)
	if diags.HasErrors() {
		t.Fatalf("%s", compact(diags))
	}
	if len(exp.Runs) != 1 || settingValue(t, exp.Runs[0].Pipeline.Stages[0].Config, "Epochs") != 7 {
		t.Fatalf("%d runs", len(exp.Runs))
	}
}

// A critical_difference plot counts its runs once a command-line sweep has
// made them: one swept run of three values is three runs (it was refused
// when counted before the sweep), one value is one.
func TestCriticalDifferenceOfASweep(t *testing.T) {
	src := sweepFile + `
plot "cd" {
  type = "critical_difference"
  runs = [run.adam]
}
`
	_, three, err := dsl.ParseVar("lr=0.01,0.1,1")
	if err != nil {
		t.Fatal(err)
	}
	if _, diags := dsl.NewLoader().Load("s.hcl", []byte(src), map[string]cty.Value{"lr": three}); diags.HasErrors() {
		t.Errorf("three swept instances: %s", compact(diags))
	}
	_, diags := dsl.NewLoader().Load("s.hcl", []byte(src), nil)
	if got := compact(diags); !strings.Contains(got, "Too few runs") || !strings.Contains(got, "this one has 1") {
		t.Errorf("one run:\n%s", got)
	}
}
