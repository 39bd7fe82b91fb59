package stats

import (
	"math"
	"slices"
	"testing"
)

// TestDescribe checks each summary against values worked out by hand.
func TestDescribe(t *testing.T) {
	// 1 2 3 4 10: mean 20/5 = 4; deviations −3 −2 −1 0 6, squares 9 4 1
	// 0 36 = 50, sd = sqrt(50/4) = sqrt(12.5); h = 4p: q1 at h = 1 is
	// 2, the median at h = 2 is 3, q3 at h = 3 is 4.
	x := []float64{10, 3, 1, 4, 2} // unsorted on purpose
	keep := slices.Clone(x)
	got := Describe(x)
	want := Summary{N: 5, Mean: 4, SD: math.Sqrt(12.5), Median: 3, Q1: 2, Q3: 4, Min: 1, Max: 10}
	if got != want {
		t.Errorf("Describe(%v) = %+v, want %+v", x, got, want)
	}
	if !slices.Equal(x, keep) {
		t.Errorf("Describe sorted its argument: %v", x)
	}

	// 1 2 3 4: h = 3p, so q1 at h = 0.75 is 1 + 0.75·1 = 1.75, the
	// median at 1.5 is 2.5 and q3 at 2.25 is 3 + 0.25 = 3.25, numpy's
	// np.percentile([1, 2, 3, 4], [25, 50, 75]). sd = sqrt((2.25 + 0.25
	// + 0.25 + 2.25)/3) = sqrt(5/3).
	got = Describe([]float64{4, 1, 3, 2})
	want = Summary{N: 4, Mean: 2.5, SD: math.Sqrt(5.0 / 3), Median: 2.5, Q1: 1.75, Q3: 3.25, Min: 1, Max: 4}
	if got != want {
		t.Errorf("Describe(1..4) = %+v, want %+v", got, want)
	}

	// One value: every statistic is that value but the sample sd,
	// which needs two.
	got = Describe([]float64{7})
	if got.Mean != 7 || got.Median != 7 || got.Q1 != 7 || got.Q3 != 7 || got.Min != 7 || got.Max != 7 || !math.IsNaN(got.SD) {
		t.Errorf("Describe(7) = %+v", got)
	}
	got = Describe(nil)
	for _, v := range []float64{got.Mean, got.SD, got.Median, got.Q1, got.Q3, got.Min, got.Max} {
		if !math.IsNaN(v) {
			t.Errorf("Describe(nil) = %+v, want NaNs", got)
			break
		}
	}
}

// TestQuantileInterpolates checks numpy's linear rule off the quartiles
// and next to an infinite value.
func TestQuantileInterpolates(t *testing.T) {
	x := []float64{0, 10, 20, 40}
	for _, c := range []struct{ p, want float64 }{
		{0, 0}, {1, 40}, {0.1, 3}, // h = 0.3: 0 + 0.3·10
		{0.9, 34}, // h = 2.7: 40 − 0.3·20, from the upper neighbour
		{0.5, 15},
	} {
		if got := Quantile(x, c.p); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Quantile(%v, %g) = %g, want %g", x, c.p, got, c.want)
		}
	}
	// A quantile that falls on a value is that value, even beside +Inf.
	if got := Median([]float64{1, 2, math.Inf(1)}); got != 2 {
		t.Errorf("median of 1, 2, +Inf = %g, want 2", got)
	}
}

// TestMedianIsNumpys: the mean of the two middle values, as np.median
// takes it. For 3.9 and 67.60000000000001 (a sum of tenths) that is
// 35.75000000000001, where the interpolation b − (b − a)·0.5 of
// Quantile rounds to 35.75.
func TestMedianIsNumpys(t *testing.T) {
	a, b := 3.9, 67.60000000000001
	if got := Median([]float64{b, a}); got != 35.75000000000001 {
		t.Errorf("Median(%v, %v) = %v, want 35.75000000000001", b, a, got)
	}
	if got := Quantile([]float64{b, a}, 0.5); got != 35.75 {
		t.Errorf("Quantile(%v, %v; 0.5) = %v, want 35.75", b, a, got)
	}
	if got := Median([]float64{3, 1, 2}); got != 2 {
		t.Errorf("Median(3, 1, 2) = %v, want 2", got)
	}
	if got := Median(nil); !math.IsNaN(got) {
		t.Errorf("Median() = %v, want NaN", got)
	}
}

// Finite losses near the float64 maximum (an exploding step size) have a
// finite mean and sd: the sum and the squared deviations would overflow,
// so they are scaled. The sd of 1e200 and 3e200 is sqrt(2)·1e200.
func TestMeanAndSDOfHugeValues(t *testing.T) {
	if m := Mean([]float64{1e308, 1.5e308}); m != 1.25e308 {
		t.Errorf("Mean(1e308, 1.5e308) = %v, want 1.25e308", m)
	}
	if sd, want := SD([]float64{1e200, 3e200}), math.Sqrt2*1e200; math.Abs(sd-want) > 1e-15*want {
		t.Errorf("SD(1e200, 3e200) = %v, want %v", sd, want)
	}
	if sd := SD([]float64{1, 2, math.Inf(1)}); !math.IsNaN(sd) && !math.IsInf(sd, 0) {
		t.Errorf("SD with an infinite value = %v, want no finite number", sd)
	}
}

// Equal values have an sd of exactly 0, though their mean is rounded:
// thirty costs of 18.142857142857142 gave 1.08e-14 before the correction.
func TestSDOfEqualValues(t *testing.T) {
	for _, v := range []float64{18.142857142857142, 0.1, 1e300 / 7, -3.3} {
		x := make([]float64, 30)
		for i := range x {
			x[i] = v
		}
		if sd := SD(x); sd != 0 {
			t.Errorf("SD of 30 copies of %v = %v, want 0", v, sd)
		}
	}
}
