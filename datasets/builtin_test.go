package datasets

import (
	"fmt"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/registry"
)

func loadBuiltin(t *testing.T, name string) (*nn.Data, registry.Dataset) {
	t.Helper()
	ds, err := registry.LookupDataset(name)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ds.Load()
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return d, ds
}

func TestBuiltinShapes(t *testing.T) {
	tests := []struct {
		name          string
		rows, inputs  int
		task          nn.Task
		classes       int
		target        string
		firstFeatures string
	}{
		{"diabetes", 442, 10, nn.Regression, 0, "target", "age"},
		{"iris", 150, 4, nn.Classification, 3, "species", "sepal_length"},
		{"breast_cancer", 569, 30, nn.Classification, 2, "target", "mean_radius"},
		{"digits", 1797, 64, nn.Classification, 10, "digit", "pixel_0_0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, ds := loadBuiltin(t, tc.name)
			if d.Rows != tc.rows || d.Inputs != tc.inputs || d.TargetDim != 1 || d.Task != tc.task {
				t.Fatalf("%d x %d dim %d %v, want %d x %d dim 1 %v",
					d.Rows, d.Inputs, d.TargetDim, d.Task, tc.rows, tc.inputs, tc.task)
			}
			if len(d.X) != d.Rows*d.Inputs || len(d.Y) != d.Rows || len(d.Features) != d.Inputs {
				t.Fatalf("lengths X %d Y %d features %d", len(d.X), len(d.Y), len(d.Features))
			}
			if d.Target != tc.target || d.Features[0] != tc.firstFeatures {
				t.Errorf("columns %q... -> %q", d.Features[0], d.Target)
			}
			if len(d.Classes) != tc.classes {
				t.Errorf("%d classes, want %d", len(d.Classes), tc.classes)
			}
			for k, c := range d.Classes {
				if c != fmt.Sprint(k) {
					t.Errorf("class %d is named %q", k, c)
				}
			}
			prefix := fmt.Sprintf("%d x %d %v", tc.rows, tc.inputs, tc.task)
			if len(ds.Doc) < len(prefix) || ds.Doc[:len(prefix)] != prefix {
				t.Errorf("doc %q does not start with %q", ds.Doc, prefix)
			}
			again, err := ds.Load()
			if err != nil || again != d {
				t.Errorf("second Load gave %p, %v; want the same table %p", again, err, d)
			}
		})
	}
}

func TestBuiltinDiabetesTargetRange(t *testing.T) {
	d, _ := loadBuiltin(t, "diabetes")
	if lo, hi := slices.Min(d.Y), slices.Max(d.Y); lo != 25 || hi != 346 {
		t.Errorf("target range %g..%g, want 25..346", lo, hi)
	}
}

func TestBuiltinClassCounts(t *testing.T) {
	// Counts from the sources' documentation (see data/PROVENANCE.md).
	tests := []struct {
		name   string
		counts []int
	}{
		{"iris", []int{50, 50, 50}},
		{"breast_cancer", []int{212, 357}},
	}
	for _, tc := range tests {
		d, _ := loadBuiltin(t, tc.name)
		got := make([]int, len(d.Classes))
		for _, y := range d.Y {
			got[int(y)]++
		}
		if !slices.Equal(got, tc.counts) {
			t.Errorf("%s class counts %v, want %v", tc.name, got, tc.counts)
		}
	}
}

func TestBuiltinDigitsPixelRange(t *testing.T) {
	d, _ := loadBuiltin(t, "digits")
	if lo, hi := slices.Min(d.X), slices.Max(d.X); lo != 0 || hi != 16 {
		t.Errorf("pixel range %g..%g, want 0..16", lo, hi)
	}
}
