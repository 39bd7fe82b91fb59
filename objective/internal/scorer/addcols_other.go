//go:build !amd64 || purego

package scorer

// useAVX is false: the kernel is in amd64 assembly only.
const useAVX = false

// addCols4AVX is never called where useAVX is false.
func addCols4AVX(z, c0, c1, c2, c3 *float64, n int, w *[4]float64) {
	panic("scorer: no assembly kernel on this architecture")
}

// setAVX is for tests; there is nothing to switch here.
func setAVX(bool) {}
