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
	fillGrid(g, lo, hi)
	return g
}

func fillGrid(g []float64, lo, hi float64) {
	n := len(g)
	if n == 1 {
		g[0] = lo
		return
	}
	step := (hi - lo) / float64(n-1)
	for k := range g {
		g[k] = lo + float64(k)*step
	}
	g[n-1] = hi
}
