package minibatch

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// The sets of kernels gemmNN and gemmTN can run on.
const (
	gonumKernels  = iota // gonum's Dgemm, on any CPU
	avxKernels           // gemm_amd64.s on YMM registers (AVX)
	avx512Kernels        // gemm_amd64.s on ZMM registers (AVX-512)
)

// kernels is the set gemmNN and gemmTN run on: the fastest this CPU has
// (bestKernels); tests set it to check each set that hasKernels allows.
// The assembly runs serially on the calling goroutine, in an order fixed
// by the shapes.
var kernels = bestKernels

// impl is gonum's own BLAS, named rather than taken from blas64's
// Implementation, which blas64.Use could swap for one that sums in
// another order.
var impl gonum.Implementation

// Tiles of C that the kernels hand to gonum, on the fallback path. gonum's Dgemm splits a
// product over goroutines when C has at least 4 blocks of 64 x 64 (its
// blockSize and minParBlock): the split depends only on the shapes, so
// its bits would not depend on GOMAXPROCS either, but it starts
// goroutines, which allocate and take cores that --parallel gave to other
// jobs. A tile of at most 64 x 192 is at most 3 blocks, which gonum runs
// serially on the calling goroutine. The tiles split C, never a sum: an
// element's terms are added in the same order whatever the tiling.
const (
	tileRows = 64
	tileCols = 192
)

// gemmNN adds A·B to C, equal to the plain loop
//
//	for i := range m {
//		for p := range k {
//			if a[i*lda+p] != 0 {
//				for j := range n {
//					c[i*ldc+j] += float64(a[i*lda+p] * b[p*ldb+j])
//				}
//			}
//		}
//	}
//
// bit for bit: both paths round each product (float64(...) forbids a
// fused multiply-add) and add it to its element, in p order; and they
// skip a zero a, so a zero times an infinite b adds nothing rather than
// NaN, and a -0 element stays -0. Where the CPU has AVX-512 or AVX
// (kernels) the kernels of gemm_amd64.s do it, vectorised across j, each
// element still getting its terms one by one in p order; elsewhere
// gonum's Dgemm, whose kernel (AxpyUnitary) does the same.
func gemmNN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	if m == 0 || n == 0 || k == 0 {
		return
	}
	if kernels != gonumKernels {
		gemmAsm(kernels, m, n, k, a, lda, 1, b, ldb, c, ldc)
		return
	}
	for i := 0; i < m; i += tileRows {
		mi := min(tileRows, m-i)
		for j := 0; j < n; j += tileCols {
			nj := min(tileCols, n-j)
			impl.Dgemm(blas.NoTrans, blas.NoTrans, mi, nj, k, 1,
				a[i*lda:], lda, b[j:], ldb, 1, c[i*ldc+j:], ldc)
		}
	}
}

// gemmTN adds Aᵀ·B to C, A being k x m, equal to the plain loop
//
//	for p := range k {
//		for i := range m {
//			if a[p*lda+i] != 0 {
//				for j := range n {
//					c[i*ldc+j] += float64(a[p*lda+i] * b[p*ldb+j])
//				}
//			}
//		}
//	}
//
// bit for bit, as gemmNN (the order of the loops over p and i changes no
// bits: each element's terms still come in p order).
func gemmTN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	if m == 0 || n == 0 || k == 0 {
		return
	}
	if kernels != gonumKernels {
		gemmAsm(kernels, m, n, k, a, 1, lda, b, ldb, c, ldc)
		return
	}
	for i := 0; i < m; i += tileRows {
		mi := min(tileRows, m-i)
		for j := 0; j < n; j += tileCols {
			nj := min(tileCols, n-j)
			impl.Dgemm(blas.Trans, blas.NoTrans, mi, nj, k, 1,
				a[i:], lda, b[j:], ldb, 1, c[i*ldc+j:], ldc)
		}
	}
}

// transpose writes the rows x cols matrix src (row-major) into dst as
// cols x rows.
func transpose(dst, src []float64, rows, cols int) {
	dst = dst[:rows*cols]
	for r := range rows {
		row := src[r*cols : r*cols+cols]
		for c, v := range row {
			dst[c*rows+r] = v
		}
	}
}
