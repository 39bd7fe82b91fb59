package scorer

import (
	"math"
	"slices"
)

// A deferred refresh. Committing an accepted first-layer weight of the
// wide net recomputes and rewrites every later value of the rows it
// changed, and the exact evaluation before it does the same work once
// more; most of a first sweep goes there, though the bounds alone had
// already decided the choice. Choose decides from the bounds when they
// can, without evaluating the winner, and an accepted weight of a unit
// whose downstream rows are cached is then deferred: the cache stays
// exactly at the base it had, unit j's current column is kept beside it
// (Forward's bits), and each row's current output error is read from the
// downstream lines at the unit's new pre-activation, within their rounding.
// The next weights of the unit are scored from those, with the deferred
// rows' rounding added to every bound. Anything else first flushes: one
// exact evaluation of the current x against the base and its commit, the
// work the plain path's cache would have done once.
type deferral struct {
	on bool
	// scoring: a bulk pass reads z, a and out instead of the cache's.
	scoring bool
	m, j    int // the unit
	last    int // the parameter deferred last, which the flush evaluates
	// z, a: unit j's pre-activation and activation at x, by row; out:
	// each row's output (the base's where a is the base's, else target
	// plus the error the downstream lines give).
	z, a, out []float64
	// sum: the row losses' sum at x, from those outputs; mag: the
	// magnitudes of the deferred rows' errors and lines, for the bounds.
	sum, mag float64
}

// deferrable reports whether parameter i may be deferred: a weight of a
// unit of the layer the downstream cache serves, under MSE with one
// output, on a full cache with no work cap and no FirstLayer source.
func (c *Scorer) deferrable(i int) (j int, ok bool) {
	w, j, in := c.where(i)
	m := w + 1
	ok = c.Defers() && m == c.down.m && in >= 0 &&
		!(m == 1 && c.blocks.sums != nil) && c.piecewise[m-1] && c.piecewise[m]
	return j, ok
}

// Defers reports whether Choose may defer any parameter's refresh: MSE
// with one output on a net with a downstream cache, no work cap and no
// FirstLayer source.
func (c *Scorer) Defers() bool {
	return c.workLimit < 0 && c.first == nil && c.squaredError && c.lossPieces == nil &&
		c.sizes[c.layers] == 1 && c.down.nextWidth > 0
}

// slotReady reports whether unit j's downstream rows are all up to date.
func (c *Scorer) slotReady(j int) bool {
	dc := &c.down
	s := dc.slot(j)
	return dc.valid[s] && dc.unit[s] == j && !dc.partial[s]
}

// flush brings the cache from its base to x when a refresh is deferred.
func (c *Scorer) flush() {
	d := &c.def
	if !d.on {
		return
	}
	d.on = false
	p := c.evals[0]
	c.exactEval(p, d.last, c.x[d.last])
	c.commit(p)
}

// flushWithin flushes a deferred refresh if its bound fits SetWorkLimit's
// cap, and reports whether it did: a cap set while a refresh was deferred
// must refuse it, not pass it. (Choose defers nothing under a cap.)
func (c *Scorer) flushWithin() bool {
	if !c.def.on {
		return true
	}
	bound := 2 * c.passBound()
	if !c.afford(bound) {
		return false
	}
	start := c.Work()
	c.flush()
	c.spent(start, bound, "a deferred refresh")
	return true
}

// deferAccept sets x[i] = v, a weight of unit j (deferrable, its slot
// ready, and no other unit deferred), and defers its refresh; if a row
// has no downstream lines it flushes instead.
func (c *Scorer) deferAccept(i int, v float64) {
	d := &c.def
	w, j, in := c.where(i)
	m := w + 1
	rows := c.rows
	if d.z == nil {
		d.z, d.a, d.out = make([]float64, rows), make([]float64, rows), make([]float64, rows)
	}
	d.on, d.m, d.j, d.last = true, m, j, i
	c.x[i] = v
	c.invalidatePrefix(m, j, in)
	c.evals[0].ok, c.evals[1].ok = false, false
	// Unit j's column as Forward forms it: the bias, then each input.
	nw := c.sizes[w]
	off := c.model.WeightOffset(w)
	bj := c.x[off+nw*c.sizes[m]+j]
	z := d.z
	for r := range z {
		z[r] = bj
	}
	addCols(z, c.x[off+j*nw:off+j*nw+nw], c.act[w], 0, rows)
	c.applyLayer(m, d.a, z)
	c.work += int64(rows) * int64(nw+1)
	baseA := c.act[m][j*rows : (j+1)*rows]
	out := c.pre[c.layers][:rows]
	y := c.data.Y
	dc := &c.down
	slot := dc.slot(j) * rows
	sum, mag := 0.0, 0.0
	for r := range rows {
		if math.Float64bits(d.a[r]) == math.Float64bits(baseA[r]) {
			d.out[r] = out[r]
			sum += c.rowLoss[r]
			continue
		}
		R := slot + r
		nk := int(dc.kinkCount[R])
		if nk < 0 {
			c.flush()
			return
		}
		kinks, _ := dc.rowKinks(R, nk)
		intercept, slope, _ := dc.rowLines(R, nk)
		t := z[r]
		s := kinksBelow(kinks, t)
		e := intercept[s] + slope[s]*t
		d.out[r] = y[r] + e
		e = d.out[r] - y[r]
		sum += float64(e * e)
		lm := dc.lineMag(R, j, t, t)
		mag += e*e + y[r]*y[r] + lm*lm
	}
	c.work += 4 * int64(rows)
	if !finite(sum) || !finite(mag) {
		c.flush()
		return
	}
	d.sum, d.mag = sum, mag
}

