package scorer

import "math"

// grid is the candidates' moves u (value minus the current one, ascending)
// as the bulk path looks them up: where along the grid a row's kink falls.
type grid struct {
	u []float64
	// padded is u with -Inf before and +Inf after, so that index needs no
	// bounds tests; invStep is 1 over the mean step (0 when it is not
	// finite, and index then searches from the start); top is len(u).
	padded  []float64
	invStep float64
	top     float64
}

// set makes g the grid of moves u, reusing its buffer.
func (g *grid) set(u []float64) {
	n := len(u)
	g.u = u
	g.invStep = float64(n-1) / (u[n-1] - u[0])
	if !finite(g.invStep) {
		g.invStep = 0
	}
	g.padded = grow(g.padded, n+2)
	g.padded[0], g.padded[n+1] = math.Inf(-1), math.Inf(1)
	copy(g.padded[1:], u)
	g.top = float64(n)
}

// index returns the first grid index whose u is at least v (len(u) if
// none).
func (g *grid) index(v float64) int {
	return gridIndex(g.padded, g.invStep, g.top, v)
}

// gridIndex returns the first index k with u[k] >= v (n if none), given
// padded, u with -Inf before and +Inf after, invStep the inverse of its
// nearly uniform step and top = n. It equals
//
//	k := 0
//	for k < n && !(u[k] >= v) { k++ }
//
// (0 for NaN) but starts from a guess from the step, clamped with min and
// max rather than branches, then fixes it up against the stored values,
// which makes the answer exact; the padding stops it at 0 and n without
// bounds tests.
func gridIndex(padded []float64, invStep, top, v float64) int {
	if !(v >= -math.MaxFloat64) {
		v = padded[1]
	}
	k := int(min(max((v-padded[1])*invStep+1, 0), top))
	for padded[k] >= v { // u[k-1] >= v
		k--
	}
	for padded[k+1] < v { // u[k] < v
		k++
	}
	return k
}

// gridMarks are one block's integer difference arrays over grid indices
// besides the pieces: uncertain counts the marks of grid values within
// rounding of a kink (settle evaluates those exactly), boundary the piece
// boundaries, which split runs of flat values.
type gridMarks struct {
	uncertain, boundary []int32
}

// markAround marks the grid values u within d of v as uncertain, given
// k = index(v).
func markAround(u []float64, uncertain []int32, k int, v, d float64) {
	for q := k; q < len(u) && u[q] <= v+d; q++ {
		uncertain[q]++
	}
	for q := k - 1; q >= 0 && u[q] >= v-d; q-- {
		uncertain[q]++
	}
}

// boundaryAt counts a piece boundary at grid index k, when it is inside
// the grid.
func (g gridMarks) boundaryAt(k, n int) {
	if k > 0 && k < n {
		g.boundary[k]++
	}
}
