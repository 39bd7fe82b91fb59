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
// can, without evaluating the winner, and an accepted weight of a unit of
// the last two hidden layers is then deferred: the cache stays exactly at
// the base it had, unit j's current column is kept beside it (Forward's
// bits), and each row's current output is read, within its rounding, from
// the downstream lines at the unit's new pre-activation (a unit of the
// last-but-one layer whose downstream rows are cached) or from the base
// output moved by the unit's output weight times its change (a unit of the
// last hidden layer). The next weights of the unit are scored from those,
// with the deferred rows' rounding added to every bound. Anything else
// first flushes: one exact evaluation of the current x against the base
// and its commit, the work the plain path's cache would have done once.
type deferral struct {
	on bool
	// scoring: a bulk pass reads z, a and out instead of the cache's.
	scoring bool
	m, j    int // the unit
	last    int // the parameter deferred last, which the flush evaluates
	// z, a: unit j's pre-activation and activation at x, by row; out:
	// each row's output (the base's where a is the base's; else target
	// plus the error the downstream lines give, for a unit of the
	// last-but-one layer, or the base output moved by the unit's output
	// weight times its change, for one of the last hidden layer).
	z, a, out []float64
	// sum: the row losses' sum at x, from those outputs; mag: the
	// magnitudes of the deferred rows' errors and lines, for the bounds.
	sum, mag float64
	// drift bounds |z[r] - Forward's pre-activation| over the rows: 0
	// when z is Forward's column, more once a unit of the last hidden
	// layer has been moved by updates (columnUpdate); steps counts them.
	drift float64
	steps int
	// termsMax is the largest |b| + Σ|w·a| of the unit since its column
	// was last formed afresh, for Forward's own rounding in drift;
	// updateErr the updates' own rounding.
	termsMax, updateErr float64
}

// maxColumnUpdates caps the updates of a deferred column before it is
// formed afresh, so its drift stays far inside the bounds' margins.
const maxColumnUpdates = 256

// deferrable reports whether parameter i may be deferred, and its layer
// and unit: under Defers, a weight of a piecewise linear unit of the
// last hidden layer, or a weight of the layer the downstream cache serves
// when the layer after it is piecewise linear too (deferAccept then
// needs the unit's slot ready), or a bias of that layer when carrying
// pays (and the window its scoring built holds the move), not of a first
// layer summed in blocks.
func (c *Scorer) deferrable(i int) (m, j int, ok bool) {
	w, j, in := c.where(i)
	m = w + 1
	if !c.Defers() || m == c.layers || m == 1 && c.blocks.sums != nil || !c.piecewise[m-1] {
		return m, j, false
	}
	deep := m == c.down.m && c.down.nextWidth > 0 && c.piecewise[m]
	if in < 0 {
		// A deferred bias saves work only when the next unit carries
		// it: its flush would be the exact evaluation and commit the
		// exact path does, after a bulk pass that may be repeated.
		return m, j, deep && c.carryPays()
	}
	return m, j, deep || m == c.layers-1
}

// Defers reports whether Choose may defer any parameter's refresh: MSE
// with one output on a net with a hidden layer, no work cap and no
// FirstLayer source.
func (c *Scorer) Defers() bool {
	return c.workLimit < 0 && c.first == nil && c.squaredError && c.lossPieces == nil &&
		c.sizes[c.layers] == 1 && c.layers >= 2
}

// canDefer reports whether accepting v for parameter i, of unit j of
// layer m, may be deferred now: it is deferrable, no other unit's refresh
// is deferred, and a unit of the last-but-one layer has its downstream
// rows ready, or for a bias those of the window its grid was scored in,
// which v's move is inside.
func (c *Scorer) canDefer(i int, v float64) bool {
	m, j, ok := c.deferrable(i)
	d := &c.def
	if !ok || d.on && (d.m != m || d.j != j) {
		return false
	}
	if m == c.layers-1 || c.slotReady(j) {
		return true
	}
	// The window's moves are from the bias the cache holds: none of
	// unit j's parameters may be deferred over it.
	_, _, in := c.where(i)
	return in < 0 && !d.on && c.down.windowHolds(j, v-c.x[i])
}

