package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestWilcoxonByHand checks small cases whose null distribution is
// enumerated in the comments.
func TestWilcoxonByHand(t *testing.T) {
	// d = 1, −2, 3, 4, 5: ranks 1..5, T+ = 1+3+4+5 = 13, T− = 2. Of the
	// 2^5 = 32 sign patterns, those with T− ≤ 2 make the negative ranks
	// {}, {1} or {2}: 3 patterns, and by symmetry 3 with T+ ≤ 2; so
	// p = 6/32 = 0.1875 (scipy.stats.wilcoxon gives statistic 2,
	// p 0.1875).
	check(t, []float64{1, -2, 3, 4, 5}, WilcoxonResult{N: 5, Statistic: 2, P: 6.0 / 32, Exact: true})

	// A zero and ties: d = 0, 1, −1, 2, 2, −3. The zero is dropped
	// (n = 5); |d| = 1 1 2 2 3 take ranks 1.5 1.5 3.5 3.5 5, doubled
	// 3 3 7 7 10 (sum 30 = n(n+1)). T+ = 1.5+3.5+3.5 = 8.5 (doubled 17),
	// T− = 1.5+5 = 6.5; μ = 7.5 (doubled 15). Doubled subset sums of
	// {3,3} are 0, 3 (2 ways), 6; of {7,7} 0, 7 (2 ways), 14; plus 0 or
	// 10. The 32 patterns by doubled T+:
	//   without 10: 0 3 3 6 | 7 7 10 10 10 10 13 13 | 14 17 17 20
	//   with 10:   10 13 13 16 | 17 17 20 20 20 20 23 23 | 24 27 27 30
	// |T+ − 15| < 2 (sums 14, 15, 16) in 2 patterns, so
	// p = Pr[|T+ − 15| ≥ 2] = 30/32 = 0.9375.
	check(t, []float64{0, 1, -1, 2, 2, -3}, WilcoxonResult{N: 5, Statistic: 6.5, P: 30.0 / 32, Exact: true})

	// All differences of one sign: only the all-positive and the
	// all-negative patterns are as extreme, p = 2/2^n.
	check(t, []float64{1, 2, 3, 4, 5, 6}, WilcoxonResult{N: 6, Statistic: 0, P: 2.0 / 64, Exact: true})
	check(t, []float64{-0.5, -0.5, -0.5, -0.5, -0.5}, WilcoxonResult{N: 5, Statistic: 0, P: 2.0 / 32, Exact: true})
	if MinWilcoxonP(5) != 2.0/32 || MinWilcoxonP(6) != 2.0/64 || MinWilcoxonP(0) != 1 || MinWilcoxonP(1) != 1 {
		t.Errorf("MinWilcoxonP(5, 6, 0, 1) = %g %g %g %g", MinWilcoxonP(5), MinWilcoxonP(6), MinWilcoxonP(0), MinWilcoxonP(1))
	}

	// Statistic at the centre: d = 1, −2, −3, 4 has T+ = 5 = μ, p = 1.
	check(t, []float64{1, -2, -3, 4}, WilcoxonResult{N: 4, Statistic: 5, P: 1, Exact: true})

	// Only zeros: nothing to rank, no evidence either way.
	check(t, []float64{0, 0, 0}, WilcoxonResult{P: 1, Exact: true})
	check(t, nil, WilcoxonResult{P: 1, Exact: true})

	// scipy.stats.wilcoxon's documented example (Cushny and Peebles'
	// differences as Fisher used them): n = 15, T− = 10 + 14 = 24,
	// p = 0.041259765625 = 1352/32768.
	check(t, []float64{6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75},
		WilcoxonResult{N: 15, Statistic: 24, P: 0.041259765625, Exact: true})
}

func check(t *testing.T, d []float64, want WilcoxonResult) {
	t.Helper()
	if got := Wilcoxon(d); got != want {
		t.Errorf("Wilcoxon(%v) = %+v, want %+v", d, got, want)
	}
}

// TestWilcoxonAgainstEnumeration compares the dynamic programme with a
// direct count over all 2^n sign patterns, on random differences with
// many zeros and ties, ranked here by the definition (rank of |d_i| =
// 1 + #{|d_j| < |d_i|} + (#{j ≠ i: |d_j| = |d_i|})/2) rather than by
// sorting.
func TestWilcoxonAgainstEnumeration(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 300; trial++ {
		n := 1 + rng.IntN(14)
		d := make([]float64, n)
		for i := range d {
			// Values from −3 to 3 in steps of 0.5: zeros and ties
			// are common.
			d[i] = float64(rng.IntN(13)-6) / 2
		}
		got := Wilcoxon(d)
		want := enumerate(d)
		if got.N > 12 {
			continue // enumerate's limit; d had at most 14 values
		}
		if got.N != want.N || got.Statistic != want.Statistic || got.P != want.P || !got.Exact {
			t.Fatalf("Wilcoxon(%v) = %+v, enumeration gives %+v", d, got, want)
		}
	}
}

