package scorer

// unitColumn sets p.unitPre[lo:hi], unit j's pre-activations with the
// candidate: a column at a time (act[0] holds the data's columns), each
// row's terms in Forward's order. A weight's candidate starts from the
// cached sums over the inputs before it (unitPfx), brought up to date
// first.
func (c *Scorer) unitColumn(p *pending, lo, hi int) {
	rows := c.rows
	m, j := p.m, p.j
	w := m - 1
	nw := c.sizes[w]
	off := c.model.WeightOffset(w)
	wrow := c.x[off+j*nw : off+j*nw+nw]
	bj := c.x[off+nw*c.sizes[m]+j]
	zj := p.unitPre[lo:hi]
	act := c.act[w]
	from := 0
	if in := c.evalInput; in < 0 {
		for r := range zj {
			zj[r] = bj
		}
	} else {
		pf := c.unitPrefix[lo:hi]
		start := c.unitPrefixFrom
		if start < 0 {
			for r := range pf {
				pf[r] = bj
			}
			start = 0
		}
		if start < in {
			addCols(pf, wrow[start:in], act, start*rows+lo, rows)
		}
		copy(zj, pf)
		from = in
	}
	addCols(zj, wrow[from:], act, from*rows+lo, rows)
}

// advancePrefix brings rows lo..hi-1 of the partial sums of layer m+1 to
// its first j inputs (from c.nextPrefixFrom, or from the biases when that is -1),
// adding the terms in Forward's order.
func (c *Scorer) advancePrefix(m, j, lo, hi int) {
	from := c.nextPrefixFrom
	if from == j {
		return
	}
	rows := c.rows
	in, n := c.sizes[m], c.sizes[m+1]
	off := c.model.WeightOffset(m)
	wq := c.x[off : off+in*n]
	act := c.act[m]
	for u := range n {
		pf := c.nextPrefix[u*rows+lo : u*rows+hi]
		t := from
		if t < 0 {
			b := c.x[off+in*n+u]
			for r := range pf {
				pf[r] = b
			}
			t = 0
		}
		if t < j {
			addCols(pf, wq[u*in+t:u*in+j], act, t*rows+lo, rows)
		}
	}
}

// invalidatePrefix drops the partial sums that committing a parameter of
// unit j of layer m makes stale.
func (c *Scorer) invalidatePrefix(m, j int) {
	q := c.nextPrefixLayer
	if q == 0 {
		return
	}
	// The parameter is in linear layer m-1; the sums of layer q read layer
	// q-1's activations and linear layer q-1's parameters.
	if m-1 == q-1 || m < q-1 || m == q-1 && j < c.nextPrefixInputs {
		c.nextPrefixLayer = 0
	}
}

// invalidateUnitPrefix drops unitPrefix if committing a
// parameter of unit j in layer m (input in, -1 for a bias) changes them:
// they read layer unitPrefixLayer-1's activations before
// unitPrefixInputs and the unit's own bias and weights before it.
func (c *Scorer) invalidateUnitPrefix(m, j, in int) {
	if c.unitPrefixLayer == 0 {
		return
	}
	if m < c.unitPrefixLayer-1 || m == c.unitPrefixLayer-1 && j < c.unitPrefixInputs || m == c.unitPrefixLayer && j == c.unitPrefixUnit && in < c.unitPrefixInputs {
		c.unitPrefixLayer = 0
	}
}
