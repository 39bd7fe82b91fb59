package nn

// Argmax returns the index of the largest value, the lowest such index on a
// tie, as PyTorch's argmax does; it is how classification reads an output.
// It returns -1 for an empty slice. NaN is never the largest.
func Argmax(v []float64) int {
	best := -1
	for i, x := range v {
		if best < 0 {
			if x == x {
				best = i
			}
			continue
		}
		if x > v[best] {
			best = i
		}
	}
	if best < 0 && len(v) > 0 {
		return 0
	}
	return best
}