// enumerate is the exact test by brute force, for at most 12 non-zero
// differences: p is the share of the 2^n sign patterns whose T+ is at
// least as far from n(n+1)/4 as the observed one.
func enumerate(d []float64) WilcoxonResult {
	var nz []float64
	for _, v := range d {
		if v != 0 {
			nz = append(nz, v)
		}
	}
	n := len(nz)
	if n > 12 {
		return WilcoxonResult{N: n}
	}
	rank := make([]float64, n)
	tplus, total := 0.0, 0.0
	for i, v := range nz {
		less, same := 0, 0
		for j, w := range nz {
			switch {
			case math.Abs(w) < math.Abs(v):
				less++
			case j != i && math.Abs(w) == math.Abs(v):
				same++
			}
		}
		rank[i] = 1 + float64(less) + float64(same)/2
		total += rank[i]
		if v > 0 {
			tplus += rank[i]
		}
	}
	mu := total / 2
	extreme := 0
	for pattern := 0; pattern < 1<<n; pattern++ {
		s := 0.0
		for i := range n {
			if pattern&(1<<i) != 0 {
				s += rank[i]
			}
		}
		// Ranks are halves, so these sums are exact.
		if math.Abs(s-mu) >= math.Abs(tplus-mu) {
			extreme++
		}
	}
	return WilcoxonResult{N: n, Statistic: math.Min(tplus, total-tplus), P: float64(extreme) / float64(int(1)<<n), Exact: true}
}

// TestWilcoxonNormal checks the approximation past ExactLimit against
// the textbook tie-corrected variance, and that it agrees roughly with
// the exact p where the two meet.
func TestWilcoxonNormal(t *testing.T) {
	// 60 differences: 1..50 positive except 3 and 7, then ten ties of
	// 55 (ranks 51..60, mean 55.5), five positive and five negative;
	// plus two zeros, dropped.
	var d []float64
	for i := 1; i <= 50; i++ {
		v := float64(i)
		if i == 3 || i == 7 {
			v = -v
		}
		d = append(d, v)
	}
	for i := 0; i < 10; i++ {
		d = append(d, 55*float64(1-2*(i%2)))
	}
	d = append(d, 0, 0)
	// T+ = (1275 − 3 − 7) + 5·55.5 = 1542.5; μ = 60·61/4 = 915;
	// σ² = 60·61·121/24 − (10³ − 10)/48 = 18452.5 − 20.625 = 18431.875.
	z := (1542.5 - 915) / math.Sqrt(18431.875)
	want := math.Erfc(z / math.Sqrt2) // two-sided: 2·Φ(−|z|)
	got := Wilcoxon(d)
	if got.N != 60 || got.Exact || got.Statistic != 1830-1542.5 || math.Abs(got.P-want) > 1e-15*want {
		t.Errorf("Wilcoxon(60 differences) = %+v, want N 60, statistic 287.5, p %g by the normal approximation", got, want)
	}

	// At n = 50 the exact p (scipy 1.10's wilcoxon gives the same
	// 0.0013303578723942167) and the normal one differ by little.
	d = d[:0]
	for i := 1; i <= 50; i++ {
		v := float64(i)
		if i%4 == 0 {
			v = -v
		}
		d = append(d, v)
	}
	exact := Wilcoxon(d)
	tplus := 1275.0 - 4*78 // T− = 4 + 8 + ... + 48
	zz := (tplus - 637.5) / math.Sqrt(50*51*101/24.0)
	approx := math.Erfc(math.Abs(zz) / math.Sqrt2)
	if !exact.Exact || math.Abs(exact.P-0.0013303578723942167) > 1e-15 || math.Abs(exact.P-approx) > 0.005 {
		t.Errorf("n = 50: exact p %g (%+v), normal approximation %g", exact.P, exact, approx)
	}
	// Thirty differences of one sign: exactly 2/2^30 (the approximation
	// gives 1.7e-6).
	d = d[:0]
	for i := 1; i <= 30; i++ {
		d = append(d, float64(i))
	}
	if got := Wilcoxon(d); !got.Exact || got.P != 2/math.Ldexp(1, 30) {
		t.Errorf("30 positive differences: %+v, want the exact p 2/2^30", got)
	}
}
