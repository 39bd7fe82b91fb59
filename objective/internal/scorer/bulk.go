package scorer

import (
	"math"
	"slices"
)

// The bulk path scores every grid value of a hidden-layer parameter in one
// pass over the rows, when the parameter feeds one of the last two hidden
// layers, that layer and the layer after it (if it is not the last hidden
// one) are piecewise linear, the loss is MSE (or, with one output, an
// ErrorPieces loss, which adds the output layer: bulk_loss.go) and the
// values are finite and ascending (bulkFits).
// Moving the parameter by u moves unit j's pre-activation of row r by
// u·s_r, so the row's outputs are piecewise linear in u: one kink where
// unit j crosses 0, and, one layer further, one where each next unit does.
// The squared error is then a quadratic on each piece. Each row's pieces
// are added into per-block difference arrays over the grid's indices (a
// piece is added where it starts and taken off where it ends: no sort of
// the grid), so all values cost O(rows·kinks + grid) instead of
// O(rows·grid). With one output the rows go through the kernels of
// bulk_relu.go; the general ones (bulk_general.go) take several outputs
// and rows with a non-finite value.
//
// Exact ties: a grid value where no row is on a sloped piece (counted with
// integers, not judged from rounded slopes) gets exactly flat terms, and a
// run of such values with no piece boundary between them has bit-identical
// outputs on every row, so they share one exact evaluation (or the current
// loss, if the run holds the current value). Values within rounding of a
// kink are marked uncertain and never share.

// bulkState is the per-parameter part of scoreState for the bulk path.
type bulkState struct {
	// diffs holds, per block, the difference arrays of the pieces' a, b,
	// c and mag over n+1 grid indices; counts, per block, those of the
	// sloped rows, the uncertain marks and the piece boundaries.
	diffs  []float64
	counts []int32
	// nextZTol[k] bounds the rounding of next-layer unit k's fast
	// pre-activation; kinkTol is the same in t, unit j's pre-activation,
	// for every kink of a downstream row (see buildDown): next unit k's
	// at [k], unit j's own at [nq], next unit k's below t = 0 at [nq+1+k].
	// Shallow: kinkTol[0] is unit j's own.
	nextZTol, kinkTol []float64
	// reachesOutput[k]: next-layer unit k has a nonzero output weight.
	reachesOutput []bool
	grid          grid
	deep          bool // the next layer is hidden
	// useDown: the deep pieces come from the downstream cache;
	// buildDown: the blocks fill it first, only its dirty rows when
	// onlyDirty. downBase is the unit's slot times rows.
	useDown, buildDown, onlyDirty bool
	downBase                      int
	// window: buildDown builds the rows for this parameter's grid alone
	// (downWindow), and the slot is dropped after the pass.
	window downWindow
	// bad[blk]: under an ErrorPieces loss, the block met a row with a
	// non-finite value, which its kernels do not take.
	bad []bool
	// left[blk]: the block left rows to the general kernels.
	left []bool
}

// bulkTask is the bulk path's phase: each block adds its rows' pieces
// into its own difference arrays.
type bulkTask struct {
	c  *Scorer
	st *scoreState
}

func (task *bulkTask) runBlock(worker, blk int) {
	task.bulkBlock(&task.c.scratch[worker].bulk, blk)
}

// bulkFits reports whether the bulk path applies to the parameter in st:
// under MSE a hidden-layer parameter as the comment above says; under an
// ErrorPieces loss (one output) an output-layer parameter, or one feeding
// a piecewise linear unit of the last hidden layer, or of the one before
// it when the last is piecewise linear too (through the downstream cache).
func (c *Scorer) bulkFits(st *scoreState) bool {
	m, nl := st.m, c.layers
	if !st.sortedValues || len(st.values) < 2 || !c.squaredError && c.lossPieces == nil {
		return false
	}
	for _, v := range st.values {
		if !finite(v) {
			return false
		}
	}
	switch {
	case c.squaredError:
		return m < nl && c.piecewise[m-1] && (m == nl-1 || m == nl-2 && c.piecewise[m])
	case m == nl:
		return true
	}
	return c.piecewise[m-1] && (m == nl-1 || m == nl-2 && c.piecewise[m] && c.down.nextWidth > 0)
}