// scoredUnit is unit j of layer m's pre-activation and activation
// columns as a bulk pass reads them: the deferred ones while Choose scores
// from a deferred refresh (def.scoring, the unit's own), else the cache's.
func (c *Scorer) scoredUnit(m, j int) (z, a []float64) {
	if d := &c.def; d.scoring {
		return d.z, d.a
	}
	rows := c.rows
	return c.pre[m][j*rows : (j+1)*rows], c.act[m][j*rows : (j+1)*rows]
}

// scoringDrift is the drift of the column a bulk pass reads: the
// deferred one's while Choose scores from it, else 0 (the cache's is
// Forward's).
func (d *deferral) scoringDrift() float64 {
	if d.scoring {
		return d.drift
	}
	return 0
}

// scoredOutputs is the rows' outputs as a bulk pass reads them, deferred
// or the cache's, as scoredUnit.
func (c *Scorer) scoredOutputs() []float64 {
	if c.def.scoring {
		return c.def.out
	}
	return c.pre[c.layers][:c.rows]
}

// slotReady reports whether unit j's downstream rows are all up to date.
func (c *Scorer) slotReady(j int) bool {
	dc := &c.down
	s := dc.slot(j)
	return dc.valid[s] && dc.unit[s] == j && !dc.partial[s]
}

