package stats

import (
	"math"
	"testing"
)

func TestHolm(t *testing.T) {
	// m = 5 (the NaN is not a test). Sorted: 0.005, 0.01, 0.03, 0.04,
	// 0.5, multiplied by 5, 4, 3, 2, 1: 0.025, 0.04, 0.09, 0.08, 0.5.
	// The running maximum lifts 0.08 to 0.09. Back in input order:
	p := []float64{0.01, 0.04, math.NaN(), 0.03, 0.005, 0.5}
	want := []float64{0.04, 0.09, math.NaN(), 0.09, 0.025, 0.5}
	checkHolm(t, p, want)

	// Capped at 1: 2·0.6 = 1.2 → 1, then max(1, 0.7) = 1.
	checkHolm(t, []float64{0.7, 0.6}, []float64{1, 1})
	// Equal p get the same adjustment: 3·0.01 = 0.03, 2·0.01 = 0.02 →
	// 0.03 by the running maximum, 1·0.2.
	checkHolm(t, []float64{0.01, 0.2, 0.01}, []float64{0.03, 0.2, 0.03})
	// One test is not adjusted.
	checkHolm(t, []float64{0.3}, []float64{0.3})
	checkHolm(t, nil, nil)
}

func checkHolm(t *testing.T, p, want []float64) {
	t.Helper()
	got := Holm(p)
	if len(got) != len(want) {
		t.Fatalf("Holm(%v) = %v, want %v", p, got, want)
	}
	for i := range want {
		if math.IsNaN(want[i]) != math.IsNaN(got[i]) || math.Abs(got[i]-want[i]) > 1e-15 {
			t.Errorf("Holm(%v) = %v, want %v", p, got, want)
			return
		}
	}
}
