package stats

import (
	"math"
	"slices"
	"testing"
)

// TestFriedmanByHand: three methods on four problems.
//
//	problem  a  b  c     ranks
//	1        1  2  3     1 2 3
//	2        1  3  2     1 3 2
//	3        2  1  3     2 1 3
//	4        1  1  3     1.5 1.5 3   (a and b tie for ranks 1 and 2)
//
// average ranks: a (1+1+2+1.5)/4 = 1.375, b (2+3+1+1.5)/4 = 1.875,
// c (3+2+3+3)/4 = 2.75; chi2 = 12*4/(3*4) * (1.375² + 1.875² + 2.75²
// - 3*16/4) = 4 * (1.890625 + 3.515625 + 7.5625 - 12) = 3.875;
// Iman-Davenport F = 3*3.875 / (4*2 - 3.875) = 11.625/4.125 = 2.8181...
func TestFriedmanByHand(t *testing.T) {
	scores := [][]float64{{1, 2, 3}, {1, 3, 2}, {2, 1, 3}, {1, 1, 3}}
	avg := Ranks(scores)
	if !slices.Equal(avg, []float64{1.375, 1.875, 2.75}) {
		t.Errorf("average ranks %v", avg)
	}
	if chi2 := FriedmanChiSq(avg, 4); math.Abs(chi2-3.875) > 1e-12 {
		t.Errorf("chi2 %v, want 3.875", chi2)
	}
	if f := ImanDavenport(3.875, 3, 4); math.Abs(f-11.625/4.125) > 1e-12 {
		t.Errorf("F %v", f)
	}
	// CD for k = 3, n = 4: 2.343 * sqrt(12/24) = 1.65675...
	if cd := NemenyiCD(3, 4); math.Abs(cd-2.343*math.Sqrt(0.5)) > 1e-12 {
		t.Errorf("CD %v", cd)
	}
	if !math.IsNaN(NemenyiCD(11, 4)) || !math.IsNaN(NemenyiCD(1, 4)) {
		t.Error("CD outside the table")
	}
}
