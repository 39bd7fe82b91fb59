package scorer

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAddColsIsItsLoop checks addCols against the loop its comment
// gives, bit for bit, on both of its implementations where this CPU has
// the assembly one: row counts that are and are not multiples of the
// kernel's 4 and 8, 1 to 9 terms, values with zeros of both signs,
// infinities, NaN, huge and tiny magnitudes.
func TestAddColsIsItsLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 1e300, -1e-300, 5e-324}
	value := func() float64 {
		if rng.IntN(6) == 0 {
			return special[rng.IntN(len(special))]
		}
		return rng.NormFloat64() * math.Pow(10, float64(rng.IntN(7)-3))
	}
	paths := []bool{false}
	if useAVX2 {
		paths = append(paths, true)
	}
	defer func(keep bool) { setAVX2(keep) }(useAVX2)
	for _, avx := range paths {
		setAVX2(avx)
		for trial := range 400 {
			n := rng.IntN(40)
			terms := 1 + rng.IntN(9)
			stride := n + rng.IntN(5)
			off := rng.IntN(4)
			src := make([]float64, off+terms*stride+n)
			for i := range src {
				src[i] = value()
			}
			w := make([]float64, terms)
			for i := range w {
				w[i] = value()
			}
			z := make([]float64, n)
			for i := range z {
				z[i] = value()
			}
			want := append([]float64(nil), z...)
			for i := range want {
				for k := range w {
					want[i] += float64(w[k] * src[off+k*stride+i])
				}
			}
			addCols(z, w, src, off, stride)
			for i := range z {
				if math.Float64bits(z[i]) != math.Float64bits(want[i]) &&
					!(math.IsNaN(z[i]) && math.IsNaN(want[i])) {
					t.Fatalf("avx2=%v trial %d: row %d of %d, %d terms: %v (%#x), the loop gives %v (%#x)",
						avx, trial, i, n, terms, z[i], math.Float64bits(z[i]), want[i], math.Float64bits(want[i]))
				}
			}
		}
	}
}
