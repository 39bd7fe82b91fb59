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
	m           int // layer of the unit: w+1
	p           float64
	values      []float64
	u           []float64 // values[k] - p
	tolZ        float64

	s, e    []float64 // scores and their error bounds
	isExact []bool
	group   []int32 // candidates with bit-identical outputs share a group; -1 none

	// per block, per candidate partials of the incremental path
	bD, bM            []float64
	bChanged, bNotOff []int32
	// per group: its exact score, once settle has it
	groupVal     []float64
	groupDone    []bool
	quad         []float64 // per block: A, B, Σ|e·s|, count (outputQuadratic)
	nGroups      int
	sortedValues bool    // values strictly ascending
	absUMx       float64 // the largest |u| of the finite candidates
	bulk         bulkState
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// ScoreCoordinate implements Objective.ScoreCoordinate.
func (c *Scorer) ScoreCoordinate(losses, x []float64, i int, values []float64, path Path) {
	c.sync(x)
	n := len(values)
	losses = losses[:n]
	if c.rows == 0 {
		clear(losses)
		return
	}
	st := &c.score
	st.i, st.values = i, values
	st.w, st.j, st.in = c.where(i)
	st.m = st.w + 1
	st.p = c.x[i]
	st.u = grow(st.u, n)
	st.s, st.e = grow(st.s, n), grow(st.e, n)
	st.isExact, st.group = grow(st.isExact, n), grow(st.group, n)
	st.sortedValues = true
	st.absUMx = 0
	for k, v := range values {
		u := v - st.p
		st.u[k] = u
		st.group[k] = -1
		st.e[k] = 0
		switch {
		case math.Float64bits(v) == math.Float64bits(st.p):
			st.s[k], st.isExact[k] = c.f, true
		case !finite(v):
			// Left to an exact evaluation.
			st.s[k], st.isExact[k] = math.NaN(), false
		default:
			st.isExact[k] = false
			st.absUMx = max(st.absUMx, math.Abs(u))
		}
		if k > 0 && !(values[k-1] < v) {
			st.sortedValues = false
		}
	}
	st.nGroups = 0
	st.tolZ = c.zBound(st)
	switch {
	case st.m == c.nl && c.mse && path == Auto:
		c.outputQuadratic(st)
	case path == Auto && c.bulkFits(st):
		c.bulk(st)
	default:
		c.incremental(st)
	}
	c.settle(st)
	copy(losses, st.s)
}

// zBound bounds the rounding of unit j's fast pre-activation for any
// candidate: a few ulps per term of |b| + Σ|w·a| at its largest.
func (c *Scorer) zBound(st *scoreState) float64 {
	w, j := st.w, st.j
	nw := c.sizes[w]
	off := c.model.WeightOffset(w)
	row := c.x[off+j*nw : off+j*nw+nw]
	t := math.Abs(c.x[off+nw*c.sizes[w+1]+j])
	cm := c.colMax[w]
	for k, v := range row {
		t += math.Abs(v) * cm[k]
	}
	src := 1.0
	if st.in >= 0 {
		src = cm[st.in]
	}
	t += st.absUMx * src
	return zTol * float64(nw+4) * t
}

// settle evaluates exactly every candidate that could be the lowest or tie
// the current loss, so that the scores keep ExactCoordinateScorer's
// promise. Candidates of one group share one evaluation. The lowest exact
// evaluation is kept in pend[0] for the commit that follows its acceptance.
func (c *Scorer) settle(st *scoreState) {
	n := len(st.values)
	upper := math.Inf(1)
	if finite(c.f) {
		upper = c.f
	}
	for k := range n {
		if finite(st.s[k]) {
			upper = min(upper, st.s[k]+st.e[k])
		}
	}
	st.groupVal = grow(st.groupVal, st.nGroups)
	st.groupDone = grow(st.groupDone, st.nGroups)
	clear(st.groupDone)
	for k := range n {
		g := st.group[k]
		if g >= 0 && st.isExact[k] {
			st.groupVal[g], st.groupDone[g] = st.s[k], true
		}
	}
	c.pend[0].ok = false
	best := math.Inf(1)
	for k := range n {
		if st.isExact[k] || finite(st.s[k]) && st.s[k]-st.e[k] > upper {
			continue
		}
		g := st.group[k]
		if g >= 0 && st.groupDone[g] {
			st.s[k], st.isExact[k] = st.groupVal[g], true
			continue
		}
		p := c.pend[1]
		c.exactEval(p, st.i, st.values[k])
		st.s[k], st.isExact[k] = p.f, true
		if g >= 0 {
			st.groupVal[g], st.groupDone[g] = p.f, true
		}
		if finite(p.f) && p.f < best {
			best = p.f
			c.pend[0], c.pend[1] = p, c.pend[0]
		}
	}
}

// bound is a candidate's error bound from its score s and the summed
// magnitude mag of the row losses it touched.
func (c *Scorer) bound(s, mag float64) float64 {
	return scoreTol * (math.Abs(s) + math.Abs(c.f) + c.tl + mag/float64(c.rows))
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
