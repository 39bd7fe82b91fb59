package scorer

import "math"

// The bulk path's rows under MSE when the net has one output, the
// notebook's case and the common one (unit j piecewise linear with a
// negative slope sigma >= 0: ReLU, leaky ReLU, identity). A row's output
// error is then a piecewise linear function G of the unit's pre-activation
// t = z0 + beta·u (beta != 0 the parameter's input, u the candidate's
// move): one kink at t = 0 in the last hidden layer, the downstream
// cache's kinks one layer earlier (see buildDown). What the kernels add
// up equals, but for rounding,
//
//	for k := range u {
//		for r := range rows {
//			e := G_r(z0[r] + beta[r]*u[k])  // the row's new error
//			total[k] += e*e - e0[r]*e0[r]   // e0: its error now
//		}
//	}
//
// computed as a quadratic in u per piece: the piece at the grid's first
// value goes to the block's running sums, and each kink the row crosses
// inside the grid adds, at its grid index, the difference between the
// pieces on its two sides: crossings need no sorting, and a row that
// crosses none touches no array. Rows with a non-finite value are left to
// the general kernels, which give them the same treatment as every other
// unit.

// reluShallowRows does b's rows for a unit of the last hidden layer,
// whose output weight is w and negative slope sigma >= 0, and appends to
// left the rows it leaves.
func (task *bulkTask) reluShallowRows(b *bulkRows, left []int32, w, sigma float64) []int32 {
	c, st := task.c, task.st
	p, g, marks := b.sink, &st.bulk.grid, b.marks
	srcCol, zc, ac := b.input, b.z, b.a
	lo, hi := b.lo, b.hi
	u := st.moves
	n := len(u)
	u0, uN := u[0], u[n-1]
	d := st.bulk.kinkTol[0] // the kink's rounding bound in t
	out := c.scoredOutputs()
	y, td := c.data.Y, c.data.TargetDim
	onSl, offSl := int32(0), int32(0)
	if w != 0 {
		onSl = 1
		if sigma != 0 {
			offSl = 1
		}
	}
	if w-w != 0 {
		for r := lo; r < hi; r++ {
			left = append(left, int32(r))
		}
		return left
	}
	for r := lo; r < hi; r++ {
		beta := 1.0
		if srcCol != nil {
			if beta = srcCol[r]; beta == 0 {
				continue
			}
		}
		z0, a0 := zc[r], ac[r]
		e := out[r] - y[r*td]
		if e-e != 0 || a0-a0 != 0 || z0-z0 != 0 {
			left = append(left, int32(r))
			continue
		}
		tA, tB := z0+beta*u0, z0+beta*uN
		tLo, tHi := min(tA, tB), max(tA, tB)
		if sigma == 0 && a0 == 0 && tHi < -d {
			// A ReLU off now and on the whole grid, away from the kink:
			// the row does not change.
			continue
		}
		// Below the kink (t <= 0) the error is e + w·(sigma·t - a0),
		// which is e itself for a ReLU off now; above it, e + w·(t - a0).
		e2 := e * e
		off0, off1 := e+w*(sigma*z0-a0), w*sigma*beta
		if sigma == 0 {
			off0, off1 = e-w*a0, 0
		}
		on0, on1 := e+w*(z0-a0), w*beta
		off := quadPiece{off1 * off1, 2 * off0 * off1, off0*off0 - e2, off0*off0 + e2}
		on := quadPiece{on1 * on1, 2 * on0 * on1, on0*on0 - e2, on0*on0 + e2}
		if tA > 0 {
			p.addFirst(on, onSl)
		} else {
			p.addFirst(off, offSl)
		}
		if 0 < tLo-d || 0 > tHi+d {
			continue
		}
		inv := 1 / beta
		x := -z0 * inv
		k := g.index(x)
		markAround(u, marks.uncertain, k, x, d*math.Abs(inv))
		if 0 < tLo || 0 >= tHi {
			continue
		}
		if beta > 0 {
			p.step(k, on.minus(off), onSl-offSl)
		} else {
			p.step(k, off.minus(on), offSl-onSl)
		}
		marks.boundaryAt(k, n)
	}
	return left
}