// bulk scores st's candidates by the bulk path; false when a row has a
// value its kernels do not take, and the incremental path must score them.
func (c *Scorer) bulk(st *scoreState) bool {
	bs := &st.bulk
	rows, nl, m := c.rows, c.layers, st.m
	n := len(st.values)
	nblk := (rows + blockRows - 1) / blockRows
	bs.diffs = grow(bs.diffs, nblk*4*(n+1))
	bs.counts = grow(bs.counts, nblk*3*(n+1))
	bs.bad = grow(bs.bad, nblk)
	clear(bs.bad)
	bs.left = grow(bs.left, nblk)
	clear(bs.left)
	bs.grid.set(st.moves)
	bs.deep = m < nl-1
	width := 1
	if bs.deep {
		width = c.sizes[m+1]
		c.deepTolerances(st)
	} else {
		// Unit j's own kink, for reluShallowRows and lossShallowRows.
		bs.kinkTol = grow(bs.kinkTol, 1)
		bs.kinkTol[0] = st.unitZTol
	}
	bs.useDown = bs.deep && c.down.nextWidth > 0 // the net has a downstream cache
	bs.buildDown = false
	if bs.useDown {
		c.claimDownSlot(st)
	}
	c.tasks.bulk = bulkTask{c, st}
	c.pool.run(nblk, &c.tasks.bulk, rows*(8+4*width) >= parallelWork/4)
	if bs.useDown {
		dc := &c.down
		dc.valid[dc.slot(st.j)] = !bs.window.on
		if bs.buildDown {
			// A window build leaves the slot right for this unit's
			// moves alone (windowHolds); any other build replaces it.
			dc.window, dc.windowUnit, dc.windowOn = bs.window, st.j, bs.window.on
		}
	}
	if slices.Contains(bs.bad, true) {
		// A row with a non-finite value under an ErrorPieces loss: the
		// incremental path scores the parameter instead.
		return false
	}
	c.bulkTotals(st, nblk)
	return true
}

// deepTolerances sets bs.nextZTol, kinkTol and reachesOutput for a unit
// of the last-but-one hidden layer.
func (c *Scorer) deepTolerances(st *scoreState) {
	bs := &st.bulk
	nl, m, j := c.layers, st.m, st.j
	nq, nm := c.sizes[m+1], c.sizes[m]
	bs.nextZTol = grow(bs.nextZTol, nq)
	bs.kinkTol = grow(bs.kinkTol, 2*nq+1)
	bs.reachesOutput = grow(bs.reachesOutput, nq)
	// Unit j's own kink, at t = 0 (see buildDown).
	bs.kinkTol[nq] = st.unitZTol
	off := c.model.WeightOffset(m)
	w := c.x[off : off+nm*nq]
	b := c.x[off+nm*nq : off+nm*nq+nq]
	// |Δa_j| is at most |a_j| + |u·s| + |z_j| on any piece.
	srcMax := 1.0
	if st.in >= 0 {
		srcMax = c.colMax[st.w][st.in]
	}
	daMax := 2*c.colMax[m][j] + st.maxAbsMove*srcMax + st.unitZTol/zTol
	for k := range nq {
		t := unitTerms(w[k*nm:k*nm+nm], b[k], c.colMax[m])
		t += math.Abs(w[k*nm+j]) * daMax
		bs.nextZTol[k] = zTol * float64(nm+4) * t
		if c.carry.on {
			// The carried cache's pre-activations are off by their drift.
			bs.nextZTol[k] += c.carry.drift[k]
		}
		bs.kinkTol[k] = bs.nextZTol[k] / math.Abs(w[k*nm+j])
		// The kink in t below 0, where a = sigma·t (buildDown); a
		// ReLU has none.
		bs.kinkTol[nq+1+k] = 0
		if sigma := c.negSlope[m-1]; sigma > 0 {
			bs.kinkTol[nq+1+k] = bs.kinkTol[k] / sigma
		}
	}
	no := c.sizes[nl]
	ooff := c.model.WeightOffset(nl - 1)
	wo := c.x[ooff : ooff+nq*no]
	for k := range nq {
		bs.reachesOutput[k] = false
		for o := range no {
			if wo[o*nq+k] != 0 {
				bs.reachesOutput[k] = true
			}
		}
	}
}

