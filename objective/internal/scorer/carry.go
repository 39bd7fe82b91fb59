package scorer

import "math"

// A carried refresh. Choose defers the refresh of the weights of one unit
// of the last-but-one hidden layer at a time; when the search moves on to
// the next unit of that layer, flushing (an exact evaluation of the later
// layers of every changed row and its commit, O(rows·width²) in the wide
// net) was most of what a first sweep did besides scoring. Instead the
// deferred unit is carried into the cache: its column is Forward's
// already, and each changed row's later values are moved by the unit's
// change (one multiply-add per next unit, then the output afresh from
// those), which is off Forward's bits by a drift tracked per next unit.
// While a carry is on, the cache is exact up to layer m and within the
// drift after it, and only Choose of a weight of a unit of layer m reads
// it: the next units' downstream lines are built from it, with the drift
// added to their kink tolerances, and its effect on the outputs (outDrift,
// through driftBound) is added to every bound, so decisions stay the
// plain loop's. Anything else first makes the cache exact again by a
// rebuild at x: one forward pass, once per layer of a sweep instead of a
// flush per unit.
type carry struct {
	on bool
	// Per unit k of layer m+1: drift bounds |pre[m+1][k] - Forward's| over
	// the rows: the updates' own rounding (updateErr) and Forward's
	// rounding at the last exact state and at x, (nm+2)·eps of the
	// largest |b| + Σ|w·a| of the unit (termsMax) each.
	drift, updateErr, termsMax []float64
	// outDrift bounds |output - Forward's| over the rows: the next units'
	// drifts through their output weights, and the rounding of the
	// output's own sum, ours and Forward's.
	outDrift float64
	// changed marks the rows whose activation the carried unit changed,
	// rows lists them and move holds their change; z, a (a unit's rows
	// after another), out and terms are those rows' new values.
	changed    []bool
	rows       []int32
	move, z, a []float64
	out, terms []float64
}

// canCarry reports whether Choose may carry the deferred refresh into the
// cache to score a weight of unit j of layer m: the deferred unit is
// another unit of that layer, the one the downstream cache serves, and
// carrying pays (carryPays).
func (c *Scorer) canCarry(m, j int) bool {
	d := &c.def
	return d.on && d.m == m && d.j != j && m == c.down.m && c.down.nextWidth > 0 && c.carryPays()
}

// carryPays reports whether carrying the units of the downstream cache's
// layer beats flushing them: a flush of unit j recomputes, per changed
// row, the next layer's sums from input j on, nq·(nm-j) terms, so a layer
// of flushes costs about nm·nq·(nm+1)/2 a row, against one rebuild at its
// end (a forward pass) and one for each choice the bounds leave to exact
// scores while carrying; the margin of four covers those. The wide net
// (64 units, 32 next) flushes about 24 passes' worth a sweep and carries;
// the notebook's 10-5-4-1 would pay a rebuild for the work of one pass
// (compare.hcl's search cost rose from 516 to 528 passes when it carried,
// to 546 with that layer's biases deferred too) and flushes.
func (c *Scorer) carryPays() bool {
	if c.carryAlways {
		return true
	}
	dc := &c.down
	nm, nq := c.sizes[dc.m], dc.nextWidth
	return nm*nq*(nm+1)/2 > 4*c.model.MultiplyAdds()
}

