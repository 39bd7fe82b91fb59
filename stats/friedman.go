package stats

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// Ranks returns, for each problem (a row of scores, one value per method),
// the methods' ranks from 1 for the lowest value, ties given the mean of
// the ranks they span, and their average over the problems: the average
// ranks of Friedman's test (Demšar 2006). A method that should rank first
// for the highest value (an accuracy) is ranked on its negated scores by
// the caller.
func Ranks(scores [][]float64) []float64 {
	if len(scores) == 0 {
		return nil
	}
	k := len(scores[0])
	avg := make([]float64, k)
	for _, row := range scores {
		for j, v := range row {
			// rank = 1 + (values below) + (values equal, others) / 2
			below, equal := 0, 0
			for _, w := range row {
				switch {
				case w < v:
					below++
				case w == v:
					equal++
				}
			}
			avg[j] += 1 + float64(below) + float64(equal-1)/2
		}
	}
	for j := range avg {
		avg[j] /= float64(len(scores))
	}
	return avg
}

// FriedmanChiSq is Friedman's statistic for k methods with average ranks
// avg over n problems: 12n/(k(k+1)) * (sum of avg_j^2 - k(k+1)^2/4),
// chi-square with k-1 degrees of freedom under the null hypothesis that
// the methods are equivalent.
func FriedmanChiSq(avg []float64, n int) float64 {
	k := float64(len(avg))
	sum := 0.0
	for _, r := range avg {
		sum += r * r
	}
	return 12 * float64(n) / (k * (k + 1)) * (sum - k*(k+1)*(k+1)/4)
}

// FriedmanTies is the divisor that corrects Friedman's statistic for ties
// within problems: 1 − Σ(t³ − t) / (n·k·(k² − 1)), the sum over every
// group of t tied scores in every row (scipy's friedmanchisquare). 1
// without ties; 0 when every row is one tie. FriedmanChiSq assumes no
// ties, which with tied scores (accuracies over a small test set often
// are) makes the test conservative, far more than its level.
func FriedmanTies(scores [][]float64) float64 {
	n := len(scores)
	if n == 0 {
		return 1
	}
	k := len(scores[0])
	if k < 2 {
		return 1
	}
	ties := 0.0
	for _, row := range scores {
		for j, v := range row {
			// Count each group once, at its first member.
			first, t := true, 0
			for i, w := range row {
				if w == v {
					t++
					if i < j {
						first = false
					}
				}
			}
			if first && t > 1 {
				ft := float64(t)
				ties += ft*ft*ft - ft
			}
		}
	}
	fk := float64(k)
	return 1 - ties/(float64(n)*fk*(fk*fk-1))
}

// FriedmanChiSqTied is Friedman's statistic corrected for ties,
// FriedmanChiSq(avg, n) / FriedmanTies(scores), where avg is
// Ranks(scores), which the caller has; 0 when every row is one tie (the
// scores say nothing about the methods).
func FriedmanChiSqTied(avg []float64, scores [][]float64) float64 {
	c := FriedmanTies(scores)
	if c == 0 {
		return 0
	}
	return FriedmanChiSq(avg, len(scores)) / c
}

// ImanDavenport is Iman and Davenport's less conservative form of
// Friedman's statistic, (n-1)chi2 / (n(k-1) - chi2), F-distributed with
// k-1 and (k-1)(n-1) degrees of freedom (+Inf when the ranks agree on
// every problem). It is NaN for fewer than two problems, where the F
// distribution has no degrees of freedom left: one problem's ranks always
// "agree" with themselves and are no evidence.
func ImanDavenport(chi2 float64, k, n int) float64 {
	if n < 2 {
		return math.NaN()
	}
	den := float64(n*(k-1)) - chi2
	if den <= 0 {
		// The ranks agree on every problem (chi2 at its maximum, or
		// past it by a rounding).
		return math.Inf(1)
	}
	return float64(n-1) * chi2 / den
}

// ImanDavenportP is the p-value of Iman and Davenport's F for k methods
// over n problems: F's survival function with k-1 and (k-1)(n-1) degrees
// of freedom, I_x((k-1)(n-1)/2, (k-1)/2) at x = d2/(d2 + d1·F), computed
// directly rather than as 1 - CDF, which cannot go below 1.1e-16 and
// loses digits well before. NaN for fewer than two problems or a NaN F.
//
// An infinite F (every problem ranks the methods alike) has no F tail to
// measure. p is then the exact permutation probability of that outcome:
// under the null hypothesis each problem's values fall on the methods in
// any of its orders alike, and the statistic is at its largest only when
// every problem takes the first one's order, so p = orders^(1-n), orders
// being RowOrders of a problem (k! without ties).
func ImanDavenportP(f float64, k, n int, orders float64) float64 {
	switch {
	case n < 2 || k < 2 || math.IsNaN(f):
		return math.NaN()
	case math.IsInf(f, 1):
		return math.Pow(orders, float64(1-n))
	case f <= 0:
		return 1
	}
	d1, d2 := float64(k-1), float64((k-1)*(n-1))
	return mathext.RegIncBeta(d2/2, d1/2, d2/(d2+d1*f))
}

// RowOrders is the number of distinct ways a problem's values can fall on
// the methods: k! / (t1!·t2!·...) for its groups of tied values.
func RowOrders(row []float64) float64 {
	lg, _ := math.Lgamma(float64(len(row) + 1))
	seen := map[float64]int{}
	for _, v := range row {
		seen[v]++
	}
	for _, t := range seen {
		lt, _ := math.Lgamma(float64(t + 1))
		lg -= lt
	}
	return math.Round(math.Exp(lg))
}

// nemenyiQ05 is q_0.05 of the Nemenyi test for k = 2..10 methods, the
// studentized range statistic divided by sqrt(2) (Demšar 2006, Table 5a).
var nemenyiQ05 = []float64{2: 1.960, 3: 2.343, 4: 2.569, 5: 2.728, 6: 2.850, 7: 2.949, 8: 3.031, 9: 3.102, 10: 3.164}

// NemenyiCD is the critical difference at level 0.05 for k methods over n
// problems, q_0.05 * sqrt(k(k+1)/(6n)): two methods whose average ranks
// differ by more perform significantly differently. NaN for k outside
// 2..10, where the table ends.
func NemenyiCD(k, n int) float64 {
	if k < 2 || k >= len(nemenyiQ05) || n < 1 {
		return math.NaN()
	}
	return nemenyiQ05[k] * math.Sqrt(float64(k*(k+1))/(6*float64(n)))
}
