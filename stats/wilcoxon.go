package stats

import (
	"math"
	"slices"
)

// ExactLimit is the largest number of non-zero differences for which
// Wilcoxon computes the exact p; above it, the normal approximation is
// close. scipy.stats.wilcoxon's default counts exactly up to the same 50
// (25 in versions before 1.9). Counting costs about n³ additions, 127,500
// at 50, and the counts (at most 2^n) fit in a uint64 and convert to
// float64 exactly. The limit matters in the tails: thirty differences of
// one sign have an exact p of 2/2^30 = 1.9e-9, the approximation 1.7e-6.
const ExactLimit = 50

// WilcoxonResult is the outcome of a two-sided Wilcoxon signed-rank test.
type WilcoxonResult struct {
	// N is the number of non-zero differences, the only ones ranked.
	N int
	// Statistic is min(T+, T−), the smaller of the sums of the ranks of
	// the positive and of the negative differences (what scipy reports
	// for a two-sided test).
	Statistic float64
	// P is the two-sided p-value; 1 when N is 0.
	P float64
	// Exact says P comes from the exact null distribution (N ≤
	// ExactLimit), not the normal approximation.
	Exact bool
}

// Wilcoxon is the two-sided Wilcoxon signed-rank test of the hypothesis
// that the paired differences d are symmetric about zero, with scipy's
// default handling of zeros and ties (zero_method "wilcox"):
//
//   - zero differences are dropped (so are NaNs), leaving n;
//   - the |d_i| are ranked 1..n, tied values sharing the mean of their
//     ranks, and T+ is the sum of the ranks of the positive d_i;
//   - under the null hypothesis each rank carries either sign with
//     probability ½, independently, so T+ is distributed as the sum of a
//     uniformly random subset of the ranks, symmetric about
//     μ = n(n+1)/4. For n ≤ ExactLimit that distribution is counted
//     exactly, conditional on the tied ranks as they are (see
//     signedRankCounts), and P = min(1, 2·min(Pr[T+ ≤ t], Pr[T+ ≥ t]))
//     at the observed t, which by the symmetry is Pr[|T+ − μ| ≥ |t − μ|];
//   - for n > ExactLimit, z = (t − μ)/σ with σ² = Σ r_i²/4, the variance
//     of T+ over the signs, which equals the tie-corrected
//     n(n+1)(2n+1)/24 − Σ(g³ − g)/48 over the groups of g tied values;
//     P = erfc(|z|/√2), the two-sided normal tail, without continuity
//     correction (scipy's default).
//
// With no ties and no zeros this is the p of scipy.stats.wilcoxon's
// default (whose exact branch reaches n = 50, 25 in older versions).
// With ties or zeros, the exact p here is the permutation p given the
// averaged ranks of the non-zero differences, where scipy (in the
// versions this was written against) falls back to the normal
// approximation. With n = 0 there is nothing to test and P is 1.
func Wilcoxon(d []float64) WilcoxonResult {
	ranks := signedRanks(d) // doubled, with the sign of their difference
	n := len(ranks)
	if n == 0 {
		return WilcoxonResult{P: 1, Exact: true}
	}
	plus2, total2 := 0, n*(n+1) // doubled T+, doubled Σ ranks
	for _, r := range ranks {
		if r > 0 {
			plus2 += r
		}
	}
	res := WilcoxonResult{N: n, Statistic: float64(min(plus2, total2-plus2)) / 2}
	if n <= ExactLimit {
		counts := signedRankCounts(ranks)
		var below, above uint64 // patterns with doubled T+ ≤ t, ≥ t
		for s, c := range counts {
			if s <= plus2 {
				below += c
			}
			if s >= plus2 {
				above += c
			}
		}
		res.P = math.Min(1, 2*float64(min(below, above))/math.Ldexp(1, n))
		res.Exact = true
		return res
	}
	sumSq := 0.0 // Σ r_i², from the doubled ranks
	for _, r := range ranks {
		sumSq += float64(r) * float64(r) / 4
	}
	z := (float64(plus2)/2 - float64(total2)/4) / math.Sqrt(sumSq/4)
	res.P = math.Erfc(math.Abs(z) / math.Sqrt2)
	return res
}

// MinWilcoxonP is the smallest two-sided p Wilcoxon can give with n
// non-zero differences, n ≤ ExactLimit: the p of every difference having
// the same sign, 2/2^n (T+ = 0 has one sign pattern of 2^n, ties or
// not), capped at 1. It is above 0.05 for n < 6: 0.0625 at n = 5.
func MinWilcoxonP(n int) float64 { return math.Min(1, 2/math.Ldexp(1, n)) }

// signedRanks drops the zero and NaN differences of d and returns the
// ranks of the others' absolute values, doubled so that the mean rank of
// a tied group, (first + last)/2, is a whole number, and negated where
// the difference is negative.
func signedRanks(d []float64) []int {
	type item struct {
		abs float64
		neg bool
	}
	var items []item
	for _, v := range d {
		if v != 0 && !math.IsNaN(v) {
			items = append(items, item{math.Abs(v), v < 0})
		}
	}
	slices.SortFunc(items, func(a, b item) int {
		switch {
		case a.abs < b.abs:
			return -1
		case a.abs > b.abs:
			return 1
		}
		return 0
	})
	ranks := make([]int, len(items))
	for i := 0; i < len(items); {
		j := i
		for j+1 < len(items) && items[j+1].abs == items[i].abs {
			j++
		}
		// Positions i..j (from 0) hold ranks i+1..j+1, whose mean
		// doubled is i+j+2.
		for k := i; k <= j; k++ {
			ranks[k] = i + j + 2
			if items[k].neg {
				ranks[k] = -ranks[k]
			}
		}
		i = j + 1
	}
	return ranks
}

// signedRankCounts counts, for each s, the subsets of the (doubled,
// unsigned) ranks whose sum is s: the number of the 2^n sign patterns in
// which doubled T+ is s. It adds one rank at a time (the subset-sum
// recurrence c'[s] = c[s] + c[s − r]), O(n · n(n+1)) rather than the
// 2^n patterns. The counts are exact in uint64 up to n = 63.
func signedRankCounts(ranks []int) []uint64 {
	total := 0
	for _, r := range ranks {
		total += abs(r)
	}
	counts := make([]uint64, total+1)
	counts[0] = 1
	reach := 0
	for _, r := range ranks {
		r = abs(r)
		reach += r
		for s := reach; s >= r; s-- {
			counts[s] += counts[s-r]
		}
	}
	return counts
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
