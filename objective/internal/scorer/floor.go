package scorer

import "math"

// unitRoundoff is float64's unit roundoff, 2^-53.
const unitRoundoff = 0x1p-53

// sumRounding bounds the rounding of a unit's sum of a bias and n terms
// whose magnitudes add to terms, in any order: γ(n+1)·terms, with the
// margin of 2.1 for γ's denominator and the products' own rounding.
func sumRounding(n int, terms float64) float64 {
	return 2.1 * float64(n+2) * unitRoundoff * terms
}

// unitTerms is |b| + Σ|w[s]|·colMax[s], in that order: a bound on a
// unit's |pre-activation| and the magnitude its rounding scales with.
func unitTerms(w []float64, b float64, colMax []float64) float64 {
	t := math.Abs(b)
	colMax = colMax[:len(w)]
	for s, v := range w {
		t += math.Abs(v) * colMax[s]
	}
	return t
}

// unitTermsAt is unitTerms of unit j of layer w+1 at the cache's x.
func (c *Scorer) unitTermsAt(w, j int) float64 {
	nw := c.sizes[w]
	off := c.model.WeightOffset(w)
	return unitTerms(c.x[off+j*nw:off+j*nw+nw], c.x[off+nw*c.sizes[w+1]+j], c.colMax[w])
}

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
			if q == 1 {
				// The first layer's terms are most of the work
				// (784 inputs an image) and change only with the
				// unit's own parameters: kept between calls.
				t = c.firstTerms(k, b[k], row, cm)
			} else {
				t = unitTerms(row, b[k], cm)
				e = unitTerms(row, 0, prev)
				c.work += int64(nin)
			}
			if q == st.m && k == st.j {
				src := 1.0
				if st.in >= 0 {
					src = cm[st.in]
				}
				t += st.maxAbsMove * src
			}
			cur[k] = slope * (sumRounding(nin, t) + e)
			if q == nl {
				out = max(out, cur[k])
			}
		}
		prev, cur = cur, prev
	}
	return out
}

// floorWork bounds outputFloor's work: a term per weight (the first
// layer's only when not kept), counted as done.
func (c *Scorer) floorWork() int64 {
	if !c.squaredError {
		return 0
	}
	return int64(c.model.MultiplyAdds())
}

// firstTerms is first-layer unit k's |b| + Σ|w|·colMax over the inputs,
// whose column maxima are the data's and fixed, kept until one of the
// unit's parameters changes in the cache's x (dropFirstTerms).
func (c *Scorer) firstTerms(k int, b float64, row, colMax []float64) float64 {
	if c.floorFirst == nil {
		c.floorFirst = make([]float64, c.sizes[1])
		c.floorFirstOK = make([]bool, c.sizes[1])
	}
	if !c.floorFirstOK[k] {
		c.floorFirst[k], c.floorFirstOK[k] = unitTerms(row, b, colMax), true
		c.work += int64(len(row))
	}
	return c.floorFirst[k]
}

// dropFirstTerms forgets firstTerms of the unit parameter i feeds when it
// is a first-layer parameter, or of every unit for i < 0.
func (c *Scorer) dropFirstTerms(i int) {
	if c.floorFirstOK == nil {
		return
	}
	if i < 0 {
		clear(c.floorFirstOK)
		return
	}
	if w, j, _ := c.where(i); w == 0 {
		c.floorFirstOK[j] = false
	}
}
