package scorer

import "math"

// scoreTol is the relative rounding bound the fast paths promise, with a
// wide margin: their measured errors are about 1e-14 of the magnitudes
// involved. A candidate whose score is within this of the best possible is
// evaluated exactly before anything is decided.
const scoreTol = 1e-11

// zTol scales the bound on a recomputed pre-activation's rounding, per term
// of its sum; a row whose fast pre-activation is closer than that to a kink
// is uncertain and never counted as unchanged or flat.
const zTol = 1e-13

// Path chooses how Objective.ScoreCoordinate scores candidates. All
// paths give the same promise (optimize.ExactCoordinateScorer); they differ
// in speed.
type Path int

const (
	// Auto uses the fastest exact path the model and loss allow: the
	// closed-form quadratic for output-layer parameters under MSE, the bulk
	// pass for the last two hidden layers when piecewise linear under MSE
	// (and, with one output, under an ErrorPieces loss such as MAE or
	// Huber: its output layer too), else the incremental path.
	Auto Path = iota
	// Incremental scores every candidate by propagating the changed
	// rows of the parameter's unit, for comparison and testing.
	Incremental
)

// scoreState is one ScoreCoordinate call's working state, kept between
// calls so nothing is allocated once it has grown.
type scoreState struct {
	i, w, j, in int // parameter, its layer, unit and input (-1: bias)
	path        Path
	m           int       // layer of the unit: w+1
	current     float64   // x[i]
	values      []float64 // the candidates
	moves       []float64 // values[k] - current
	// unitZTol bounds the rounding of unit j's fast pre-activation for
	// any candidate (zBound).
	unitZTol float64

	scores, errBounds []float64 // per candidate: score and its error bound
	exact             []bool    // per candidate: the score is exact
	// group[k]: candidates with bit-identical outputs share a group (one
	// exact evaluation); -1 none.
	group []int32
	// per group: its exact score, once settle has it
	groupScore []float64
	groupDone  []bool
	groups     int
	// evaluated[k]: settle evaluated candidate k exactly in this call.
	evaluated    []bool
	sortedValues bool    // values strictly ascending
	maxAbsMove   float64 // the largest |u| of the finite candidates
	// outOfRange: the fast paths cannot score these candidates
	// (Scorer.outOfRange); all are evaluated exactly.
	outOfRange bool
	// byBulk: the scores are the bulk path's.
	byBulk bool
	// floor bounds the outputs' absolute rounding the relative bounds
	// miss (outputFloor); margin adds its effect to a score's bound.
	floor float64

	// The paths' own state.
	blockQuadSums []float64 // per block: A, B, Σ|e·s|, count (outputQuadratic)
	incr          incrementalState
	bulk          bulkState
}

