package stats

import (
	"math"
	"slices"
)

// Holm adjusts the p-values of a family of m tests for testing them all
// (Holm's step-down method, which bounds the chance of any false
// rejection at the level, whatever the dependence between the tests):
// with the p sorted as p_(1) ≤ ... ≤ p_(m),
//
//	adj_(i) = max over j ≤ i of min(1, (m − j + 1) · p_(j)),
//
// the running maximum keeping the adjusted values in the order of the
// raw ones (statsmodels' multipletests method "holm"). NaN entries are
// not tests: they stay NaN and do not count in m. The result is in the
// order of p, which is not modified.
func Holm(p []float64) []float64 {
	adj := make([]float64, len(p))
	var order []int
	for i, v := range p {
		adj[i] = math.NaN()
		if !math.IsNaN(v) {
			order = append(order, i)
		}
	}
	// Stable, so equal p keep their order and the result is the same
	// on every run.
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case p[a] < p[b]:
			return -1
		case p[a] > p[b]:
			return 1
		}
		return 0
	})
	m := len(order)
	running := 0.0
	for j, i := range order {
		running = math.Max(running, math.Min(1, float64(m-j)*p[i]))
		adj[i] = running
	}
	return adj
}
