package dsl_test

import (
	"slices"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/nnexp/nnexp/dsl"
)

// A milestone measures the runs it lists (every instance of a for_each
// run), the runs on its dataset in file order, or every run.
func TestMilestoneRuns(t *testing.T) {
	src := `
experiment "m" {}
dataset "flowers" { source = "iris" }
dataset "sugar" {
  source        = "diabetes"
  test_fraction = 0.2
}
model "small" { hidden = [3] }
pipeline "p" {
  optimizer "adam" { epochs = 1 }
}
run "sugar_a" {
  dataset = dataset.sugar
  model = model.small
  loss = "mse"
  pipeline = pipeline.p
}
run "flowers_grid" {
  for_each = toset(["x", "y"])
  dataset = dataset.flowers
  model = model.small
  loss = "cross_entropy"
  pipeline = pipeline.p
}
run "sugar_b" {
  dataset = dataset.sugar
  model = model.small
  loss = "mse"
  pipeline = pipeline.p
}
milestone "mse" {
  metric  = "test_loss"
  value   = 3000
  dataset = dataset.sugar
}
milestone "listed" {
  metric = "train_accuracy"
  value  = 0.9
  runs   = [run.flowers_grid]
}
milestone "every" {
  metric = "train_loss"
  value  = 0.5
}
`
	exp, diags := dsl.NewLoader().Load("m.hcl", []byte(src), nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	want := []dsl.Milestone{
		{Name: "mse", Metric: "test_loss", Value: 3000, Runs: []string{"sugar_a", "sugar_b"}},
		{Name: "listed", Metric: "train_accuracy", Value: 0.9, Runs: []string{"flowers_grid[x]", "flowers_grid[y]"}},
		{Name: "every", Metric: "train_loss", Value: 0.5},
	}
	if len(exp.Milestones) != len(want) {
		t.Fatalf("%d milestones, want %d", len(exp.Milestones), len(want))
	}
	for i, w := range want {
		g := exp.Milestones[i]
		if g.Name != w.Name || g.Metric != w.Metric || g.Value != w.Value || !slices.Equal(g.Runs, w.Runs) {
			t.Errorf("milestone %d: %+v, want %+v", i, *g, w)
		}
	}
}

// A command-line sweep turns a run into its instances, in the runs a
// milestone measures as in those a plot draws, whether the milestone
// listed the run or named its dataset.
func TestMilestoneRunsOfASweep(t *testing.T) {
	src := sweepFile + `
milestone "listed" {
  metric = "train_loss"
  value  = 1
  runs   = [run.adam]
}
milestone "on_data" {
  metric  = "train_loss"
  value   = 1
  dataset = dataset.d
}
`
	_, lr, err := dsl.ParseVar("lr=0.01,0.1")
	if err != nil {
		t.Fatal(err)
	}
	exp, diags := dsl.NewLoader().Load("s.hcl", []byte(src), map[string]cty.Value{"lr": lr})
	if diags.HasErrors() {
		t.Fatal(compact(diags))
	}
	want := map[string][]string{
		"listed":  {"adam[lr=0.01]", "adam[lr=0.1]"},
		"on_data": {"adam[lr=0.01]", "adam[lr=0.1]", "search"},
	}
	for _, m := range exp.Milestones {
		if !slices.Equal(m.Runs, want[m.Name]) {
			t.Errorf("milestone %s measures %q, want %q", m.Name, m.Runs, want[m.Name])
		}
	}
}