// reluDeepRows does b's rows for a unit of the last-but-one hidden
// layer from the downstream cache (any negative slope >= 0, see
// buildDown), and appends to left the rows it leaves.
func (task *bulkTask) reluDeepRows(b *bulkRows, left []int32) []int32 {
	c, st := task.c, task.st
	bs := &st.bulk
	dc := &c.down
	p, g, marks := b.sink, &bs.grid, b.marks
	srcCol, zc, ac := b.input, b.z, b.a
	in := task.deepInputs()
	u, n, u0, uN, tol, dMax := in.u, len(in.u), in.u[0], in.u[len(in.u)-1], in.kinkTol, in.maxKinkTol
	out, y, td, relu := in.out, in.y, in.targetDim, in.relu
	for r := b.lo; r < b.hi; r++ {
		beta := 1.0
		if srcCol != nil {
			if beta = srcCol[r]; beta == 0 {
				continue
			}
		}
		slotRow := bs.downBase + r
		nk := int(dc.kinkCount[slotRow])
		if nk < 0 {
			left = append(left, int32(r))
			continue
		}
		z0, a0 := zc[r], ac[r]
		tA, tB := z0+beta*u0, z0+beta*uN
		tLo, tHi := min(tA, tB), max(tA, tB)
		off := relu && a0 == 0 // a ReLU off now
		if off && tHi < -dMax {
			// Off now and on the whole grid, away from every kink: the
			// row does not change.
			continue
		}
		e := out[r] - y[r*td]
		kinks, units := dc.rowKinks(slotRow, nk)
		intercept, slope, open := dc.rowLines(slotRow, nk)
		e2 := e * e
		// The cached lines are within a few ulps of lineMag (see
		// downCache.termMag), which goes into the magnitudes: the error's
		// error dc times 2|c0| is at most dc² + c0², and c0² is in Ca
		// already.
		lineMag := dc.lineMag(slotRow, st.j, tLo, tHi)
		lineMag2 := lineMag * lineMag
		// piece is segment s's quadratic in u; below t = 0 (s = 0) a
		// ReLU is off, which changes nothing when it is off now.
		piece := func(s int) (q quadPiece, sl int32) {
			c0 := intercept[s] + slope[s]*z0
			if s == 0 && off {
				c0 = e
			}
			q.c, q.mag = c0*c0-e2, c0*c0+e2+lineMag2
			if open[s] {
				c1 := slope[s] * beta
				q.a, q.b, sl = c1*c1, 2*c0*c1, 1
			}
			return q, sl
		}
		p.addFirst(piece(kinksBelow(kinks, tA)))
		inv := 1 / beta
		invAbs := math.Abs(inv)
		for i := kinksBelow(kinks, tLo-dMax); i < len(kinks); i++ {
			kt := kinks[i]
			if kt > tHi+dMax {
				break
			}
			d := tol[units[i]]
			x := (kt - z0) * inv
			k := g.index(x)
			markAround(u, marks.uncertain, k, x, d*invAbs)
			if kt < tLo || kt >= tHi {
				continue
			}
			// Crossing kink i as u grows takes the row from segment i
			// to i+1 when beta > 0, from i+1 to i when beta < 0.
			q0, sl0 := piece(i)
			q1, sl1 := piece(i + 1)
			if beta > 0 {
				p.step(k, q1.minus(q0), sl1-sl0)
			} else {
				p.step(k, q0.minus(q1), sl0-sl1)
			}
			marks.boundaryAt(k, n)
		}
	}
	return left
}

// deepInputs is what the downstream-cache kernels (reluDeepRows,
// lossDeepRows) read for every row.
type deepInputs struct {
	u          []float64 // the moves
	out, y     []float64 // the outputs and targets
	targetDim  int
	kinkTol    []float64 // the kinks' rounding bounds in t (bulkState)
	maxKinkTol float64
	relu       bool // layer m is ReLU
}

func (task *bulkTask) deepInputs() deepInputs {
	c, st := task.c, task.st
	in := deepInputs{
		u:   st.moves,
		out: c.scoredOutputs(), y: c.data.Y, targetDim: c.data.TargetDim,
		kinkTol: st.bulk.kinkTol, relu: c.down.sigma == 0,
	}
	for _, d := range in.kinkTol {
		in.maxKinkTol = max(in.maxKinkTol, d)
	}
	return in
}

// kinksBelow is the number of kinks, ascending, below t:
//
//	n := 0
//	for _, k := range kinks {
//		if k < t {
//			n++
//		}
//	}
//
// by bisection: a row's grid reaches few of its kinks, so the kernels
// find where it starts instead of stepping through all of them.
func kinksBelow(kinks []float64, t float64) int {
	lo, hi := 0, len(kinks)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if kinks[mid] < t {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}