// claimDownSlot gives unit j the downstream cache's slot, to be built (or
// just its dirty rows rebuilt) by the blocks when it is not up to date.
func (c *Scorer) claimDownSlot(st *scoreState) {
	bs := &st.bulk
	dc := &c.down
	nl, m, j := c.layers, st.m, st.j
	sl := dc.slot(j)
	bs.downBase = sl * c.rows
	bs.buildDown = !dc.valid[sl] || dc.unit[sl] != j || dc.partial[sl]
	if bs.buildDown && c.def.scoring {
		// A slot's lines start from the cache's outputs at the cache's
		// activation of unit j; a deferred column would move one and
		// not the other. Choose flushes first instead (slotReady).
		panic("scorer: a downstream slot would be built from a deferred refresh")
	}
	bs.onlyDirty = dc.valid[sl] && dc.unit[sl] == j
	bs.window = downWindow{}
	if bs.buildDown && !bs.onlyDirty && st.in < 0 && c.squaredError && dc.sigma == 0 {
		// A bias: Forward's layout puts a layer's biases after all its
		// weights, so no other parameter of unit j follows it in a
		// sweep to reuse a whole build.
		margin := 0.0
		for _, d := range bs.kinkTol {
			margin = max(margin, d)
		}
		bs.window = downWindow{on: true, u0: st.moves[0], uN: st.moves[len(st.moves)-1], margin: 2 * margin}
	}
	dc.unit[sl] = j
	dc.partial[sl] = false
	nq, nm := c.sizes[m+1], c.sizes[m]
	off := c.model.WeightOffset(m)
	dc.slopeTermMag[sl] = slopeTermMag(c.x[off:off+nm*nq], c.x[c.model.WeightOffset(nl-1):], nq, nm, j, c.negSlope[m])
}

// bulkTotals adds the blocks' differences in block order, runs the prefix
// sums and scores each candidate from them. A sum carries the rounding of
// every term added before, including pieces that have ended (a huge row's
// piece leaves its rounding behind when it is taken off), so the bound
// takes the largest magnitudes so far (mA, mB, mC), not the current ones.
func (c *Scorer) bulkTotals(st *scoreState, nblk int) {
	bs := &st.bulk
	n := len(st.values)
	c.work += int64(n * nblk)
	outs := float64(c.sizes[c.layers])
	var a, b, cc, cabs, mA, mB, mC float64
	var cnt int32
	n1 := n + 1
	for k := range n {
		var unc, bnd int32
		for blk := range nblk {
			f := bs.diffs[blk*4*n1:]
			i := bs.counts[blk*3*n1:]
			a += f[k]
			b += f[n1+k]
			cc += f[2*n1+k]
			cabs += f[3*n1+k]
			cnt += i[k]
			unc += i[n1+k]
			bnd += i[2*n1+k]
		}
		mA, mB, mC = max(mA, math.Abs(a)), max(mB, math.Abs(b)), max(mC, cabs, math.Abs(cc))
		// Reuse block 0's counts to keep the totals for flatRuns.
		t := bs.counts[:3*n1]
		t[k], t[n1+k], t[2*n1+k] = cnt, unc, bnd
		if st.exact[k] {
			continue
		}
		u := st.moves[k]
		var d, mag float64
		if cnt == 0 {
			// No row on a sloped piece: A and B are 0 but for rounding.
			d = cc / outs
			mag = mC / outs
		} else {
			d = (a*u*u + b*u + cc) / outs
			mag = (mA*u*u + mB*math.Abs(u) + mC) / outs
		}
		st.scores[k] = (c.lossSum + d) / float64(c.rows)
		st.errBounds[k] = c.bound(st.scores[k], mag)
	}
	c.flatRuns(st, bs.counts[:3*n1])
}

// flatRuns groups the runs of grid values on which every row is on a flat
// piece, with no piece boundary between them: their outputs are bit for bit
// the same on every row, so they share one score and one exact evaluation.
// totals holds the sloped, uncertain and boundary counts per grid index.
func (c *Scorer) flatRuns(st *scoreState, totals []int32) {
	n := len(st.values)
	n1 := n + 1
	flat := func(k int) bool { return totals[k] == 0 && totals[n1+k] == 0 }
	for k := 0; k < n; {
		if !flat(k) {
			k++
			continue
		}
		end := k + 1
		for end < n && flat(end) && totals[2*n1+end] == 0 {
			end++
		}
		// The only exact values so far are the current one's.
		if slices.Contains(st.exact[k:end], true) {
			for q := k; q < end; q++ {
				st.scores[q], st.errBounds[q], st.exact[q] = c.meanLoss, 0, true
			}
		} else if end-k > 1 {
			g := int32(st.groups)
			st.groups++
			for q := k; q < end; q++ {
				st.scores[q], st.errBounds[q], st.group[q] = st.scores[k], st.errBounds[k], g
			}
		}
		k = end
	}
}
