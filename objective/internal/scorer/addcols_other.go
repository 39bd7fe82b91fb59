//go:build !amd64 || purego

package scorer

// useAVX is false: the kernel is in amd64 assembly only.
const useAVX = false

// addColsAVX is never called where useAVX is false.
func addColsAVX(z, src *float64, stride, n int, w *float64, terms int) {
	panic("scorer: no assembly kernel on this architecture")
}

// setAVX is for tests; there is nothing to switch here.
func setAVX(bool) {}
