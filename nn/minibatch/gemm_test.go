package minibatch

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// plainNN and plainTN are the kernels' documented plain loops.
func plainNN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	for i := range m {
		for p := range k {
			if a[i*lda+p] != 0 {
				for j := range n {
					c[i*ldc+j] += a[i*lda+p] * b[p*ldb+j]
				}
			}
		}
	}
}

func plainTN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	for p := range k {
		for i := range m {
			if a[p*lda+i] != 0 {
				for j := range n {
					c[i*ldc+j] += a[p*lda+i] * b[p*ldb+j]
				}
			}
		}
	}
}

// randSlice draws values of widely mixed scales, a quarter of them 0, so
// that summing in another order, or not skipping a zero, shows in the bits.
func randSlice(rng *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		if rng.IntN(4) > 0 {
			s[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(9)-4))
		}
	}
	return s
}

type kernel func(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int)

// TestKernelsEqualPlainLoops: on shapes below, at and past the tile
// sizes, with leading dimensions wider than the rows, gemmNN and gemmTN
// give their plain loops' bits, leave the padding past each row of C
// alone, and skip a zero times an infinity as the loops do.
func TestKernelsEqualPlainLoops(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for name, ks := range map[string][2]kernel{"NN": {gemmNN, plainNN}, "TN": {gemmTN, plainTN}} {
		for _, s := range []struct{ m, n, k int }{
			{1, 1, 1}, {3, 2, 5}, {64, 192, 7}, {65, 193, 3}, {130, 400, 9}, {5, 3, 200}, {2, 40, 0},
		} {
			// A is m x k for NN, k x m for TN.
			lda := s.k + 2
			arows := s.m
			if name == "TN" {
				lda, arows = s.m+2, s.k
			}
			ldb, ldc := s.n+1, s.n+3
			a := randSlice(rng, arows*lda)
			b := randSlice(rng, s.k*ldb)
			if len(a) > 0 && len(b) > 0 {
				a[0], b[0] = 0, math.Inf(1) // 0·Inf is skipped, not NaN
			}
			c := randSlice(rng, s.m*ldc)
			want := append([]float64(nil), c...)
			ks[1](s.m, s.n, s.k, a, lda, b, ldb, want, ldc)
			ks[0](s.m, s.n, s.k, a, lda, b, ldb, c, ldc)
			for e := range c {
				if math.Float64bits(c[e]) != math.Float64bits(want[e]) {
					t.Fatalf("%s %v: C[%d][%d] = %v, plain loop %v", name, s, e/ldc, e%ldc, c[e], want[e])
				}
			}
		}
	}
}

// TestKernelsSameBitsForAnyGOMAXPROCS: products big enough that gonum's
// Dgemm, called on them whole, would hand them to goroutines give the
// same bits with one and with several procs, and allocate nothing
// (gonum's goroutines would).
func TestKernelsSameBitsForAnyGOMAXPROCS(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const m, n, k = 200, 300, 150
	a, b := randSlice(rng, m*k), randSlice(rng, k*n)
	for name, kern := range map[string]kernel{"NN": gemmNN, "TN": gemmTN} {
		lda := k
		if name == "TN" {
			lda = m
		}
		run := func(procs int) []float64 {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			c := make([]float64, m*n)
			kern(m, n, k, a, lda, b, n, c, n)
			return c
		}
		one, four := run(1), run(4)
		for i := range one {
			if math.Float64bits(one[i]) != math.Float64bits(four[i]) {
				t.Fatalf("%s: element %d: %v with 1 proc, %v with 4", name, i, one[i], four[i])
			}
		}
		c := make([]float64, m*n)
		if allocs := testing.AllocsPerRun(3, func() { kern(m, n, k, a, lda, b, n, c, n) }); allocs != 0 {
			t.Errorf("%s allocates %v times per call", name, allocs)
		}
	}
}

func TestTranspose(t *testing.T) {
	src := []float64{1, 2, 3, 4, 5, 6} // 2 x 3
	dst := make([]float64, 8)
	transpose(dst, src, 2, 3)
	want := []float64{1, 4, 2, 5, 3, 6, 0, 0}
	for i := range want {
		if dst[i] != want[i] {
			t.Fatalf("transpose = %v, want %v", dst, want)
		}
	}
}