// margin is candidate k's error bound plus extra, and the effect on its
// squared error of outputs each within delta of the true ones
// (driftBound): settle's delta is the floor, Choose's adds a deferred
// or carried refresh's drift.
func (st *scoreState) margin(k int, extra, delta float64) float64 {
	b := st.errBounds[k] + extra
	return b + driftBound(st.scores[k], b, delta)
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// ScoreCoordinate brings the cache to x, then writes into losses[k] the
// loss with x[i] = values[k], scored on path: exact (bit for bit Func's)
// for every value that could be the lowest or tie the loss at x, as
// optimize.ExactCoordinateScorer promises. Objective.ScoreCoordinate is
// this plus the evaluation count. It reports false, with losses
// unwritten, when a phase it needed did not fit SetWorkLimit's cap.
func (c *Scorer) ScoreCoordinate(losses, x []float64, i int, values []float64, path Path) bool {
	n := len(values)
	losses = losses[:n]
	if c.rows == 0 {
		clear(losses)
		return true
	}
	// Bringing the cache to x: a rebuild, or an exact evaluation and a
	// commit; nothing when it is there (search's next parameter after a
	// rejected value), which must not be refused for want of budget.
	if !c.flushWithin() {
		return false
	}
	diff, at := c.differences(x)
	bound := c.syncBound(x, diff)
	if !c.afford(bound) {
		return false
	}
	start := c.Work()
	c.sync(x, diff, at)
	c.spent(start, bound, "bringing the cache to x")
	st, ok := c.scorePaths(i, values, path)
	if !ok || !c.settle(st) {
		return false
	}
	copy(losses, st.scores)
	return true
}

// scorePaths scores values for parameter i at the cache's x by path,
// every score with its error bound, before settle makes the lowest exact.
// It reports false when a phase did not fit SetWorkLimit's cap.
func (c *Scorer) scorePaths(i int, values []float64, path Path) (*scoreState, bool) {
	n := len(values)
	st := &c.score
	st.i, st.values, st.path = i, values, path
	st.w, st.j, st.in = c.where(i)
	st.m = st.w + 1
	st.current = c.x[i]
	st.moves = grow(st.moves, n)
	st.scores, st.errBounds = grow(st.scores, n), grow(st.errBounds, n)
	st.exact, st.group = grow(st.exact, n), grow(st.group, n)
	st.sortedValues = true
	st.maxAbsMove = 0
	for k, v := range values {
		u := v - st.current
		st.moves[k] = u
		st.group[k] = -1
		st.errBounds[k] = 0
		switch {
		case math.Float64bits(v) == math.Float64bits(st.current):
			st.scores[k], st.exact[k] = c.meanLoss, true
		case !finite(v):
			// Left to an exact evaluation.
			st.scores[k], st.exact[k] = math.NaN(), false
		default:
			st.exact[k] = false
			st.maxAbsMove = max(st.maxAbsMove, math.Abs(u))
		}
		if k > 0 && !(values[k-1] < v) {
			st.sortedValues = false
		}
	}
	st.groups = 0
	st.byBulk = false
	st.floor = 0
	if st.outOfRange = c.outOfRange(st); st.outOfRange {
		// Left to settle's exact evaluations, every one.
		for k := range n {
			if !st.exact[k] {
				st.scores[k] = math.NaN()
			}
		}
		return st, true
	}
	incremental := true
	var bound, start int64
	switch {
	case st.m == c.layers && c.squaredError && path == Auto:
		if bound = c.quadraticBound(st); !c.afford(bound) {
			return nil, false
		}
		start = c.Work()
		c.startPath(st)
		c.outputQuadratic(st)
		c.spent(start, bound, "the closed form")
		incremental = false
	case path == Auto && c.bulkFits(st):
		if bound = c.bulkBound(st); !c.afford(bound) {
			return nil, false
		}
		start = c.Work()
		c.startPath(st)
		incremental = !c.bulk(st)
		c.spent(start, bound, "the bulk pass")
	}
	st.byBulk = !incremental
	if incremental {
		if bound = c.incrementalBound(st); !c.afford(bound) {
			return nil, false
		}
		start = c.Work()
		c.startPath(st)
		c.incremental(st)
		c.spent(start, bound, "the incremental path")
	}
	return st, true
}

// Loss brings the cache to x and returns the mean loss there, bit for bit
// Func's (the exact evaluation and commit of one changed parameter, or a
// rebuild by Forward). It reports false, having done nothing, when that
// would not fit SetWorkLimit's cap.
func (c *Scorer) Loss(x []float64) (float64, bool) {
	if c.rows == 0 {
		return 0, true
	}
	if !c.flushWithin() {
		return 0, false
	}
	diff, at := c.differences(x)
	bound := c.syncBound(x, diff)
	if !c.afford(bound) {
		return 0, false
	}
	start := c.Work()
	c.sync(x, diff, at)
	c.spent(start, bound, "bringing the cache to x")
	return c.meanLoss, true
}

// syncBound bounds sync's work for differences' count diff: nothing when
// the cache is at x, an exact evaluation and a commit for one changed
// parameter, a rebuild (one pass, with a FirstLayer source's work in
// place of the first layer's) otherwise. Charging a rebuild two would
// refuse, under a cost cap, a batch whose pass fits.
func (c *Scorer) syncBound(x []float64, diff int) int64 {
	switch diff {
	case 0:
		return 0
	case 1:
		return 2 * c.passBound()
	}
	bound := c.passBound()
	if c.first != nil {
		// The source's work instead of the first layer's.
		bound += c.first.SyncWork(x) - int64(c.rows)*int64(c.sizes[0]*c.sizes[1])
	}
	return bound
}

// startPath does what every path needs first: unit j's rounding bound
// and the outputs' floor.
func (c *Scorer) startPath(st *scoreState) {
	st.unitZTol = c.zBound(st)
	c.work += int64(len(st.values) + c.sizes[st.w]) // the moves, zBound's terms
	st.floor = c.outputFloor(st)
}

// zBound bounds the rounding of unit j's fast pre-activation for any
// candidate: a few ulps per term of |b| + Σ|w·a| at its largest.
func (c *Scorer) zBound(st *scoreState) float64 {
	w, j := st.w, st.j
	nw := c.sizes[w]
	t := c.unitTermsAt(w, j)
	src := 1.0
	if st.in >= 0 {
		src = c.colMax[w][st.in]
	}
	t += st.maxAbsMove * src
	// A deferred column that updates moved is off Forward's by its drift.
	return zTol*float64(nw+4)*t + c.def.scoringDrift()
}

// settle evaluates exactly every candidate that could be the lowest or tie
// the current loss, so that the scores keep ExactCoordinateScorer's
// promise. Candidates of one group share one evaluation. The lowest exact
// evaluation is kept in evals[0] for the commit that follows its
// acceptance. An exact loss outside its score's bound (a NaN where the fast
// path scored a finite value: rows whose inputs overflow or are infinite)
// shows the fast scores untrustworthy for this parameter, and then every
// candidate but the current value is evaluated, none shared. It reports
// false if an evaluation did not fit the work cap.
func (c *Scorer) settle(st *scoreState) bool {
	n := len(st.values)
	upper := math.Inf(1)
	if finite(c.meanLoss) {
		upper = c.meanLoss
	}
	for k := range n {
		if finite(st.scores[k]) {
			upper = min(upper, st.scores[k]+st.margin(k, 0, st.floor))
		}
	}
	st.groupScore = grow(st.groupScore, st.groups)
	st.groupDone = grow(st.groupDone, st.groups)
	clear(st.groupDone)
	st.evaluated = grow(st.evaluated, n)
	clear(st.evaluated)
	for k := range n {
		g := st.group[k]
		if g >= 0 && st.exact[k] {
			st.groupScore[g], st.groupDone[g] = st.scores[k], true
		}
	}
	c.evals[0].ok = false
	best := math.Inf(1)
	evaluate := func(k int) bool {
		bound := c.passBound()
		if !c.afford(bound) {
			c.evals[0].ok = false
			return false
		}
		start := c.Work()
		p := c.evals[1]
		c.exactEval(p, st.i, st.values[k])
		c.spent(start, bound, "an exact evaluation")
		st.scores[k], st.exact[k], st.evaluated[k] = p.meanLoss, true, true
		if finite(p.meanLoss) && p.meanLoss < best {
			best = p.meanLoss
			c.evals[0], c.evals[1] = p, c.evals[0]
		}
		return true
	}
	trusted := true
	for k := range n {
		if st.exact[k] || finite(st.scores[k]) && st.scores[k]-st.margin(k, 0, st.floor) > upper {
			continue
		}
		g := st.group[k]
		if g >= 0 && st.groupDone[g] {
			st.scores[k], st.exact[k] = st.groupScore[g], true
			continue
		}
		score, errBound := st.scores[k], st.margin(k, 0, st.floor)
		if !evaluate(k) {
			return false
		}
		if g >= 0 {
			st.groupScore[g], st.groupDone[g] = st.scores[k], true
		}
		if finite(score) && !(math.Abs(st.scores[k]-score) <= errBound) {
			trusted = false
			break
		}
	}
	if trusted {
		return true
	}
	// Every candidate not yet evaluated but the current value, whose loss
	// is the cache's: the shares and the skips rested on the scores.
	for k := range n {
		if st.evaluated[k] || math.Float64bits(st.values[k]) == math.Float64bits(st.current) {
			continue
		}
		if !evaluate(k) {
			return false
		}
	}
	return true
}

// bound is a candidate's error bound from its score s and the summed
// magnitude mag of the row losses it touched.
func (c *Scorer) bound(s, mag float64) float64 {
	return scoreTol * (math.Abs(s) + math.Abs(c.meanLoss) + c.lossScale + mag/float64(c.rows))
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
