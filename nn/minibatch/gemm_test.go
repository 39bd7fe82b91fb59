package minibatch

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// plainNN and plainTN are the kernels' documented plain loops.
// float64(...) rounds each product, so that no compiler fuses it with the
// sum (Go allows that, without an explicit conversion).
func plainNN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	for i := range m {
		for p := range k {
			if a[i*lda+p] != 0 {
				for j := range n {
					c[i*ldc+j] += float64(a[i*lda+p] * b[p*ldb+j])
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
					c[i*ldc+j] += float64(a[p*lda+i] * b[p*ldb+j])
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

// forEachPath runs test on each set of kernels this CPU has: gonum's,
// and the assembly ones for AVX and AVX-512.
func forEachPath(t *testing.T, test func(*testing.T)) {
	t.Helper()
	defer func(old int) { kernels = old }(kernels)
	for _, set := range []int{gonumKernels, avxKernels, avx512Kernels} {
		t.Run(kernelNames[set], func(t *testing.T) {
			if !hasKernels(set) {
				t.Skip("this CPU lacks them")
			}
			kernels = set
			test(t)
		})
	}
}

var kernelNames = map[int]string{gonumKernels: "gonum", avxKernels: "avx", avx512Kernels: "avx512"}

type kernel func(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int)

// TestKernelsEqualPlainLoops: on shapes below, at and past the tile
// sizes, with leading dimensions wider than the rows, gemmNN and gemmTN
// give their plain loops' bits, leave the padding past each row of C
// alone, and skip a zero times an infinity as the loops do.
func TestKernelsEqualPlainLoops(t *testing.T) {
	forEachPath(t, testKernelsEqualPlainLoops)
}

func testKernelsEqualPlainLoops(t *testing.T) {
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
	forEachPath(t, testKernelsSameBitsForAnyGOMAXPROCS)
}

func testKernelsSameBitsForAnyGOMAXPROCS(t *testing.T) {
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

// specialSlice draws values for the bits' corner cases: a third exact
// zeros of either sign, and among the rest infinities, NaNs of several
// payloads and signs (which one a NaN sum keeps depends on the operands'
// order), the largest and subnormal numbers, and mixed scales.
func specialSlice(rng *rand.Rand, n int) []float64 {
	nans := []float64{math.NaN(), math.Float64frombits(0xfff8000000000000),
		math.Float64frombits(0x7ff8000000abcdef), math.Float64frombits(0xfff4000000000123)}
	s := make([]float64, n)
	for i := range s {
		switch r := rng.IntN(30); {
		case r < 5:
			s[i] = 0
		case r < 10:
			s[i] = math.Copysign(0, -1)
		case r == 10:
			s[i] = math.Inf(1)
		case r == 11:
			s[i] = math.Inf(-1)
		case r == 12:
			s[i] = nans[rng.IntN(len(nans))]
		case r == 13:
			s[i] = math.MaxFloat64 * (rng.Float64() - 0.5)
		case r == 14:
			s[i] = math.SmallestNonzeroFloat64 * float64(rng.IntN(1000)-500)
		case r == 15:
			s[i] = 1e-300 * rng.NormFloat64()
		default:
			s[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(9)-4))
		}
	}
	return s
}

// sameBits reports whether x and y have the same bits, but for NaNs on
// gonum's path, which may differ in payload: where both terms of a sum are
// NaN, x86 keeps the first operand's payload, and gonum's AxpyUnitary
// adds the element to the product (the plain loop and the assembly
// kernels add the product to the element). Any NaN equals any NaN there.
func sameBits(x, y float64) bool {
	if kernels == gonumKernels && math.IsNaN(x) && math.IsNaN(y) {
		return true
	}
	return math.Float64bits(x) == math.Float64bits(y)
}

// TestKernelsRandomShapes: on random shapes (0, 1, odd, past the
// kernels' 4 x 32 blocks and the tiles, with padded leading dimensions)
// and values full of zeros of both signs, infinities, NaNs, huge and
// subnormal numbers, both kernels equal their plain loops bit for bit,
// padding included, on each path (NaN payloads aside on gonum's: see
// sameBits).
func TestKernelsRandomShapes(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		dims := func() int {
			switch rng.IntN(4) {
			case 0:
				return rng.IntN(3)
			case 1:
				return rng.IntN(40)
			default:
				return rng.IntN(140)
			}
		}
		for trial := range 400 {
			m, n, k := dims(), dims(), dims()
			for name, ks := range map[string][2]kernel{"NN": {gemmNN, plainNN}, "TN": {gemmTN, plainTN}} {
				arows, acols := m, k
				if name == "TN" {
					arows, acols = k, m
				}
				lda := acols + rng.IntN(3)
				ldb := n + rng.IntN(3)
				ldc := n + rng.IntN(3)
				values := specialSlice
				if trial%2 == 0 {
					values = randSlice
				}
				a := values(rng, arows*lda)
				b := values(rng, k*ldb)
				c := values(rng, m*ldc+rng.IntN(3))
				want := append([]float64(nil), c...)
				ks[1](m, n, k, a, lda, b, ldb, want, ldc)
				ks[0](m, n, k, a, lda, b, ldb, c, ldc)
				for e := range c {
					if !sameBits(c[e], want[e]) {
						t.Fatalf("%s trial %d, m %d n %d k %d, lda %d ldb %d ldc %d: C[%d] = %v (%#x), plain loop %v (%#x)",
							name, trial, m, n, k, lda, ldb, ldc, e, c[e], math.Float64bits(c[e]), want[e], math.Float64bits(want[e]))
					}
				}
			}
		}
	})
}

// TestKernelsZeroSkip: a zero a, +0 or -0, adds nothing, even to a -0
// element or times an infinite or NaN b; a NaN a is not skipped.
func TestKernelsZeroSkip(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		negZero := math.Copysign(0, -1)
		for _, av := range []float64{0, negZero, math.NaN(), 1} {
			for _, bv := range []float64{1, negZero, math.Inf(1), math.Inf(-1), math.NaN()} {
				const m, n, k = 5, 37, 3
				a := make([]float64, m*k)
				b := make([]float64, k*n)
				for i := range a {
					a[i] = av
				}
				for i := range b {
					b[i] = bv
				}
				for name, ks := range map[string][2]kernel{"NN": {gemmNN, plainNN}, "TN": {gemmTN, plainTN}} {
					lda := k
					if name == "TN" {
						lda = m
					}
					c := make([]float64, m*n)
					for i := range c {
						c[i] = negZero
					}
					want := append([]float64(nil), c...)
					ks[1](m, n, k, a, lda, b, n, want, n)
					ks[0](m, n, k, a, lda, b, n, c, n)
					for e := range c {
						if !sameBits(c[e], want[e]) {
							t.Fatalf("%s a=%v b=%v: C[%d] = %v, plain loop %v", name, av, bv, e, c[e], want[e])
						}
					}
					if (av == 0) && math.Float64bits(c[0]) != math.Float64bits(negZero) {
						t.Fatalf("%s a=%v b=%v: -0 element became %v", name, av, bv, c[0])
					}
				}
			}
		}
	})
}

// TestKernelsPanicOutOfRange: a slice too short for the shapes, or rows
// of C that overlap, panic on either path, rather than the assembly
// reading or writing past a slice or giving other sums than the loop.
func TestKernelsPanicOutOfRange(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		const m, n, k = 5, 33, 4
		for _, short := range []string{"a", "b", "c", "ldc"} {
			a, b, c := make([]float64, m*k), make([]float64, k*n), make([]float64, m*n)
			ldc := n
			switch short {
			case "ldc":
				ldc = n - 1 // rows of C would overlap
			case "a":
				a = a[:len(a)-1]
			case "b":
				b = b[:len(b)-1]
			case "c":
				c = c[:len(c)-1]
			}
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("gemmNN with %s one short did not panic", short)
					}
				}()
				gemmNN(m, n, k, a, k, b, n, c, ldc)
			}()
		}
	})
}
