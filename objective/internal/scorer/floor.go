package scorer

import "math"

// outputFloor bounds, for any row and any of st's candidates, how far an
// output the fast paths form can be from Forward's by rounding that the
// relative bounds (scoreTol of the output's own terms) miss: a fast path
// moves a cached sum by a change, while Forward sums every term afresh
// and may absorb one far smaller than its partial sums (inputs of 1e-17
// beside biases of 1). So each unit's sum carries up to (n+2)·eps of its
// terms' magnitude |b| + Σ|w|·colMax (with the largest candidate move for
// st's unit) absolutely, and a later unit carries its inputs' errors
// through its weights, times the activation's largest slope. The result
// is the output's, the largest over outputs; settle and decide add its
// effect on a squared error (driftBound) to every score's bound.
//
// Under MSE only: other losses keep their relative bounds.
func (c *Scorer) outputFloor(st *scoreState) float64 {
	if !c.squaredError {
		return 0
	}
	const eps = 0x1p-53
	nl := c.layers
	widest := 0
	for _, n := range c.sizes {
		widest = max(widest, n)
	}
	c.floorErr = grow(c.floorErr, 2*widest)
	prev, cur := c.floorErr[:widest], c.floorErr[widest:]
	out := 0.0
	for q := 1; q <= nl; q++ {
		nin, n := c.sizes[q-1], c.sizes[q]
		off := c.model.WeightOffset(q - 1)
		w, b := c.x[off:off+nin*n], c.x[off+nin*n:off+nin*n+n]
		cm := c.colMax[q-1]
		slope := 1.0
		if q < nl && c.piecewise[q-1] {
			slope = max(1, math.Abs(c.negSlope[q-1]))
		}
		for k := range n {
			t, e := math.Abs(b[k]), 0.0
			row := w[k*nin : k*nin+nin]
			for s, v := range row {
				t += math.Abs(v) * cm[s]
				if q > 1 {
					e += math.Abs(v) * prev[s]
				}
			}
			if q == st.m && k == st.j {
				src := 1.0
				if st.in >= 0 {
					src = cm[st.in]
				}
				t += st.maxAbsMove * src
			}
			cur[k] = slope * (2.1*float64(nin+2)*eps*t + e)
			if q == nl {
				out = max(out, cur[k])
			}
		}
		prev, cur = cur, prev
	}
	c.work += c.floorWork()
	return out
}

// floorWork is outputFloor's work: a term per weight.
func (c *Scorer) floorWork() int64 {
	if !c.squaredError {
		return 0
	}
	return int64(c.model.MultiplyAdds())
}