// flush brings the cache from its base to x when a refresh is deferred,
// or exactly to x by a rebuild when one is carried.
func (c *Scorer) flush() {
	d := &c.def
	if c.carry.on {
		c.rebuild(c.x)
		return
	}
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
	if !c.def.on && !c.carry.on {
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

// deferAccept sets x[i] = v, a weight of unit j of layer m (canDefer),
// and defers its refresh; it flushes instead if a changed row has no
// downstream lines or the loss sum or magnitudes are not finite.
func (c *Scorer) deferAccept(i int, v float64) {
	d := &c.def
	w, j, in := c.where(i)
	m := w + 1
	rows := c.rows
	if d.z == nil {
		d.z, d.a, d.out = make([]float64, rows), make([]float64, rows), make([]float64, rows)
	}
	update := d.on && d.m == m && d.j == j && m == c.layers-1 && d.steps < maxColumnUpdates
	u := v - c.x[i]
	d.on, d.m, d.j, d.last = true, m, j, i
	c.x[i] = v
	c.dropFirstTerms(i)
	c.invalidatePrefix(m, j, in)
	c.evals[0].ok, c.evals[1].ok = false, false
	switch {
	case update && finite(u):
		c.columnUpdate(w, j, in, u)
	case in < 0:
		// A bias: the column afresh, as the exact path forms it.
		c.biasColumn(d.z, m, j, 0)
		c.work += int64(rows) * int64(c.sizes[w]+1)
		d.drift, d.steps, d.termsMax, d.updateErr = 0, 0, 0, 0
	default:
		// Unit j's column as Forward forms it, from its sums over the
		// inputs before in, which stay valid while the unit's later
		// weights move.
		c.unitSums.start(m, j, in)
		c.work += int64(rows) * int64(c.sizes[w]-max(c.unitSums.from, 0)+1)
		c.weightColumn(d.z, m, j, in, 0, rows)
		c.unitSums.inputs = in
		d.drift, d.steps, d.termsMax, d.updateErr = 0, 0, 0, 0
	}
	c.applyLayer(m, d.a, d.z)
	c.work += 4 * int64(rows)
	sum, mag, ok := 0.0, 0.0, true
	if m == c.layers-1 {
		sum, mag = c.shallowOutputs(j)
	} else {
		sum, mag, ok = c.deepOutputs(j)
	}
	if !ok || !finite(sum) || !finite(mag) || beyond(v) || !finite(d.drift) {
		c.flush()
		return
	}
	d.sum, d.mag = sum, mag
}

// columnUpdate moves the deferred column of unit j of the last hidden
// layer by weight in's change u, one multiply-add a row instead of the
// terms from in on that Forward's bits need (a unit of the wide net has
// 64 inputs), and adds the update's rounding to def.drift. The drift is
// measured against Forward's column, which itself rounds: it covers
// Forward's error at the base and at x, (nw+2)·eps of the largest
// |b| + Σ|w·a| each, and each update's two roundings, of u·a and of the
// sum. Choose adds the drift to the unit's kink tolerance and its effect
// on the losses to every bound (driftBound); the flush forms the column
// afresh.
func (c *Scorer) columnUpdate(w, j, in int, u float64) {
	d := &c.def
	rows := c.rows
	src := c.act[w][in*rows : (in+1)*rows]
	z := d.z[:len(src)]
	for r, a := range src {
		// float64(...) keeps the product rounded, the same on every
		// platform, rather than fused into the sum.
		z[r] += float64(u * a)
	}
	t := c.unitTermsAt(w, j)
	// |b| + Σ|w·a| at x bounds |z| at x; before the update, with weight
	// in's term u larger at most, it bounds the previous |z|.
	moved := math.Abs(u) * c.colMax[w][in]
	d.termsMax = max(d.termsMax, t+moved)
	d.updateErr += 2.1 * unitRoundoff * (t + 2*moved + d.drift)
	d.drift = d.updateErr + sumRounding(c.sizes[w], d.termsMax)
	d.steps++
	c.work += 2 * int64(rows)
}

// driftBound bounds how far a mean squared error s (within b) formed
// from outputs each within delta of the true ones can be from the true
// mean: |Σ(e+δ)² - Σe²| <= 2δ·Σ|e| + Rδ² <= R(2δ·sqrt(L) + δ²), and
// sqrt(L) <= sqrt(s+b) + δ.
func driftBound(s, b, delta float64) float64 {
	if delta == 0 {
		return 0
	}
	return 2*delta*math.Sqrt(math.Abs(s)+b) + 3*delta*delta
}

// deepOutputs sets def.out for unit j of the last-but-one hidden layer
// from its downstream lines at the new pre-activations, and returns the
// row losses' sum and the deferred rows' magnitudes; false if a changed
// row has no lines.
func (c *Scorer) deepOutputs(j int) (sum, mag float64, ok bool) {
	d := &c.def
	rows := c.rows
	baseA := c.act[d.m][j*rows : (j+1)*rows]
	out := c.pre[c.layers][:rows]
	y, td := c.data.Y, c.data.TargetDim
	dc := &c.down
	slot := dc.slot(j) * rows
	for r := range rows {
		if math.Float64bits(d.a[r]) == math.Float64bits(baseA[r]) {
			d.out[r] = out[r]
			sum += c.rowLoss[r]
			continue
		}
		R := slot + r
		nk := int(dc.kinkCount[R])
		if nk < 0 {
			return 0, 0, false
		}
		kinks, _ := dc.rowKinks(R, nk)
		intercept, slope, _ := dc.rowLines(R, nk)
		t := d.z[r]
		s := kinksBelow(kinks, t)
		e := intercept[s] + slope[s]*t
		yr := y[r*td]
		d.out[r] = yr + e
		e = d.out[r] - yr
		sum += float64(e * e)
		lm := dc.lineMag(R, j, t, t)
		mag += e*e + yr*yr + lm*lm
	}
	return sum, mag, true
}

// shallowOutputs sets def.out for unit j of the last hidden layer: a
// changed row's base output moved by the unit's output weight times its
// activation's change. Forward's output sums the same terms with the new
// one in place of the old, so the two differ by the rounding of sums of
// at most the base's term magnitude (outTerms) and the two terms of unit
// j, which go into the magnitudes with the outputs.
func (c *Scorer) shallowOutputs(j int) (sum, mag float64) {
	d := &c.def
	rows, nl := c.rows, c.layers
	baseA := c.act[d.m][j*rows : (j+1)*rows]
	out := c.pre[nl][:rows]
	y, td := c.data.Y, c.data.TargetDim
	wo := c.x[c.model.WeightOffset(nl-1)+j]
	woAbs := math.Abs(wo)
	for r := range rows {
		a, a0 := d.a[r], baseA[r]
		if math.Float64bits(a) == math.Float64bits(a0) {
			d.out[r] = out[r]
			sum += c.rowLoss[r]
			continue
		}
		o := out[r] + float64(wo*float64(a-a0))
		d.out[r] = o
		e := o - y[r*td]
		sum += float64(e * e)
		lm := c.outTerms[r] + woAbs*(math.Abs(a)+math.Abs(a0))
		mag += e*e + o*o + out[r]*out[r] + lm*lm
	}
	return sum, mag
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
	if diff == 1 && at >= 0 && c.canDefer(at, x[at]) {
		c.deferAccept(at, x[at])
		diff = 0
	}
	if diff != 0 && !c.flushWithin() {
		return -1, 0, false, false
	}
	if diff != 0 {
		if !c.afford(c.syncBound(x, diff)) {
			return -1, 0, false, false
		}
		c.sync(x, diff, at)
	}
	m, j, ok := c.deferrable(i)
	if !ok || !ascendingFinite(values) {
		// Not a deferrable weight, or values the bulk path does not
		// take (bulkFits).
		return c.chooseExact(losses, x, i, values)
	}
	switch {
	case c.canCarry(m, j):
		// Another unit of the layer was deferred: carried into the
		// cache, within the drift the bounds take.
		c.carryDeferred()
	case d.on && (d.m != m || d.j != j) || c.carry.on && m != c.down.m ||
		d.on && m == c.down.m && !c.slotReady(j):
		// Another unit's weights were deferred, or a carried cache
		// serves no other layer, or this unit's bias was deferred on
		// a window and its slot must be built, from the base: the
		// refresh now, then this parameter is scored from the exact
		// cache.
		if !c.flushWithin() {
			return -1, 0, false, false
		}
	}
	// Score as from the deferred state: its columns, sum and magnitudes.
	keepSum, keepMean, keepColMax := c.lossSum, c.meanLoss, 0.0
	extra, delta := 0.0, 0.0
	if d.on {
		// d.m and d.j are this parameter's unit.
		keepColMax = c.colMax[d.m][j]
		d.scoring = true
		c.lossSum, c.meanLoss = d.sum, d.sum/float64(c.rows)
		// An activation moves by at most its largest slope times the
		// pre-activation's drift (a piecewise linear unit's slope
		// below 0 may exceed 1).
		slope := max(1, math.Abs(c.negSlope[d.m-1]))
		c.colMax[d.m][j] = absMax(keepColMax, d.a) + slope*d.drift
		extra = scoreTol * d.mag / float64(c.rows)
		if d.drift > 0 {
			// A unit of the last hidden layer: an output moves by
			// the output weight times the activation's move.
			delta = math.Abs(c.x[c.model.WeightOffset(c.layers-1)+j]) * slope * d.drift
		}
	}
	if c.carry.on {
		delta += c.carry.outDrift
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
	if st.outOfRange || c.carry.on && !st.byBulk || st.bulk.deep && !st.bulk.useDown || slices.Contains(st.bulk.left, true) || slices.Contains(st.bulk.bad, true) {
		return c.chooseExact(losses, x, i, values)
	}
	delta += st.floor
	curBound := 0.0
	if d.on || c.carry.on {
		curBound = c.bound(cur, 0) + extra
		curBound += driftBound(cur, curBound, delta)
	}
	k, decided := decide(st, cur, curBound, extra, delta)
	if !decided {
		return c.chooseExact(losses, x, i, values)
	}
	// Keeping x[i] on an exact cache keeps its exact loss.
	return k, cur, k < 0 && !d.on && !c.carry.on, true
}

// decide picks from st's bulk scores (each within its bound, plus extra
// and the drift of outputs within delta, driftBound) the value
// Coordinate's loop would, against the current loss cur (within
// curBound); it reports false when the bounds do not separate one.
func decide(st *scoreState, cur, curBound, extra, delta float64) (int, bool) {
	margin := func(k int) float64 { return st.margin(k, extra, delta) }
	upper := cur + curBound
	for k, s := range st.scores {
		if !st.exact[k] && finite(s) {
			upper = min(upper, s+margin(k))
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
		case s-margin(k) > upper:
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
	if !(st.scores[cand]+margin(cand) < cur-curBound) {
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
