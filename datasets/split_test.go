package datasets

import (
	"math"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/nn"
)

// numbered returns a table whose row r is x = (r, -r), y = 10r, so any row
// of a split can be traced back and checked for consistency.
func numbered(rows int) *nn.Data {
	d := &nn.Data{Rows: rows, Inputs: 2, TargetDim: 1, Task: nn.Regression,
		Features: []string{"a", "b"}, Target: "y"}
	for r := range rows {
		d.X = append(d.X, float64(r), -float64(r))
		d.Y = append(d.Y, 10*float64(r))
	}
	return d
}

// originRows returns the source row of each row of part, failing if a row
// is not one of numbered's.
func originRows(t *testing.T, part *nn.Data) []int {
	t.Helper()
	if len(part.X) != part.Rows*part.Inputs || len(part.Y) != part.Rows {
		t.Fatalf("inconsistent shape: %d rows, X %d, Y %d", part.Rows, len(part.X), len(part.Y))
	}
	rows := make([]int, part.Rows)
	for i := range part.Rows {
		x, y := part.Row(i)
		r := int(x[0])
		if x[1] != -x[0] || y[0] != 10*x[0] {
			t.Fatalf("row %d mixes source rows: x %v y %v", i, x, y)
		}
		rows[i] = r
	}
	return rows
}

func TestSplitSizesAndPartition(t *testing.T) {
	for _, tc := range []struct {
		rows      int
		fraction  float64
		trainRows int
	}{
		{10, 0.2, 8},
		{10, 0.25, 8}, // floor(2.5) = 2
		{442, 0.2, 354},
		{3, 0.5, 2},
		{7, 0.99, 1},
	} {
		d := numbered(tc.rows)
		train, test, err := Split(d, tc.fraction, 1)
		if err != nil {
			t.Fatalf("%d rows %g: %v", tc.rows, tc.fraction, err)
		}
		if train.Rows != tc.trainRows || test.Rows != tc.rows-tc.trainRows {
			t.Errorf("%d rows %g: %d/%d, want %d/%d", tc.rows, tc.fraction,
				train.Rows, test.Rows, tc.trainRows, tc.rows-tc.trainRows)
		}
		a, b := originRows(t, train), originRows(t, test)
		if !slices.IsSorted(a) || !slices.IsSorted(b) {
			t.Errorf("order not kept: train %v test %v", a, b)
		}
		all := slices.Sorted(slices.Values(append(a, b...)))
		for i, r := range all {
			if r != i {
				t.Fatalf("train+test rows %v are not each row once", all)
			}
		}
		if !slices.Equal(train.Features, d.Features) || test.Target != "y" || test.Task != d.Task {
			t.Errorf("columns not carried over")
		}
	}
}

func TestSplitSeeds(t *testing.T) {
	d := numbered(100)
	_, t1, _ := Split(d, 0.3, 42)
	_, t2, _ := Split(d, 0.3, 42)
	_, t3, _ := Split(d, 0.3, 43)
	a, b, c := originRows(t, t1), originRows(t, t2), originRows(t, t3)
	if !slices.Equal(a, b) {
		t.Errorf("same seed, different test rows: %v vs %v", a, b)
	}
	if slices.Equal(a, c) {
		t.Errorf("seeds 42 and 43 chose the same test rows %v", a)
	}
}

func TestSplitMatchesPCGShuffle(t *testing.T) {
	// The split is pinned to a named generator and stream so a seed means
	// the same rows in every build; check it against an independent
	// Fisher-Yates over the same PCG outputs.
	d := numbered(20)
	_, test, err := Split(d, 0.25, 9)
	if err != nil {
		t.Fatal(err)
	}
	want := pcgTestRows(20, 5, 9)
	if got := originRows(t, test); !slices.Equal(got, want) {
		t.Errorf("test rows %v, want %v", got, want)
	}
}

func TestSplitZeroFraction(t *testing.T) {
	d := numbered(4)
	train, test, err := Split(d, 0, 5)
	if err != nil || train != d || test != nil {
		t.Fatalf("got %p %v %v, want the input, nil, nil", train, test, err)
	}
}

func TestSplitErrors(t *testing.T) {
	tests := []struct {
		d        *nn.Data
		fraction float64
		want     string
	}{
		{numbered(10), 1, "datasets: test_fraction 1 is not in [0, 1)"},
		{numbered(10), -0.1, "datasets: test_fraction -0.1 is not in [0, 1)"},
		{numbered(10), math.NaN(), "datasets: test_fraction NaN is not in [0, 1)"},
		{numbered(10), 0.05, "datasets: test_fraction 0.05 of 10 rows leaves no test rows"},
		{numbered(0), 0.5, "datasets: test_fraction 0.5 of 0 rows leaves no training rows"},
		{nil, 0.5, "datasets: no data to split"},
		{&nn.Data{Rows: 3, Inputs: 1, TargetDim: 1, X: []float64{1}}, 0.5,
			"datasets: cannot split a table whose X or Y length does not match its 3 rows"},
	}
	for _, tc := range tests {
		_, _, err := Split(tc.d, tc.fraction, 1)
		if err == nil || err.Error() != tc.want {
			t.Errorf("fraction %g: err = %v, want %s", tc.fraction, err, tc.want)
		}
	}
}
