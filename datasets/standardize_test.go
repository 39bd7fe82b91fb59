package datasets

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/nn"
)

func table(rows, inputs int, x ...float64) *nn.Data {
	y := make([]float64, rows)
	for r := range y {
		y[r] = float64(r)
	}
	return &nn.Data{X: x, Y: y, Rows: rows, Inputs: inputs, TargetDim: 1, Features: make([]string, inputs)}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

func TestStandardizeHandExample(t *testing.T) {
	// Column 0: 1, 3, 5 -> mean 3, population std sqrt(8/3).
	// Column 1: 0.1 three times -> constant, only centred.
	train := table(3, 2, 1, 0.1, 3, 0.1, 5, 0.1)
	test := table(2, 2, 7, 0.6, 3, 0.1)
	trainX, testX := slices.Clone(train.X), slices.Clone(test.X)

	st, ss := Standardize(train, test)
	s := math.Sqrt(8.0 / 3)
	wantTrain := []float64{-2 / s, 0, 0, 0, 2 / s, 0}
	wantTest := []float64{4 / s, 0.5, 0, 0}
	for i := range wantTrain {
		if !near(st.X[i], wantTrain[i]) {
			t.Errorf("train X[%d] = %g, want %g", i, st.X[i], wantTrain[i])
		}
	}
	for i := range wantTest {
		if !near(ss.X[i], wantTest[i]) {
			t.Errorf("test X[%d] = %g, want %g", i, ss.X[i], wantTest[i])
		}
	}
	if !slices.Equal(train.X, trainX) || !slices.Equal(test.X, testX) {
		t.Errorf("inputs modified")
	}
	if &st.X[0] == &train.X[0] || &st.Y[0] == &train.Y[0] || &ss.X[0] == &test.X[0] {
		t.Errorf("result shares storage with the input")
	}
	if !slices.Equal(st.Y, train.Y) || st.Rows != 3 || ss.Rows != 2 {
		t.Errorf("targets or shape changed")
	}
}

func TestStandardizeMoments(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const rows, inputs = 200, 5
	x := make([]float64, rows*inputs)
	for i := range x {
		j := i % inputs
		x[i] = float64(j*j)*rng.NormFloat64() + 100*float64(j) + float64(j)
	}
	train := table(rows, inputs, x...)
	st, ss := Standardize(train, nil)
	if ss != nil {
		t.Fatalf("nil test gave %v", ss)
	}
	for j := range inputs {
		var sum, sq float64
		for r := range rows {
			sum += st.X[r*inputs+j]
		}
		mean := sum / rows
		for r := range rows {
			d := st.X[r*inputs+j] - mean
			sq += d * d
		}
		std := math.Sqrt(sq / rows)
		wantStd := 1.0
		if j == 0 { // j*j = 0: column 0 is the constant 0
			wantStd = 0
		}
		if math.Abs(mean) > 1e-12 || math.Abs(std-wantStd) > 1e-12 {
			t.Errorf("column %d: mean %g std %g, want 0 and %g", j, mean, std, wantStd)
		}
	}
}

func TestStandardizeEmptyTrain(t *testing.T) {
	train := table(0, 2)
	test := table(1, 2, 4, 5)
	st, ss := Standardize(train, test)
	if st.Rows != 0 || !slices.Equal(ss.X, []float64{4, 5}) {
		t.Errorf("got train %d rows, test %v; want 0 rows, [4 5]", st.Rows, ss.X)
	}
}
