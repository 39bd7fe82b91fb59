//go:build amd64 && !purego

package scorer

import "golang.org/x/sys/cpu"

// useAVX says whether addCols runs its four-term passes on the AVX
// kernel of addcols_amd64.s (its instructions are all AVX's, on 256-bit
// registers; x/sys/cpu also checks that the OS saves them), as
// nn/minibatch's kernels are chosen. Tests turn it off to compare with
// the Go loop.
var useAVX = cpu.X86.HasAVX

// addColsAVX is, for n a multiple of 4 and terms >= 1,
//
//	for i := range n {
//		s := z[i]
//		for t := range terms {
//			s += float64(w[t] * src[t*stride+i])
//		}
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
func addColsAVX(z, src *float64, stride, n int, w *float64, terms int)

// setAVX switches the kernel on or off, for tests.
func setAVX(on bool) { useAVX = on && cpu.X86.HasAVX }
