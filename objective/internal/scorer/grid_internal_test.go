package scorer

import (
	"math"
	"math/rand/v2"
	"testing"
)

// gridIndex must return what a linear search does, for uniform and
// uneven grids, values on, between, near and beyond the grid values,
// infinities and NaN.
func TestGridIndexMatchesSearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	slow := func(u []float64, v float64) int {
		k := 0
		for k < len(u) && !(u[k] >= v) {
			if !(v > u[0]) { // NaN
				return 0
			}
			k++
		}
		return k
	}
	for trial := range 2000 {
		n := 2 + rng.IntN(120)
		lo := -10 * rng.Float64()
		hi := lo + 1e-3 + 20*rng.Float64()
		u := make([]float64, n)
		for k := range u {
			u[k] = lo + (hi-lo)*float64(k)/float64(n-1)
			if trial%3 == 0 && k > 0 { // uneven
				u[k] = u[k-1] + rng.Float64()*(hi-lo)/float64(n)*3 + 1e-12
			}
		}
		p := rng.Float64()*4 - 2
		for k := range u {
			u[k] -= p
		}
		pad := make([]float64, n+2)
		pad[0], pad[n+1] = math.Inf(-1), math.Inf(1)
		copy(pad[1:], u)
		inv := float64(n-1) / (u[n-1] - u[0])
		for range 50 {
			var v float64
			switch rng.IntN(6) {
			case 0:
				v = u[rng.IntN(n)]
			case 1:
				v = math.Nextafter(u[rng.IntN(n)], math.Inf(2*rng.IntN(2)-1))
			case 2:
				v = u[0] + (u[n-1]-u[0])*(rng.Float64()*1.4-0.2)
			case 3:
				v = []float64{math.Inf(1), math.Inf(-1), math.NaN(), 1e300, -1e300, 0}[rng.IntN(6)]
			default:
				v = (rng.Float64() - 0.5) * 40
			}
			if got, want := gridIndex(pad, inv, float64(n), v), slow(u, v); got != want {
				t.Fatalf("trial %d: gridIndex(%v) = %d, search %d", trial, v, got, want)
			}
		}
	}
}
