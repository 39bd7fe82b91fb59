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

// TestFriedmanTieCorrection: in TestFriedmanByHand's table, problem 4 has
// one group of t = 2 tied scores, t³ − t = 6, so the divisor is
// 1 − 6/(4·3·(9 − 1)) = 1 − 6/96 = 0.9375 and the corrected chi2 is
// 3.875/0.9375 = 4.1333... (scipy's friedmanchisquare gives the same).
// Without ties the divisor is 1; with every row one tie the statistic is
// 0; scores that rank the methods alike on every problem give an
// infinite Iman-Davenport F.
func TestFriedmanTieCorrection(t *testing.T) {
	scores := [][]float64{{1, 2, 3}, {1, 3, 2}, {2, 1, 3}, {1, 1, 3}}
	if c := FriedmanTies(scores); c != 0.9375 {
		t.Errorf("divisor %v, want 0.9375", c)
	}
	if chi2 := FriedmanChiSqTied(Ranks(scores), scores); math.Abs(chi2-3.875/0.9375) > 1e-12 {
		t.Errorf("corrected chi2 %v, want %v", chi2, 3.875/0.9375)
	}
	// Two groups in one row (1 1 2 2: t = 2 twice) and a triple (5 5 5 x).
	tied := [][]float64{{1, 1, 2, 2}, {5, 5, 5, 0}}
	if c, want := FriedmanTies(tied), 1-(6+6+24)/(2*4*15.0); c != want {
		t.Errorf("divisor %v, want %v", c, want)
	}
	if c := FriedmanTies([][]float64{{1, 2, 3}, {3, 1, 2}}); c != 1 {
		t.Errorf("divisor without ties %v, want 1", c)
	}
	if chi2 := FriedmanChiSqTied(Ranks([][]float64{{7, 7, 7}, {2, 2, 2}}), [][]float64{{7, 7, 7}, {2, 2, 2}}); chi2 != 0 {
		t.Errorf("chi2 of all ties %v, want 0", chi2)
	}
	same := [][]float64{{1, 2, 3}, {1, 2, 3}, {1, 2, 3}}
	if chi2 := FriedmanChiSqTied(Ranks(same), same); chi2 != 6 {
		t.Errorf("chi2 of full agreement %v, want n(k-1) = 6", chi2)
	}
	if f := ImanDavenport(6, 3, 3); !math.IsInf(f, 1) {
		t.Errorf("F of full agreement %v, want +Inf", f)
	}
	if f := ImanDavenport(2, 3, 1); !math.IsNaN(f) {
		t.Errorf("F of one problem %v, want NaN (no degrees of freedom)", f)
	}
}

// ImanDavenportP against closed forms: with k-1 = 2 numerator degrees of
// freedom F's survival is (1 + 2F/d2)^(-d2/2), which 1 - CDF cannot give
// below 1e-16; an infinite F is the exact chance that every problem takes
// one order.
func TestImanDavenportP(t *testing.T) {
	f := 11.625 / 4.125 // k = 3, n = 4: d1 = 2, d2 = 6
	if p, want := ImanDavenportP(f, 3, 4, 6), math.Pow(1+2*f/6, -3); math.Abs(p-want) > 1e-14*want {
		t.Errorf("p(F = %v) = %v, want %v", f, p, want)
	}
	// n = 2: d2 = 2, survival 1/(1+F).
	if p, want := ImanDavenportP(1e20, 3, 2, 6), 1/(1+1e20); math.Abs(p-want) > 1e-12*want {
		t.Errorf("p(F = 1e20) = %v, want %v", p, want)
	}
	for _, c := range []struct {
		f      float64
		k, n   int
		orders float64
		want   float64
	}{
		{math.Inf(1), 3, 4, 6, 1.0 / 216},
		{math.Inf(1), 5, 2, 120, 1.0 / 120},
		{math.Inf(1), 3, 3, 3, 1.0 / 9}, // one tie in each problem: 3!/2! orders
		{0, 3, 4, 6, 1},
		{2, 3, 1, 6, math.NaN()},
		{math.NaN(), 3, 4, 6, math.NaN()},
	} {
		got := ImanDavenportP(c.f, c.k, c.n, c.orders)
		if !(got == c.want || math.IsNaN(got) && math.IsNaN(c.want)) && math.Abs(got-c.want) > 1e-15 {
			t.Errorf("ImanDavenportP(%v, %d, %d, %v) = %v, want %v", c.f, c.k, c.n, c.orders, got, c.want)
		}
	}
	for _, c := range []struct {
		row  []float64
		want float64
	}{
		{[]float64{3, 1, 2}, 6}, {[]float64{1, 1, 2}, 3}, {[]float64{4, 4, 4, 4}, 1}, {[]float64{1, 1, 2, 2}, 6},
		{[]float64{math.Inf(1), math.Inf(1), 0}, 3},
	} {
		if got := RowOrders(c.row); got != c.want {
			t.Errorf("RowOrders(%v) = %v, want %v", c.row, got, c.want)
		}
	}
}
