package scorer

import (
	"math"
	"math/rand/v2"
	"testing"

	"golang.org/x/sys/cpu"
)

// guard is how many values the test puts around the slices addCols gets.
const guard = 8

// sameBits is bit-for-bit equality, any NaN equal to itself.
func sameBits(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// TestAddColsIsItsLoop checks addCols against the loop its comment
// gives, bit for bit, on both of its implementations where this CPU has
// the assembly one: row counts that are and are not multiples of the
// kernel's 4, 8 and 32, 0 to 9 terms, values with zeros of both signs,
// infinities, NaN, huge and tiny magnitudes, and rows of -0 only (whose
// sum stays -0 only if it starts from the row's own value). Guard values
// around z and the columns must come back untouched.
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
	if cpu.X86.HasAVX {
		paths = append(paths, true)
	} else {
		t.Log("this CPU lacks AVX: the Go loop alone is tested")
	}
	defer func(keep bool) { setAVX(keep) }(useAVX)
	for _, avx := range paths {
		setAVX(avx)
		for trial := range 400 {
			n := rng.IntN(90)
			terms := rng.IntN(10)
			stride := n + rng.IntN(5)
			off := rng.IntN(4)
			negZero := trial%50 == 0
			src := make([]float64, off+terms*stride+n+guard)
			for i := range src {
				src[i] = value()
				if negZero {
					src[i] = math.Copysign(0, -1)
				}
			}
			srcCopy := append([]float64(nil), src...)
			w := make([]float64, terms)
			for i := range w {
				w[i] = value()
				if negZero {
					w[i] = 1 + float64(i)
				}
			}
			zAll := make([]float64, n+2*guard)
			for i := range zAll {
				zAll[i] = value()
				if negZero {
					zAll[i] = math.Copysign(0, -1)
				}
			}
			zCopy := append([]float64(nil), zAll...)
			z := zAll[guard : guard+n : guard+n]
			want := append([]float64(nil), z...)
			for i := range want {
				for k := range w {
					want[i] += float64(w[k] * src[off+k*stride+i])
				}
			}
			addCols(z, w, src, off, stride)
			for i := range guard {
				if !sameBits(zAll[i], zCopy[i]) || !sameBits(zAll[guard+n+i], zCopy[guard+n+i]) {
					t.Fatalf("avx=%v trial %d: wrote outside z", avx, trial)
				}
			}
			for i := range src {
				if !sameBits(src[i], srcCopy[i]) {
					t.Fatalf("avx=%v trial %d: wrote to the columns at %d", avx, trial, i)
				}
			}
			for i := range z {
				if math.Float64bits(z[i]) != math.Float64bits(want[i]) &&
					!(math.IsNaN(z[i]) && math.IsNaN(want[i])) {
					t.Fatalf("avx=%v trial %d: row %d of %d, %d terms: %v (%#x), the loop gives %v (%#x)",
						avx, trial, i, n, terms, z[i], math.Float64bits(z[i]), want[i], math.Float64bits(want[i]))
				}
			}
		}
	}
}
