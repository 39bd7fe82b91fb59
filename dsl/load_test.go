package dsl_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/datasets"
	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/plan"
	"github.com/zclconf/go-cty/cty"

	_ "github.com/nnexp/nnexp/builtin"
)

var update = flag.Bool("update", false, "rewrite the golden diagnostics in testdata/invalid")

func compact(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(dsl.Compact(d))
		b.WriteByte('\n')
	}
	return b.String()
}

// planStage are the invalid files whose mistake only the data shows: they
// decode cleanly (nnexp validate reads no rows) and nnexp run reports them
// when it plans, before any job starts.
var planStage = map[string]bool{
	"accuracy_on_regression":     true, // the task comes from the data
	"header_only_csv":            true, // no data row
	"idx_truncated":              true, // the header is sound; the values are missing
	"idx_test_unknown_class":     true, // the labels' values
	"csv_test_unknown_class":     true, // the test file's target cells
	"loss_task_mismatch":         true, // the task comes from the target's cells
	"foreach_loss_task_mismatch": true, // once for every instance
	"lstsq_on_classes":           true, // mse is one-hot on classification data
	"model_too_large":            true, // the input and output sizes come from the data
	"nan_feature_csv":            true,
	"nonnumeric_csv":             true,
	"ragged_csv":                 true,
	"regression_text_target":     true,
	"test_split_leaves_no_rows":  true, // the row count
	"scale_overflow_csv":         true, // the values
	"stage_cannot_run":           true, // the model's size on the data
}

// decodeAndPlan does what nnexp run does before running anything: decode,
// then, if that found no error, plan. atPlan says the diagnostics are the
// plan's.
func decodeAndPlan(path string) (diags hcl.Diagnostics, atPlan bool, err string) {
	exp, diags := dsl.NewLoader().LoadFile(path, nil)
	if diags.HasErrors() {
		if exp != nil {
			err = "returned an experiment despite errors"
		}
		return diags, false, err
	}
	p, diags := plan.Resolve(exp)
	if diags.HasErrors() && p != nil {
		err = "returned a plan despite errors"
	}
	return diags, true, err
}

