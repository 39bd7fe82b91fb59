package dsl_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/plan"
)

// TestIDXAndTestBlocks decodes and plans testdata/valid/idx.hcl: an IDX
// pair with a test block of its own files, scaled by 1/51, and a CSV whose
// test block names a file (the same one), scaled by 2. The values are the
// files' bytes (testdata/idx/README.md) and toy.csv's first row.
func TestIDXAndTestBlocks(t *testing.T) {
	exp, diags := dsl.NewLoader().LoadFile("testdata/valid/idx.hcl", nil)
	if diags.HasErrors() {
		t.Fatalf("decode:\n%s", compact(diags))
	}
	decl := exp.Datasets[0]
	if decl.Source != "idx" || decl.Images != filepath.Join("testdata", "idx", "images.idx") || decl.Scale != 1.0/51 || decl.Test == nil || decl.Test.Labels != filepath.Join("testdata", "idx", "test-labels.idx") || !decl.HasTest() {
		t.Fatalf("declaration %+v, test %+v", decl, decl.Test)
	}
	p, diags := plan.Resolve(exp)
	if diags.HasErrors() {
		t.Fatalf("plan:\n%s", compact(diags))
	}
	px := p.Runs[0].Dataset
	// 0 255 51 102 of the first image, over 51.
	if px.Train.Rows != 4 || px.Train.Inputs != 4 || !slices.Equal(px.Train.X[:4], []float64{0, 5, 1, 2}) {
		t.Errorf("train %d x %d, first row %v", px.Train.Rows, px.Train.Inputs, px.Train.X[:4])
	}
	if !slices.Equal(px.Train.Y, []float64{0, 1, 2, 1}) || !slices.Equal(px.Train.Classes, []string{"0", "1", "2"}) {
		t.Errorf("train labels %v classes %q", px.Train.Y, px.Train.Classes)
	}
	if px.Test == nil || px.Test.Rows != 2 || !slices.Equal(px.Test.X, []float64{5, 5, 0, 0, 0, 1, 0, 1}) || !slices.Equal(px.Test.Y, []float64{2, 0}) || !slices.Equal(px.Test.Classes, px.Train.Classes) {
		t.Fatalf("test %+v", px.Test)
	}
	toy := p.Runs[1].Dataset
	if toy.Train.Rows != 12 || toy.Test == nil || toy.Test.Rows != 12 {
		t.Fatalf("toy: %d train rows, test %+v", toy.Train.Rows, toy.Test)
	}
	// toy.csv's first row is -1.048,0.177,-0.52,-1.662; scale 2 doubles
	// the features of both sides, not the target.
	for _, d := range []struct {
		name string
		x    []float64
	}{{"train", toy.Train.X[:3]}, {"test", toy.Test.X[:3]}} {
		if !slices.Equal(d.x, []float64{2 * firstToy[0], 2 * firstToy[1], 2 * firstToy[2]}) {
			t.Errorf("toy %s first row %v, want twice %v", d.name, d.x, firstToy)
		}
	}
	if toy.Train.Y[0] != firstToyTarget || toy.Test.Y[0] != firstToyTarget {
		t.Errorf("toy targets %g, %g, want %g unscaled", toy.Train.Y[0], toy.Test.Y[0], firstToyTarget)
	}
}

var (
	firstToy       = []float64{-1.048, 0.177, -0.52}
	firstToyTarget = -1.662
)

// A test set whose labels are all one class plans: the training set's
// classes are the model's, and only a training set needs two.
func TestIDXTestSetOfOneClass(t *testing.T) {
	exp, diags := dsl.NewLoader().LoadFile("testdata/valid/idx_one_class_test.hcl", nil)
	if diags.HasErrors() {
		t.Fatalf("decode:\n%s", compact(diags))
	}
	p, diags := plan.Resolve(exp)
	if diags.HasErrors() {
		t.Fatalf("plan:\n%s", compact(diags))
	}
	d := p.Runs[0].Dataset
	if d.Test == nil || d.Test.Rows != 2 || !slices.Equal(d.Test.Y, []float64{0, 0}) || !slices.Equal(d.Test.Classes, []string{"0", "1", "2"}) {
		t.Fatalf("test set %+v", d.Test)
	}
}
