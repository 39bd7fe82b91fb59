package scorer

import (
	"math"
	"math/rand/v2"
	"testing"
)

// inputColumns equals the plain loop of its comment, bit for bit, on
// sizes that leave partial tiles both ways, with -0, infinities and a
// NaN among the values, and into a reused buffer holding old values.
func TestInputColumnsIsThePlainLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, size := range [][2]int{{1, 1}, {64, 64}, {130, 70}, {3, 200}} {
		rows, in := size[0], size[1]
		x := make([]float64, rows*in)
		for i := range x {
			x[i] = rng.NormFloat64() * 10
		}
		x[len(x)/2] = math.Copysign(0, -1)
		if len(x) > 3 {
			x[1], x[2] = math.Inf(-1), math.NaN()
		}
		want := make([]float64, rows*in)
		wantMax := make([]float64, in)
		for r := range rows {
			for k := range in {
				want[k*rows+r] = x[r*in+k]
				wantMax[k] = max(wantMax[k], math.Abs(x[r*in+k]))
			}
		}
		got := make([]float64, rows*in)
		for i := range got {
			got[i] = 7 // what a reused buffer held
		}
		gotMax := make([]float64, in)
		inputColumns(got, gotMax, x, rows, in)
		for i := range want {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("%dx%d: column value %d is %v, want %v", rows, in, i, got[i], want[i])
			}
		}
		for k := range wantMax {
			if math.Float64bits(gotMax[k]) != math.Float64bits(wantMax[k]) {
				t.Fatalf("%dx%d: column %d's maximum is %v, want %v", rows, in, k, gotMax[k], wantMax[k])
			}
		}
	}
}