// carryDeferred moves the cache to x within the tracked drift: the
// deferred unit's column and activations become the cache's, and every
// row whose activation changed has its layer m+1 moved by the change, its
// outputs, loss and output scale formed again from those. The slots of
// the other units mark those rows for a rebuild.
func (c *Scorer) carryDeferred() {
	d, cr := &c.def, &c.carry
	rows, nl, m, j := c.rows, c.layers, d.m, d.j
	q := m + 1
	nq, nm := c.sizes[q], c.sizes[m]
	if !cr.on {
		cr.drift = grow(cr.drift, nq)
		cr.updateErr = grow(cr.updateErr, nq)
		cr.termsMax = grow(cr.termsMax, nq)
		clear(cr.drift)
		clear(cr.updateErr)
		clear(cr.termsMax)
		cr.outDrift = 0
	}
	cr.changed = grow(cr.changed, rows)
	off := c.model.WeightOffset(m)
	w, b := c.x[off:off+nm*nq], c.x[off+nm*nq:off+nm*nq+nq]
	oldMax := c.colMax[m][j]
	// The terms' magnitudes before the change (|b| + Σ|w·a|), for
	// Forward's rounding at the state the drift starts from.
	for k := range nq {
		cr.termsMax[k] = max(cr.termsMax[k], unitTerms(w[k*nm:k*nm+nm], b[k], c.colMax[m]))
	}
	zj, aj := c.pre[m][j*rows:(j+1)*rows], c.act[m][j*rows:(j+1)*rows]
	copy(zj, d.z)
	newMax := absMax(0, d.a)
	c.colMax[m][j] = newMax
	// The changed rows, and the change of each, compactly.
	cr.rows, cr.move = cr.rows[:0], cr.move[:0]
	for r, a := range d.a {
		ch := math.Float64bits(a) != math.Float64bits(aj[r])
		cr.changed[r] = ch
		if ch {
			cr.rows = append(cr.rows, int32(r))
			cr.move = append(cr.move, a-aj[r])
		}
	}
	copy(aj, d.a)
	idx := cr.rows
	n := len(idx)
	cr.z = grow(cr.z, n)
	cr.a = grow(cr.a, n)
	cr.out, cr.terms = grow(cr.out, n), grow(cr.terms, n)
	// Layer m+1 moved by the change, a next unit at a time, over the
	// changed rows gathered; the outputs and their term magnitudes summed
	// from the new activations as they come.
	pre, act := c.pre[q], c.act[q]
	lip := max(1, math.Abs(c.negSlope[q-1]))
	ooff := c.model.WeightOffset(nl - 1)
	wo, bo := c.x[ooff:ooff+nq], c.x[ooff+nq]
	out, terms := cr.out[:n], cr.terms[:n]
	for i := range out {
		out[i], terms[i] = bo, math.Abs(bo)
	}
	for k := range nq {
		v := w[k*nm+j]
		col, acol := pre[k*rows:(k+1)*rows], act[k*rows:(k+1)*rows]
		z, a := cr.z[:n], cr.a[:n]
		for i, r := range idx {
			// float64(...): the product rounded, as on every
			// platform, not fused into the sum.
			z[i] = col[r] + float64(v*cr.move[i])
			col[r] = z[i]
		}
		c.applyLayer(q, a, z)
		for i, r := range idx {
			acol[r] = a[i]
		}
		t := unitTerms(w[k*nm:k*nm+nm], b[k], c.colMax[m])
		cr.termsMax[k] = max(cr.termsMax[k], t)
		// |z| before is at most the terms before plus the drift; the
		// move is at most |v| times the old and new largest |a|, twice
		// rounded (its difference, its product), and the sum once.
		moved := math.Abs(v) * (oldMax + newMax)
		cr.updateErr[k] += 2.1 * unitRoundoff * (cr.termsMax[k] + cr.drift[k] + 3*moved)
		cr.drift[k] = cr.updateErr[k] + sumRounding(nm, cr.termsMax[k])
		c.colMax[q][k] = max(c.colMax[q][k], absMax(0, a)+lip*cr.drift[k])
		wk := wo[k]
		for i, ak := range a {
			out[i] += float64(wk * ak)
			terms[i] += math.Abs(wk * ak)
		}
	}
	// The outputs, losses and output scales of the changed rows (as
	// outputScale forms them for one output).
	y, td := c.data.Y, c.data.TargetDim
	outCol := c.pre[nl]
	for i, r := range idx {
		outCol[r] = out[i]
		c.rowLoss[r] = c.loss.Row(outCol[r:r+1], y[int(r)*td:int(r)*td+td])
		c.outTerms[r] = terms[i]
		c.rowOutputScale[r] = float64(terms[i] * terms[i])
	}
	c.work += int64(rows) + int64(n)*int64(6*nq+4)
	sum := 0.0
	for _, l := range c.rowLoss {
		sum += l
	}
	c.setSum(sum)
	c.work += 2 * int64(rows)
	// The outputs' drift: each next unit's through its output weight
	// (an activation moves at most lip times its pre-activation), and
	// the rounding of the output's sum, ours and Forward's.
	outTerms := math.Abs(bo)
	cr.outDrift = 0
	for k, wk := range wo {
		cr.outDrift += math.Abs(wk) * lip * cr.drift[k]
		outTerms += math.Abs(wk) * c.colMax[q][k]
	}
	cr.outDrift += 2 * sumRounding(nq, outTerms)
	c.markDown(m, j, cr.changed[:rows])
	c.unitSums.layer, c.nextSums.layer = 0, 0
	c.evals[0].ok, c.evals[1].ok = false, false
	d.on = false
	cr.on = true
}

// CarryAlways makes Choose carry a deferred unit (and defer that layer's
// biases) wherever that applies, not only where it pays: the tests' nets
// are too small to pay, and must still check the carry.
func (c *Scorer) CarryAlways() { c.carryAlways = true }