// TestInvalidFiles decodes and plans every file in testdata/invalid, as
// nnexp run does, and compares its diagnostics, one per line as
// file:line:col: summary: detail, with the .golden file beside it. The
// files in planStage must decode cleanly, the others must not.
func TestInvalidFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*.hcl")
	if err != nil || len(files) < 25 {
		t.Fatalf("want at least 25 invalid cases, found %d (%v)", len(files), err)
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".hcl")
		t.Run(name, func(t *testing.T) {
			diags, atPlan, bad := decodeAndPlan(path)
			if !diags.HasErrors() {
				t.Fatalf("decoded and planned without errors")
			}
			if bad != "" {
				t.Error(bad)
			}
			if atPlan != planStage[name] {
				t.Errorf("reported when planning: %v, want %v", atPlan, planStage[name])
			}
			for _, d := range diags {
				if d.Subject == nil {
					t.Errorf("diagnostic without a position: %s", dsl.Compact(d))
				}
			}
			got := compact(diags)
			golden := strings.TrimSuffix(path, ".hcl") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./dsl -run TestInvalidFiles -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("diagnostics differ\n got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestManyErrorsReportedInOnePass(t *testing.T) {
	_, diags := dsl.NewLoader().LoadFile("testdata/invalid/many_errors_at_once.hcl", nil)
	if n := len(diags.Errs()); n < 5 {
		t.Fatalf("got %d errors, want every problem (>= 5):\n%s", n, compact(diags))
	}
}

func TestValidFile(t *testing.T) {
	exp, diags := dsl.NewLoader().LoadFile("testdata/valid/tiny.hcl", nil)
	if diags.HasErrors() {
		t.Fatalf("unexpected diagnostics:\n%s", compact(diags))
	}
	if exp.Name != "tiny" || exp.Seed != 7 || exp.Repeats != 2 {
		t.Errorf("experiment = %q seed %d repeats %d", exp.Name, exp.Seed, exp.Repeats)
	}
	if len(exp.Runs) != 2 || exp.Runs[0].Name != "toy_huber" || exp.Runs[1].Name != "iris" {
		t.Fatalf("runs not in file order: %+v", exp.Runs)
	}
	toy, iris := exp.Runs[0], exp.Runs[1]
	if toy.Seed != 11 || toy.Repeats != 2 || iris.Seed != 7 || iris.Repeats != 1 {
		t.Errorf("run overrides: toy seed %d repeats %d, iris seed %d repeats %d", toy.Seed, toy.Repeats, iris.Seed, iris.Repeats)
	}
	if ds := toy.Dataset; ds.Source != "csv" || ds.Path != filepath.Join("testdata", "valid", "toy.csv") || ds.TestFraction != 0.25 || !ds.Standardize || ds.Task != datasets.TaskAuto {
		t.Errorf("toy declaration %+v", ds)
	}
	p, diags := plan.Resolve(exp)
	if diags.HasErrors() {
		t.Fatalf("plan:\n%s", compact(diags))
	}
	toyData, irisData := p.Runs[0].Dataset, p.Runs[1].Dataset
	// 12 rows, test_fraction 0.25: 3 test rows.
	if toyData.Train.Rows != 9 || toyData.Test == nil || toyData.Test.Rows != 3 {
		t.Errorf("toy split: train %d test %v", toyData.Train.Rows, toyData.Test)
	}
	if irisData.Train.Task != nn.Classification || irisData.Test != nil {
		t.Errorf("iris: task %v test %v", irisData.Train.Task, irisData.Test)
	}
	m := toy.Model
	if strings.Join(m.ActivationNames, ",") != "tanh,relu" || len(m.Activations) != 2 {
		t.Errorf("activations %v", m.ActivationNames)
	}
	if m.InitWeights == nil || *m.InitWeights != (nn.Range{Lo: -1, Hi: 1}) || m.InitBiases != nil {
		t.Errorf("init weights %v biases %v", m.InitWeights, m.InitBiases)
	}
	if toy.LossName != "robust" || iris.LossName != "cross_entropy" {
		t.Errorf("loss names %q %q", toy.LossName, iris.LossName)
	}
	// Huber with delta 2.5: an error of 1 costs 0.5, an error of 4 costs
	// 2.5*(4 - 1.25) = 6.875.
	if got := toy.Loss.Row([]float64{1}, []float64{0}); got != 0.5 {
		t.Errorf("huber(1) = %v", got)
	}
	if got := toy.Loss.Row([]float64{4}, []float64{0}); got != 6.875 {
		t.Errorf("huber(4) = %v", got)
	}
	st := toy.Pipeline.Stages
	if len(st) != 2 || st[0].Optimizer != "search" || st[1].Optimizer != "adam" {
		t.Fatalf("stages %+v", st)
	}
	if len(exp.Plots) != 1 || exp.Plots[0].File != "iris_only.png" || strings.Join(exp.Plots[0].Runs, ",") != "iris" {
		t.Errorf("plots %+v", exp.Plots)
	}
	if exp.Vars["steps"] != "5" {
		t.Errorf("vars %v", exp.Vars)
	}
}

func TestCompareExperimentLoads(t *testing.T) {
	exp, diags := dsl.NewLoader().LoadFile("../experiments/compare.hcl", nil)
	if diags.HasErrors() {
		t.Fatalf("compare.hcl:\n%s", compact(diags))
	}
	var names []string
	for _, r := range exp.Runs {
		names = append(names, r.Name)
	}
	if strings.Join(names, ",") != "search,gradient,hybrid" {
		t.Errorf("runs %v", names)
	}
	p, diags := plan.Resolve(exp)
	if diags.HasErrors() {
		t.Fatalf("plan:\n%s", compact(diags))
	}
	d := p.Runs[0].Dataset.Train
	if d.Rows != 442 || d.Inputs != 10 || d.Outputs() != 1 {
		t.Errorf("diabetes %dx%d -> %d", d.Rows, d.Inputs, d.Outputs())
	}
}

func TestVarOverrides(t *testing.T) {
	vars := map[string]cty.Value{}
	for _, arg := range []string{"steps=3"} {
		name, v, err := dsl.ParseVar(arg)
		if err != nil {
			t.Fatal(err)
		}
		vars[name] = v
	}
	exp, diags := dsl.NewLoader().LoadFile("testdata/valid/tiny.hcl", vars)
	if diags.HasErrors() {
		t.Fatalf("%s", compact(diags))
	}
	if exp.Vars["steps"] != "3" {
		t.Errorf("vars %v", exp.Vars)
	}
	// The override reaches the optimizer config: weight_steps = var.steps.
	if got := settingValue(t, exp.Runs[0].Pipeline.Stages[0].Config, "WeightSteps"); got != 3 {
		t.Errorf("weight_steps = %v, want 3", got)
	}

	_, diags = dsl.NewLoader().LoadFile("testdata/valid/tiny.hcl", map[string]cty.Value{"stesp": cty.NumberIntVal(3)})
	if got := compact(diags); !strings.Contains(got, `Undeclared variable: The file declares no variable "stesp"`) || !strings.Contains(got, `Did you mean "steps"?`) {
		t.Errorf("undeclared --var: %s", got)
	}
}

func TestParseVar(t *testing.T) {
	for _, c := range []struct {
		arg, name string
		want      cty.Value
	}{
		{"lr=0.1", "lr", cty.NumberFloatVal(0.1)},
		{"n=30", "n", cty.NumberIntVal(30)},
		{"name=diabetes", "name", cty.StringVal("diabetes")},
		{`name="quoted"`, "name", cty.StringVal("quoted")},
		{"hidden=[5, 4]", "hidden", cty.TupleVal([]cty.Value{cty.NumberIntVal(5), cty.NumberIntVal(4)})},
		{"flag=true", "flag", cty.True},
		{"path=data/x.csv", "path", cty.StringVal("data/x.csv")},
		{"empty=", "empty", cty.StringVal("")},
	} {
		name, v, err := dsl.ParseVar(c.arg)
		if err != nil || name != c.name || !v.RawEquals(c.want) {
			t.Errorf("ParseVar(%q) = %q, %#v, %v; want %q, %#v", c.arg, name, v, err, c.name, c.want)
		}
	}
	for _, bad := range []string{"noequals", "=3", "1x=3"} {
		if _, _, err := dsl.ParseVar(bad); err == nil {
			t.Errorf("ParseVar(%q) accepted", bad)
		}
	}
}
