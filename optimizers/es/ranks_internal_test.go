package es

import (
	"math"
	"slices"
	"testing"
)

func TestCentredRanks(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		f, want []float64
	}{
		{[]float64{5}, []float64{0}},
		{[]float64{2, 1}, []float64{0.5, -0.5}},
		// Ranks 2, 0, 4, 1, 3 of 5: r/4 − 0.5.
		{[]float64{3, -1, 9, 0, 4}, []float64{0, -0.5, 0.5, -0.25, 0.25}},
		// 1 and 1 share ranks 1 and 2 (mean 1.5); 0 is rank 0, 7 rank 3.
		{[]float64{1, 0, 1, 7}, []float64{1.5/3 - 0.5, -0.5, 1.5/3 - 0.5, 0.5}},
		// NaN, +Inf and −Inf tie as the worst, ranks 2..4 (mean 3).
		{[]float64{nan, 1, inf, 0, math.Inf(-1)}, []float64{0.25, -0.25, 0.25, -0.5, 0.25}},
		// Everything tied: all zero, so the estimate is zero.
		{[]float64{nan, nan, nan, nan}, []float64{0, 0, 0, 0}},
	}
	for _, c := range cases {
		u := make([]float64, len(c.f))
		centredRanks(u, c.f, make([]int, len(c.f)))
		if !slices.Equal(u, c.want) {
			t.Errorf("centredRanks(%v) = %v, want %v", c.f, u, c.want)
		}
	}
}
