package minibatch

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// impl is gonum's own BLAS, named rather than taken from blas64's
// Implementation, which blas64.Use could swap for one that sums in
// another order.
var impl gonum.Implementation

// Tiles of C that gemmNT hands to gonum. gonum's Dgemm splits a product
// over goroutines when C has at least 4 blocks of 64 x 64 (its blockSize
// and minParBlock): the split depends only on the shapes, so its bits do
// not depend on GOMAXPROCS, but it starts goroutines, which allocate and
// take cores that --parallel gave to other jobs, and it sums each element
// in blocks of 64 terms. A tile of at most 64 x 64 is one block, which
// gonum runs serially on the calling goroutine, each element one dot
// product over all k terms. Narrow tiles also keep the rows of B that a
// tile reads in cache while every row of A meets them.
const (
	tileRows = 64
	tileCols = 16
)

// gemmNT adds A·Bᵀ to C, equal to the plain loop
//
//	for i := range m {
//		for j := range n {
//			s := 0.0
//			for p := range k {
//				s += a[i*lda+p] * b[j*ldb+p]
//			}
//			c[i*ldc+j] += s
//		}
//	}
//
// up to rounding: gonum's kernel (DotUnitary) keeps four partial sums,
// of the terms p mod 4, and adds them at the end. Each element of C is
// one such dot product of a row of A and a row of B, which is why every
// product of this package is put in this form: both operands are read
// in order, and the tiling never splits a sum.
func gemmNT(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	if m == 0 || n == 0 || k == 0 {
		return
	}
	for i := 0; i < m; i += tileRows {
		mi := min(tileRows, m-i)
		for j := 0; j < n; j += tileCols {
			nj := min(tileCols, n-j)
			impl.Dgemm(blas.NoTrans, blas.Trans, mi, nj, k, 1,
				a[i*lda:], lda, b[j*ldb:], ldb, 1, c[i*ldc+j:], ldc)
		}
	}
}

// transpose writes the rows x cols matrix src (row-major) into dst as
// cols x rows, so that a product can read src's columns as rows.
func transpose(dst, src []float64, rows, cols int) {
	dst = dst[:rows*cols]
	for r := range rows {
		row := src[r*cols : r*cols+cols]
		for c, v := range row {
			dst[c*rows+r] = v
		}
	}
}
