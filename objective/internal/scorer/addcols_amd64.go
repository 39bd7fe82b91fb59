//go:build amd64 && !purego

package scorer

import "golang.org/x/sys/cpu"

// useAVX2 says whether addCols runs its four-term passes on the AVX2
// kernel of addcols_amd64.s (x/sys/cpu also checks that the OS saves the
// registers). Tests turn it off to compare with the Go loop.
var useAVX2 = cpu.X86.HasAVX2

// addCols4AVX2 is, for n a multiple of 4,
//
//	for i := range n {
//		s := z[i]
//		s += float64(w[0] * c0[i])
//		s += float64(w[1] * c1[i])
//		s += float64(w[2] * c2[i])
//		s += float64(w[3] * c3[i])
//		z[i] = s
//	}
//
// with the slices read from the pointers, four rows per instruction:
// each product rounded (VMULPD) before it is added (VADDPD), never fused,
// in the loop's order, so the loop's bits. (Where two NaNs meet, which
// one's payload survives follows operand order, which the Go compiler
// itself does not keep from one term to the next; the test accepts any
// NaN for a NaN.)
//
//go:noescape
func addCols4AVX2(z, c0, c1, c2, c3 *float64, n int, w *[4]float64)

// setAVX2 switches the kernel on or off, for tests.
func setAVX2(on bool) { useAVX2 = on && cpu.X86.HasAVX2 }
