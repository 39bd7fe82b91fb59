package scorer

// prefixSums are, for every row, partial sums of Forward's sums for some
// units of one layer: b_k + Σ_{t<inputs} w_kt·a_t, term by term in
// Forward's order (unit k's at [k·rows+r]). An exact evaluation that
// changes input j of the layer starts from them and adds only the terms
// from j on: the same additions in the same order as Forward, so the same
// bits, for a fraction of the work.
type prefixSums struct {
	sums   []float64
	layer  int // the layer of the units; 0: none kept
	unit   int // the unit, for sums kept for one unit
	inputs int // how many of the layer's inputs the sums cover
	// from is the running evaluation's starting point: the sums cover that
	// many inputs already; -1: they start from the biases.
	from int
}

// start sets from for an evaluation that needs the sums of unit of layer
// over the inputs before upTo: the kept ones when they are that layer's
// and unit's and cover no more than upTo inputs; else from the biases.
func (p *prefixSums) start(layer, unit, upTo int) {
	if p.layer == layer && p.unit == unit && p.inputs <= upTo {
		p.from = p.inputs
	} else {
		p.layer, p.unit, p.from = layer, unit, -1
	}
}

// unitColumn sets rows lo..hi-1 of eval.unitPre, unit j's pre-activations
// with the candidate: a column at a time (act[0] holds the data's
// columns), each row's terms in Forward's order. A weight's candidate
// starts from unitSums over the inputs before it, brought up to date
// first.
func (task *exactTask) unitColumn(lo, hi int) {
	c, p := task.c, task.eval
	m, j := p.m, p.j
	if m == 1 && c.blocks.sums != nil {
		task.blockedColumn(lo, hi)
		return
	}
	zj := p.unitPre[lo:hi]
	if in := task.input; in >= 0 {
		c.weightColumn(zj, m, j, in, lo, hi)
		return
	}
	c.biasColumn(zj, m, j, lo)
}

// biasColumn sets zj, rows lo.. of unit j of layer m, to their
// pre-activations at x from the bias on, each row's terms in Forward's
// order, so Forward's bits.
func (c *Scorer) biasColumn(zj []float64, m, j, lo int) {
	w := m - 1
	nw := c.sizes[w]
	off := c.model.WeightOffset(w)
	bj := c.x[off+nw*c.sizes[m]+j]
	for r := range zj {
		zj[r] = bj
	}
	addCols(zj, c.x[off+j*nw:off+j*nw+nw], c.act[w], lo, c.rows)
}

// weightColumn sets zj, rows lo..hi-1 of unit j of layer m, to their
// pre-activations at x, starting from unitSums over the inputs before in
// (from unitSums.from, or from the bias when that is -1), which it brings
// up to in, then adding the terms from in on: each row's terms in
// Forward's order, so Forward's bits.
func (c *Scorer) weightColumn(zj []float64, m, j, in, lo, hi int) {
	rows := c.rows
	w := m - 1
	nw := c.sizes[w]
	off := c.model.WeightOffset(w)
	wrow := c.x[off+j*nw : off+j*nw+nw]
	act := c.act[w]
	partial := c.unitSums.sums[lo:hi]
	start := c.unitSums.from
	if start < 0 {
		bj := c.x[off+nw*c.sizes[m]+j]
		for r := range partial {
			partial[r] = bj
		}
		start = 0
	}
	if start < in {
		addCols(partial, wrow[start:in], act, start*rows+lo, rows)
	}
	copy(zj, partial)
	addCols(zj, wrow[in:], act, in*rows+lo, rows)
}

// advanceNextSums brings rows lo..hi-1 of nextSums, layer m+1's partial
// sums, to its first j inputs (from nextSums.from, or from the biases when
// that is -1), adding the terms in Forward's order.
func (task *exactTask) advanceNextSums(lo, hi int) {
	c, m, j := task.c, task.eval.m, task.eval.j
	from := c.nextSums.from
	if from == j {
		return
	}
	rows := c.rows
	in, n := c.sizes[m], c.sizes[m+1]
	off := c.model.WeightOffset(m)
	wq := c.x[off : off+in*n]
	act := c.act[m]
	for u := range n {
		partial := c.nextSums.sums[u*rows+lo : u*rows+hi]
		t := from
		if t < 0 {
			b := c.x[off+in*n+u]
			for r := range partial {
				partial[r] = b
			}
			t = 0
		}
		if t < j {
			addCols(partial, wq[u*in+t:u*in+j], act, t*rows+lo, rows)
		}
	}
}

// invalidatePrefix drops the partial sums that committing a parameter of
// unit j of layer m (input in, -1 for a bias) makes stale. nextSums of
// layer q read layer q-1's activations and linear layer q-1's parameters;
// unitSums read layer unitSums.layer-1's activations before
// unitSums.inputs and the unit's own bias and weights before it.
func (c *Scorer) invalidatePrefix(m, j, in int) {
	// The parameter is in linear layer m-1.
	if q := c.nextSums.layer; q != 0 {
		if m-1 == q-1 || m < q-1 || m == q-1 && j < c.nextSums.inputs {
			c.nextSums.layer = 0
		}
	}
	if q := c.unitSums.layer; q != 0 {
		if m < q-1 || m == q-1 && j < c.unitSums.inputs || m == q && j == c.unitSums.unit && in < c.unitSums.inputs {
			c.unitSums.layer = 0
		}
	}
}
