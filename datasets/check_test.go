package datasets_test

import (
	"math"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/datasets"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/registry"
)

// TestCheck: every built-in table passes, and each way a table built in
// Go can be unusable is named.
func TestCheck(t *testing.T) {
	for _, name := range []string{"diabetes", "iris", "breast_cancer", "digits"} {
		reg, err := registry.LookupDataset(name)
		if err != nil {
			t.Fatal(err)
		}
		d, err := reg.Load()
		if err != nil {
			t.Fatal(err)
		}
		if err := datasets.Check(d); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	good := func() *nn.Data {
		return &nn.Data{X: []float64{1, 2, 3, 4}, Y: []float64{0, 1}, Rows: 2, Inputs: 2, TargetDim: 1,
			Task: nn.Classification, Classes: []string{"a", "b"}, Features: []string{"u", "v"}}
	}
	if err := datasets.Check(good()); err != nil {
		t.Fatalf("a good table: %v", err)
	}
	for _, c := range []struct {
		name  string
		spoil func(d *nn.Data) *nn.Data
		want  string
	}{
		{"nil", func(*nn.Data) *nn.Data { return nil }, "no data"},
		{"no rows", func(d *nn.Data) *nn.Data { d.Rows, d.X, d.Y = 0, nil, nil; return d }, "0 rows"},
		{"short X", func(d *nn.Data) *nn.Data { d.X = d.X[:3]; return d }, "X holds 3 values; 2 rows of 2 inputs need 4"},
		{"long Y", func(d *nn.Data) *nn.Data { d.Y = append(d.Y, 0); return d }, "Y holds 3 values"},
		{"NaN input", func(d *nn.Data) *nn.Data { d.X[3] = math.NaN(); return d }, `row 1, input "v" is NaN`},
		{"Inf target", func(d *nn.Data) *nn.Data { d.Task, d.Classes, d.Y[0] = nn.Regression, nil, math.Inf(1); return d }, "row 0, target 0 is +Inf"},
		{"label past the classes", func(d *nn.Data) *nn.Data { d.Y[1] = 2; return d }, "row 1 has label 2"},
		{"fractional label", func(d *nn.Data) *nn.Data { d.Y[0] = 0.5; return d }, "row 0 has label 0.5"},
		{"no classes", func(d *nn.Data) *nn.Data { d.Classes = nil; return d }, "0 classes"},
		{"feature names", func(d *nn.Data) *nn.Data { d.Features = d.Features[:1]; return d }, "Features names 1 columns for 2 inputs"},
	} {
		err := datasets.Check(c.spoil(good()))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", c.name, err, c.want)
		}
	}
}
