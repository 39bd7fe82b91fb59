package plan_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/plan"
)

// taskExperiment is an experiment on a CSV file with the given rows, with
// one run per loss named.
func taskExperiment(t *testing.T, csv string, losses ...string) *dsl.Experiment {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "d.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	src := `
experiment "t" {}
dataset "d" {
  source = "csv"
  path   = "d.csv"
}
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "search" { iterations = 1 }
}
`
	for i, l := range losses {
		src += fmt.Sprintf("run \"r%d\" {\n  dataset  = dataset.d\n  model    = model.m\n  loss     = %q\n  pipeline = pipeline.p\n}\n", i, l)
	}
	file := filepath.Join(dir, "t.hcl")
	exp, diags := dsl.NewLoader().Load(file, []byte(src), nil)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return exp
}

// TestWholeNumberTargetsTakeTheirTaskFromTheLosses: integer labels and no
// task used to be regression, so cross_entropy on them was refused; now
// the runs' losses decide, a dataset used both ways is a diagnostic at
// the dataset naming task, and spaces after commas change nothing.
func TestWholeNumberTargetsTakeTheirTaskFromTheLosses(t *testing.T) {
	const labels = "a,b,label\n1,2,0\n2,1,2\n3,3,1\n0,1,2\n"
	const spaced = "a, b, label\n1, 2, 0\n2, 1, 2\n3, 3, 1\n0, 1, 2\n"
	for _, csv := range []string{labels, spaced} {
		p, diags := plan.Resolve(taskExperiment(t, csv, "cross_entropy", "zero_one"))
		if diags.HasErrors() {
			t.Fatalf("cross_entropy on integer labels: %s", compact(diags))
		}
		d := p.Runs[0].Dataset.Train
		if d.Task != nn.Classification || !slices.Equal(d.Classes, []string{"0", "1", "2"}) || !slices.Equal(d.Y, []float64{0, 2, 1, 2}) || d.Inputs != 2 {
			t.Errorf("%q: task %v, classes %q, y %v, %d inputs; want classes 0, 1, 2 of 2 features", csv, d.Task, d.Classes, d.Y, d.Inputs)
		}
	}

	p, diags := plan.Resolve(taskExperiment(t, spaced, "mse"))
	if diags.HasErrors() || p.Runs[0].Dataset.Train.Task != nn.Regression {
		t.Errorf("mse on integer targets: %s, want regression", compact(diags))
	}

	_, diags = plan.Resolve(taskExperiment(t, labels, "cross_entropy", "mse"))
	if got := compact(diags); !strings.Contains(got, ":3:1: error: Task is ambiguous: ") ||
		!strings.Contains(got, `runs r0 (cross_entropy) use them as classes and runs r1 (mse) as values`) || !strings.Contains(got, `task = "classification"`) {
		t.Errorf("a dataset read both ways: %s", got)
	}

	_, diags = plan.Resolve(taskExperiment(t, "a,y\n1,0.5\n2,1.5\n", "cross_entropy"))
	if got := compact(diags); !strings.Contains(got, "Loss does not fit the data") {
		t.Errorf("cross_entropy on fractional targets: %s, want the task mismatch", got)
	}

	p, diags = plan.Resolve(taskExperiment(t, "a, label\n1, x\n2,  y\n3,x\n", "cross_entropy"))
	if diags.HasErrors() || !slices.Equal(p.Runs[0].Dataset.Train.Classes, []string{"x", "y"}) {
		t.Errorf("labels after spaces: %s", compact(diags))
	}
}

// TestIgnoredColumns: ignore = ["id"] drops a column that is neither a
// feature nor the target (here text, which would not parse as a feature);
// naming a column that is not there, or the target, is a diagnostic at
// ignore, found from the header alone.
func TestIgnoredColumns(t *testing.T) {
	dir := t.TempDir()
	csv := "id,a,b,y\nrow-1,1,2,3\nrow-2,4,5,6\nrow-3,7,8,9\n"
	if err := os.WriteFile(filepath.Join(dir, "d.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	src := func(ignore string) string {
		return `experiment "t" {}
dataset "d" {
  source = "csv"
  path   = "d.csv"
  ignore = ` + ignore + `
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
	}
	file := filepath.Join(dir, "t.hcl")
	exp, diags := dsl.NewLoader().Load(file, []byte(src(`["id"]`)), nil)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	p, diags := plan.Resolve(exp)
	if diags.HasErrors() {
		t.Fatal(compact(diags))
	}
	d := p.Runs[0].Dataset.Train
	if d.Inputs != 2 || !slices.Equal(d.Features, []string{"a", "b"}) || !slices.Equal(d.X, []float64{1, 2, 4, 5, 7, 8}) {
		t.Errorf("ignoring id: features %q, X %v", d.Features, d.X)
	}
	for ignore, want := range map[string]string{
		`["idd"]`: `:5:12: error: Invalid CSV data: ` + filepath.Join(dir, "d.csv") + `:1: ignored column "idd" not found (columns: id, a, b, y); did you mean "id"?`,
		`["y"]`:   `:5:12: error: Invalid CSV data: ` + filepath.Join(dir, "d.csv") + `:1: column "y" is the target (the last column, when target is not set); set target to another column to ignore this one`,
	} {
		_, diags := dsl.NewLoader().Load(file, []byte(src(ignore)), nil)
		if got := compact(diags); !strings.Contains(got, want) {
			t.Errorf("ignore = %s: %s, want %s", ignore, got, want)
		}
	}
}

// TestTargetAccuracyNeedsATestSplit: target_accuracy is measured on test
// rows of classification data; without them it is a diagnostic at the
// attribute, before any job starts.
func TestTargetAccuracyNeedsATestSplit(t *testing.T) {
	exp := decode(t, `
experiment "t" { target_accuracy = 0.9 }
dataset "d" { source = "iris" }
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "search" { iterations = 1 }
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
`)
	_, diags := plan.Resolve(exp)
	want := `p.hcl:2:36: error: Target needs a test split: target_accuracy is reached on the test rows of a classification dataset; dataset "d" is classification (3 classes) with no test rows (test_fraction or a test block).`
	if got := compact(diags); got != want+"\n" {
		t.Errorf("diagnostics:\n%s\nwant\n%s", got, want)
	}
}
