//go:build !amd64 || purego

package minibatch

// bestKernels is gonum's: there are kernels in assembly for amd64 only.
const bestKernels = gonumKernels

// hasKernels reports whether set is gonum's, the only set here.
func hasKernels(set int) bool { return set == gonumKernels }

// gemmAsm is never called where bestKernels is gonum's.
func gemmAsm(set, m, n, k int, a []float64, ars, aps int, b []float64, ldb int, c []float64, ldc int) {
	panic("minibatch: no assembly kernels on this architecture")
}
