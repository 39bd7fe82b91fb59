package stats

import (
	"math"
	"slices"
)

// Summary describes a sample; every field is NaN for an empty sample, and
// SD also for a sample of one.
type Summary struct {
	N              int
	Mean, SD       float64
	Median, Q1, Q3 float64
	Min, Max       float64
}

// Describe summarises x, which it does not modify. x must hold no NaN.
func Describe(x []float64) Summary {
	s := slices.Clone(x)
	slices.Sort(s)
	return Summary{
		N:      len(x),
		Mean:   Mean(x),
		SD:     SD(x),
		Median: medianSorted(s),
		Q1:     quantileSorted(s, 0.25),
		Q3:     quantileSorted(s, 0.75),
		Min:    quantileSorted(s, 0),
		Max:    quantileSorted(s, 1),
	}
}

// Mean is (x_1 + ... + x_n) / n; NaN when x is empty. When that sum of
// finite values overflows (losses near the float64 maximum, from a step
// size that exploded), it is the sum of x_i / n instead, which does not.
func Mean(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	sum := 0.0
	for _, v := range x {
		sum += v
	}
	n := float64(len(x))
	if math.IsInf(sum, 0) && allFinite(x) {
		sum = 0
		for _, v := range x {
			sum += v / n
		}
		return sum
	}
	return sum / n
}

func allFinite(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// SD is the sample standard deviation sqrt(Σ (x_i − mean)² / (n − 1)),
// numpy's std(ddof=1); NaN for fewer than two values. It sums squared
// deviations from the mean (two passes, corrected) rather than Σx² − n·mean², which
// cancels catastrophically when the values are close to each other, as
// the final losses of repeats often are.
func SD(x []float64) float64 {
	if len(x) < 2 {
		return math.NaN()
	}
	m := Mean(x)
	// The corrected two-pass sum (Chan, Golub and LeVeque): the deviations'
	// own sum, zero but for the mean's rounding, takes that rounding back
	// out, so equal values give an sd of exactly 0 rather than 1e-14.
	ss, dev := 0.0, 0.0
	for _, v := range x {
		ss += (v - m) * (v - m)
		dev += v - m
	}
	if !math.IsInf(ss, 0) {
		// dev² is at most n·ss, so dev/n·dev is finite where ss is.
		ss = max(0, ss-dev/float64(len(x))*dev)
	}
	if math.IsInf(ss, 0) && !math.IsInf(m, 0) && allFinite(x) {
		// The squares of deviations above about 1e154 overflow: scale
		// them by the largest first.
		scale := 0.0
		for _, v := range x {
			scale = max(scale, math.Abs(v-m))
		}
		ss, dev = 0, 0
		for _, v := range x {
			d := (v - m) / scale
			ss += d * d
			dev += d
		}
		ss = max(0, ss-dev/float64(len(x))*dev)
		return scale * math.Sqrt(ss/float64(len(x)-1))
	}
	return math.Sqrt(ss / float64(len(x)-1))
}

// Quantile is numpy's default quantile (method "linear", type 7 of
// Hyndman and Fan): with x sorted as x_0 ≤ ... ≤ x_{n−1} and h = (n−1)·p,
// it is x_⌊h⌋ + (h − ⌊h⌋)·(x_⌊h⌋+1 − x_⌊h⌋). So Quantile(x, 0.5) is the
// median, and the quartiles of 1, 2, 3, 4 are 1.75 and 3.25. NaN when x
// is empty; p must be in [0, 1]. x is not modified.
func Quantile(x []float64, p float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	return quantileSorted(s, p)
}

// Median is numpy's median: the middle value of x sorted, or the mean
// (a + b)/2 of the two middle values. It is Quantile(x, 0.5) but for the
// last bit, which the interpolation b − (b − a)·0.5 can round otherwise.
// NaN when x is empty; x is not modified.
func Median(x []float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	return medianSorted(s)
}

func medianSorted(s []float64) float64 {
	n := len(s)
	switch {
	case n == 0:
		return math.NaN()
	case n%2 == 1:
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func quantileSorted(s []float64, p float64) float64 {
	if len(s) == 0 {
		return math.NaN()
	}
	h := float64(len(s)-1) * p
	lo := int(math.Floor(h))
	if lo >= len(s)-1 {
		return s[len(s)-1]
	}
	frac := h - float64(lo)
	if frac == 0 {
		// Not s[lo] + 0·(s[lo+1] − s[lo]), which is NaN when the
		// neighbour is infinite.
		return s[lo]
	}
	a, b := s[lo], s[lo+1]
	if frac >= 0.5 {
		// numpy interpolates from the upper neighbour past the middle
		// (its _lerp), which keeps the result monotone in p; doing the
		// same gives its bits wherever h is exact, as at the quartiles.
		return b - (b-a)*(1-frac)
	}
	return a + (b-a)*frac
}
