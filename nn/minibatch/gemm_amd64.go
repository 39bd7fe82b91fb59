//go:build amd64 && !purego

package minibatch

import "golang.org/x/sys/cpu"

// bestKernels is the fastest set of kernels this CPU runs (x/sys/cpu
// also checks that the OS saves the registers).
var bestKernels = func() int {
	switch {
	case cpu.X86.HasAVX512F:
		return avx512Kernels
	case cpu.X86.HasAVX:
		return avxKernels
	}
	return gonumKernels
}()

// hasKernels reports whether this CPU runs the set of kernels set.
func hasKernels(set int) bool {
	switch set {
	case avx512Kernels:
		return cpu.X86.HasAVX512F
	case avxKernels:
		return cpu.X86.HasAVX
	}
	return true
}

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

// kern2x16AVX is kern4x32 on AVX, for 2 rows and 16 columns.
//
//go:noescape
func kern2x16AVX(k int, a *float64, ars, aps int, b *float64, ldb int, c *float64, ldc int)

// kern1x16AVX is kern2x16AVX for one row.
//
//go:noescape
func kern1x16AVX(k int, a *float64, aps int, b *float64, ldb int, c *float64)

// kern1xNAVX is kern1x16AVX for the first nc < 16 columns, masks
// pointing to nc int64 of -1 followed by 16-nc of 0.
//
//go:noescape
func kern1xNAVX(k int, a *float64, aps int, b *float64, ldb int, c *float64, masks *int64)

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
// in p order), on the set of kernels of gemm_amd64.s, avx512Kernels or
// avxKernels: in blocks of 4 x 32 of C on AVX-512, in blocks of 2 x 16 on
// AVX, the last n%16 columns a row at a time. The columns are the outer
// loop so that a block of B's columns stays in cache for all the rows.
// It panics, before writing anything, if an index the loop would read or
// write is out of range or if C's rows overlap (ldc < n). m, n and k are
// at least 1.
func gemmAsm(set, m, n, k int, a []float64, ars, aps int, b []float64, ldb int, c []float64, ldc int) {
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
	if set == avx512Kernels {
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
		return
	}
	full := n - n%16
	for j := 0; j < full; j += 16 {
		i := 0
		for ; i+2 <= m; i += 2 {
			kern2x16AVX(k, &a[i*ars], ars, aps, &b[j], ldb, &c[i*ldc+j], ldc)
		}
		if i < m {
			kern1x16AVX(k, &a[i*ars], aps, &b[j], ldb, &c[i*ldc+j])
		}
	}
	if full == n {
		return
	}
	masks := &avxTailMasks[16-(n-full)]
	for i := range m {
		kern1xNAVX(k, &a[i*ars], aps, &b[full], ldb, &c[i*ldc+full], masks)
	}
}

// avxTailMasks[16-nc:][:16] are kern1xNAVX's masks for nc columns.
var avxTailMasks = [32]int64{-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}