// Choose scores values for x[i] and returns the index Coordinate's loop
// would move x[i] to from the loss at x (strictly lowest, the first of
// equals), or -1 to keep it, deciding from the bounds alone where they
// separate one value from every other and from the current loss; else
// exactly, as ScoreCoordinate and settle do, and then known is true and
// loss is the loss at the choice, bit for bit Func's. A value decided by
// the bounds is left unevaluated, and accepting it defers its refresh. It
// reports false when a phase did not fit SetWorkLimit's cap.
func (c *Scorer) Choose(losses, x []float64, i int, values []float64) (k int, loss float64, known, ok bool) {
	if c.rows == 0 {
		return -1, 0, true, true
	}
	if len(values) == 0 {
		l, ok := c.Loss(x)
		return -1, l, ok, ok
	}
	d := &c.def
	diff, at := c.differences(x)
	if diff == 1 && at >= 0 {
		if j, ok := c.deferrable(at); ok && c.slotReady(j) && (!d.on || d.j == j) {
			c.deferAccept(at, x[at])
			diff = 0
		}
	}
	if d.on && diff != 0 && !c.flushWithin() {
		return -1, 0, false, false
	}
	if diff != 0 {
		if !c.afford(c.syncBound(x, diff)) {
			return -1, 0, false, false
		}
		c.sync(x, diff, at)
	}
	j, ok := c.deferrable(i)
	if !ok || !ascendingFinite(values) {
		// Not a deferrable weight, or values the bulk path does not
		// take (bulkFits).
		return c.chooseExact(losses, x, i, values)
	}
	if d.on && d.j != j && !c.flushWithin() {
		// Another unit's weights were deferred: their refresh now, then
		// this unit's first weight is scored from the exact cache.
		return -1, 0, false, false
	}
	// Score as from the deferred state: its columns, sum and magnitudes.
	keepSum, keepMean, keepColMax := c.lossSum, c.meanLoss, 0.0
	extra := 0.0
	if d.on {
		// d.m and d.j are this parameter's unit.
		keepColMax = c.colMax[d.m][j]
		d.scoring = true
		c.lossSum, c.meanLoss = d.sum, d.sum/float64(c.rows)
		c.colMax[d.m][j] = absMax(keepColMax, d.a)
		extra = scoreTol * d.mag / float64(c.rows)
	}
	st, ok := c.scorePaths(i, values, Auto)
	cur := c.meanLoss
	if d.on {
		d.scoring = false
		c.lossSum, c.meanLoss, c.colMax[d.m][j] = keepSum, keepMean, keepColMax
	}
	if !ok {
		return -1, 0, false, false
	}
	if !st.bulk.useDown || slices.Contains(st.bulk.left, true) || slices.Contains(st.bulk.bad, true) {
		return c.chooseExact(losses, x, i, values)
	}
	curBound := 0.0
	if d.on {
		curBound = c.bound(cur, 0) + extra
	}
	k, decided := decide(st, cur, curBound, extra)
	if !decided {
		return c.chooseExact(losses, x, i, values)
	}
	// Keeping x[i] on an exact cache keeps its exact loss.
	return k, cur, k < 0 && !d.on, true
}

// decide picks from st's bulk scores (each within its bound, plus extra)
// the value Coordinate's loop would, against the current loss cur (within
// curBound); it reports false when the bounds do not separate one.
func decide(st *scoreState, cur, curBound, extra float64) (int, bool) {
	upper := cur + curBound
	for k, s := range st.scores {
		if !st.exact[k] && finite(s) {
			upper = min(upper, s+st.errBounds[k]+extra)
		}
	}
	cand, group := -1, int32(-1)
	for k, s := range st.scores {
		switch {
		case st.exact[k]:
			// The current value, or bit for bit its outputs: a tie,
			// which the current value wins.
			continue
		case math.IsNaN(s):
			// Left to an exact evaluation.
			return -1, false
		case math.IsInf(s, 0):
			// settle evaluates a non-finite score exactly; so does this.
			return -1, false
		case s-st.errBounds[k]-extra > upper:
			continue
		}
		if cand < 0 {
			cand, group = k, st.group[k]
			continue
		}
		if group >= 0 && st.group[k] == group {
			continue
		}
		return -1, false
	}
	if cand < 0 {
		return -1, true
	}
	if !(st.scores[cand]+st.errBounds[cand]+extra < cur-curBound) {
		return -1, false
	}
	return cand, true
}

// chooseExact is Choose by ScoreCoordinate's exact scores and
// Coordinate's rule.
func (c *Scorer) chooseExact(losses, x []float64, i int, values []float64) (int, float64, bool, bool) {
	if !c.ScoreCoordinate(losses, x, i, values, Auto) {
		return -1, 0, false, false
	}
	best, bestF := -1, c.meanLoss
	for k := range values {
		if f := losses[k]; finite(f) && (f < bestF || math.IsNaN(bestF)) {
			best, bestF = k, f
		}
	}
	return best, bestF, true, true
}

// ascendingFinite reports whether values has at least two values, all
// finite and strictly ascending, as the bulk path needs.
func ascendingFinite(values []float64) bool {
	if len(values) < 2 {
		return false
	}
	for k, v := range values {
		if !finite(v) || k > 0 && !(values[k-1] < v) {
			return false
		}
	}
	return true
}
