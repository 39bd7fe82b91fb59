package search

// Grid returns steps evenly spaced values from lo to hi, both included. It
// computes them as numpy.linspace does, lo + k*step with the last set to hi
// exactly, so the grids match the research notebook's to the last bit.
// It returns nil when steps < 1.
func Grid(lo, hi float64, steps int) []float64 {
	if steps < 1 {
		return nil
	}
	g := make([]float64, steps)
	if steps == 1 {
		g[0] = lo
		return g
	}
	step := (hi - lo) / float64(steps-1)
	for k := range g {
		// The product rounded on its own, as numpy's, even where the
		// compiler could fuse it into an FMA (GOAMD64=v3).
		g[k] = lo + float64(float64(k)*step)
	}
	g[steps-1] = hi
	return g
}
