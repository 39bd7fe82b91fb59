//go:build amd64 && !purego

package minibatch

import "golang.org/x/sys/cpu"

// hasAsm reports whether this CPU runs the AVX-512 kernels of
// gemm_amd64.s (x/sys/cpu also checks that the OS saves the registers).
var hasAsm = cpu.X86.HasAVX512F

// kern4x32 adds to a block of C of 4 rows and nc columns (1 <= nc <= 32)
// the products of A's rows and B, k >= 1 terms each, equal to
//
//	for i := range 4 {
//		for p := range k {
//			if a[i*ars+p*aps] != 0 {
//				for j := range nc {
//					c[i*ldc+j] += float64(a[i*ars+p*aps] * b[p*ldb+j])
//				}
//			}
//		}
//	}
//
// with a, b and c read as slices from the pointers. Strides are in
// elements.
//
//go:noescape
func kern4x32(k int, a *float64, ars, aps int, b *float64, ldb int, c *float64, ldc int, nc int)

// kern1x32 is kern4x32 for one row.
//
//go:noescape
func kern1x32(k int, a *float64, aps int, b *float64, ldb int, c *float64, nc int)

// gemmAsm adds A·B to C, C m x n and A m x k with element (i, p) at
// a[i*ars+p*aps], equal to
//
//	for i := range m {
//		for p := range k {
//			if a[i*ars+p*aps] != 0 {
//				for j := range n {
//					c[i*ldc+j] += float64(a[i*ars+p*aps] * b[p*ldb+j])
//				}
//			}
//		}
//	}
//
// (the loop order over i and j changes no bits: each element's terms come
// in p order), on the kernels of gemm_amd64.s, in blocks of 4 x 32 of C.
// The columns are the outer loop so that a block of B's columns stays in
// cache for all the rows. It panics, before writing anything, if an
// index the loop would read or write is out of range or if C's rows
// overlap (ldc < n). m, n and k are at least 1.
func gemmAsm(m, n, k int, a []float64, ars, aps int, b []float64, ldb int, c []float64, ldc int) {
	if ars < 0 || aps < 0 || ldb < 0 {
		panic("minibatch: negative stride")
	}
	if ldc < n {
		// Rows of C would overlap, and a block held in registers
		// would not see the loop's writes to the rows above it.
		// gonum's Dgemm panics too.
		panic("minibatch: ldc < n")
	}
	_ = a[(m-1)*ars+(k-1)*aps]
	_ = b[(k-1)*ldb+n-1]
	_ = c[(m-1)*ldc+n-1]
	for j := 0; j < n; j += 32 {
		nc := min(32, n-j)
		i := 0
		for ; i+4 <= m; i += 4 {
			kern4x32(k, &a[i*ars], ars, aps, &b[j], ldb, &c[i*ldc+j], ldc, nc)
		}
		for ; i < m; i++ {
			kern1x32(k, &a[i*ars], aps, &b[j], ldb, &c[i*ldc+j], nc)
		}
	}
}
