package minibatch

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// plainNT is gemmNT's documented plain loop.
func plainNT(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) (mag []float64) {
	mag = make([]float64, len(c))
	for i := range m {
		for j := range n {
			s, abs := 0.0, 0.0
			for p := range k {
				s += a[i*lda+p] * b[j*ldb+p]
				abs += math.Abs(a[i*lda+p] * b[j*ldb+p])
			}
			c[i*ldc+j] += s
			mag[i*ldc+j] = abs + math.Abs(c[i*ldc+j])
		}
	}
	return mag
}

func randSlice(rng *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = rng.NormFloat64()
	}
	return s
}

// TestGemmNTEqualsPlainLoop: on shapes below, at and past the tile sizes,
// with leading dimensions wider than the rows, every element of C is the
// plain loop's within rounding (a few ulps of the terms' magnitude), and
// the padding past each row of C is left alone.
func TestGemmNTEqualsPlainLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, s := range []struct{ m, n, k int }{
		{1, 1, 1}, {3, 2, 5}, {64, 16, 7}, {65, 17, 3}, {130, 70, 9}, {5, 3, 200}, {2, 40, 0},
	} {
		lda, ldb, ldc := s.k+2, s.k+1, s.n+3
		a := randSlice(rng, s.m*lda)
		b := randSlice(rng, s.n*ldb)
		c := randSlice(rng, s.m*ldc)
		want := append([]float64(nil), c...)
		mag := plainNT(s.m, s.n, s.k, a, lda, b, ldb, want, ldc)
		gemmNT(s.m, s.n, s.k, a, lda, b, ldb, c, ldc)
		for i := range s.m {
			for j := range ldc {
				e := i*ldc + j
				if j >= s.n {
					if c[e] != want[e] {
						t.Fatalf("%v: padding C[%d][%d] changed", s, i, j)
					}
					continue
				}
				if d := math.Abs(c[e] - want[e]); d > 8*float64(s.k+1)*0x1p-53*mag[e] {
					t.Fatalf("%v: C[%d][%d] = %v, plain loop %v", s, i, j, c[e], want[e])
				}
			}
		}
	}
}

// TestGemmNTSameBitsForAnyGOMAXPROCS: a product big enough that gonum's
// Dgemm, called on it whole, would split it over goroutines gives the
// same bits with one and with several procs, and allocates nothing
// (gonum's goroutines would).
func TestGemmNTSameBitsForAnyGOMAXPROCS(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const m, n, k = 200, 300, 150
	a, b := randSlice(rng, m*k), randSlice(rng, n*k)
	run := func(procs int) []float64 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		c := make([]float64, m*n)
		gemmNT(m, n, k, a, k, b, k, c, n)
		return c
	}
	one, four := run(1), run(4)
	c := make([]float64, m*n)
	if allocs := testing.AllocsPerRun(3, func() { gemmNT(m, n, k, a, k, b, k, c, n) }); allocs != 0 {
		t.Errorf("gemmNT allocates %v times per call", allocs)
	}
	for i := range one {
		if math.Float64bits(one[i]) != math.Float64bits(four[i]) {
			t.Fatalf("element %d: %v with 1 proc, %v with 4", i, one[i], four[i])
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
