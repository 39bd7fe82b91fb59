//go:build !amd64 || purego

package minibatch

// hasAsm is false: there are kernels in assembly for amd64 only.
const hasAsm = false

// gemmAsm is never called where hasAsm is false.
func gemmAsm(m, n, k int, a []float64, ars, aps int, b []float64, ldb int, c []float64, ldc int) {
	panic("minibatch: no assembly kernels on this architecture")
}
