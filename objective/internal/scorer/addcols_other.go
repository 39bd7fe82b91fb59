//go:build !amd64 || purego

package scorer

// useAVX2 is false: the kernel is in amd64 assembly only.
const useAVX2 = false

// addCols4AVX2 is never called where useAVX2 is false.
func addCols4AVX2(z, c0, c1, c2, c3 *float64, n int, w *[4]float64) {
	panic("scorer: no assembly kernel on this architecture")
}

// setAVX2 is for tests; there is nothing to switch here.
func setAVX2(bool) {}
