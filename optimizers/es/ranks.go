package es

import (
	"cmp"
	"math"
	"slices"
)

// centredRanks writes into u the centred rank of each loss, OpenAI's
// compute_centered_ranks: u[k] = rank(f[k])/(len(f)-1) − 0.5, from −0.5 for
// the lowest loss to 0.5 for the highest. Tied losses share the mean of
// their ranks, so equal losses pull equally; a non-finite loss (NaN, ±Inf:
// diverged or refused) ties with the others as the worst, so it pushes the
// mean away but never poisons the estimate with its value. order is
// scratch of len(f). A single loss gets 0.
func centredRanks(u, f []float64, order []int) {
	n := len(f)
	if n == 1 {
		u[0] = 0
		return
	}
	key := func(k int) float64 {
		if !finite(f[k]) {
			return math.Inf(1)
		}
		return f[k]
	}
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(key(a), key(b)) })
	scale := 1 / float64(n-1)
	for lo := 0; lo < n; {
		hi := lo + 1
		for hi < n && key(order[hi]) == key(order[lo]) {
			hi++
		}
		// Ranks lo..hi-1 share their mean (lo+hi-1)/2.
		r := float64(lo+hi-1)/2*scale - 0.5
		for _, k := range order[lo:hi] {
			u[k] = r
		}
		lo = hi
	}
}
