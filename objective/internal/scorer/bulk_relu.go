package scorer

import "math"

// The bulk path's rows under MSE when the net has one output, the
// notebook's case and the common one (unit j piecewise linear with a
// negative slope sigma >= 0: ReLU, leaky ReLU, identity). A row's output
// error is then a
// piecewise linear function G of the unit's pre-activation t = z0 + beta·u
// (beta != 0 the source's value, u the candidate's move): one kink at
// t = 0 in the last hidden layer, the downstream cache's kinks one layer
// earlier (see buildDown). The piece at the grid's first value goes to the
// block's running sums, and each kink the row crosses inside the grid
// adds, at its grid index, the difference between the pieces on its two
// sides: crossings need no sorting, and a row that crosses none touches no
// array. Rows with a non-finite value are left to bulkBlock's general
// loop, which gives them the same treatment as every other unit.

// reluShallowRows does rows lo..hi-1 for a unit of the last hidden layer,
// whose output weight is w and negative slope sigma >= 0, and appends to
// left the rows it leaves.
func (c *Scorer) reluShallowRows(p *pieceSink, left []int32, lo, hi int,
	srcCol, zc, ac []float64, w, sigma float64, unc, bnd []int32) []int32 {
	st := &c.score
	u := st.u
	n := len(u)
	u0, uN := u[0], u[n-1]
	d := st.bulk.tolA[0] // the kink's rounding bound in t
	out := c.pre[c.nl][:c.rows]
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
		offA, offB, offC, offCa := off1*off1, 2*off0*off1, off0*off0-e2, off0*off0+e2
		onA, onB, onC, onCa := on1*on1, 2*on0*on1, on0*on0-e2, on0*on0+e2
		if tA > 0 {
			p.add0(onA, onB, onC, onCa, onSl)
		} else {
			p.add0(offA, offB, offC, offCa, offSl)
		}
		if 0 < tLo-d || 0 > tHi+d {
			continue
		}
		inv := 1 / beta
		x := -z0 * inv
		k := c.index(x)
		markAround(u, unc, k, x, d*math.Abs(inv))
		if 0 < tLo || 0 >= tHi {
			continue
		}
		if beta > 0 {
			p.step(k, onA-offA, onB-offB, onC-offC, onCa-offCa, onSl-offSl)
		} else {
			p.step(k, offA-onA, offB-onB, offC-onC, offCa-onCa, offSl-onSl)
		}
		if k > 0 && k < n {
			bnd[k]++
		}
	}
	return left
}

// reluDeepRows does rows lo..hi-1 for a unit of the last-but-one hidden
// layer from the downstream cache (any negative slope >= 0, see
// buildDown), and appends to left the rows it leaves.
func (c *Scorer) reluDeepRows(p *pieceSink, left []int32, lo, hi int,
	srcCol, zc, ac []float64, unc, bnd []int32) []int32 {
	st := &c.score
	bs := &st.bulk
	dc := &c.down
	u, n, u0, uN, out, y, td, tol, dMax, relu := c.deepRowsSetup()
	for r := lo; r < hi; r++ {
		beta := 1.0
		if srcCol != nil {
			if beta = srcCol[r]; beta == 0 {
				continue
			}
		}
		R := bs.downBase + r
		nk := int(dc.nb[R])
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
		kinks, units, g0, g1, open := dc.row(R, nk)
		e2 := e * e
		// The cached lines are within a few ulps of ma (see
		// downCache.mag0), which goes into the magnitudes: the error's
		// error dc times 2|c0| is at most dc² + c0², and c0² is in Ca
		// already.
		ma := dc.lineMag(R, st.j, tLo, tHi)
		ma2 := ma * ma
		// piece is segment s's quadratic in u; below t = 0 (s = 0) a
		// ReLU is off, which changes nothing when it is off now.
		piece := func(s int) (A, B, C, Ca float64, sl int32) {
			c0 := g0[s] + g1[s]*z0
			if s == 0 && off {
				c0 = e
			}
			C, Ca = c0*c0-e2, c0*c0+e2+ma2
			if open[s] {
				c1 := g1[s] * beta
				A, B, sl = c1*c1, 2*c0*c1, 1
			}
			return
		}
		s0 := 0
		for _, k := range kinks {
			if k < tA {
				s0++
			}
		}
		p.add0(piece(s0))
		inv := 1 / beta
		invAbs := math.Abs(inv)
		for i, kt := range kinks {
			if kt < tLo-dMax {
				continue
			}
			if kt > tHi+dMax {
				break
			}
			d := tol[units[i]]
			x := (kt - z0) * inv
			k := c.index(x)
			markAround(u, unc, k, x, d*invAbs)
			if kt < tLo || kt >= tHi {
				continue
			}
			// Crossing kink i as u grows takes the row from segment i
			// to i+1 when beta > 0, from i+1 to i when beta < 0.
			A0, B0, C0, Ca0, sl0 := piece(i)
			A1, B1, C1, Ca1, sl1 := piece(i + 1)
			if beta > 0 {
				p.step(k, A1-A0, B1-B0, C1-C0, Ca1-Ca0, sl1-sl0)
			} else {
				p.step(k, A0-A1, B0-B1, C0-C1, Ca0-Ca1, sl0-sl1)
			}
			if k > 0 && k < n {
				bnd[k]++
			}
		}
	}
	return left
}

// add0 adds a row's piece at the grid's first value to the running sums.
func (p *pieceSink) add0(A, B, C, Ca float64, sl int32) {
	p.sA += A
	p.sB += B
	p.sC += C
	p.sCa += Ca
	p.sCnt += sl
}

// step adds a change of a row's piece at grid index k.
func (p *pieceSink) step(k int, A, B, C, Ca float64, sl int32) {
	p.dA[k] += A
	p.dB[k] += B
	p.dC[k] += C
	p.dCa[k] += Ca
	p.cnt[k] += sl
}

// deepRowsSetup is what the downstream-cache kernels (reluDeepRows,
// lossDeepRows) read for every row: the moves u and their count and ends,
// the outputs and targets, the kinks' tolerances in t and the largest of
// them, and whether layer m is ReLU.
func (c *Scorer) deepRowsSetup() (u []float64, n int, u0, uN float64, out, y []float64, td int, tol []float64, dMax float64, relu bool) {
	st := &c.score
	u = st.u
	n = len(u)
	u0, uN = u[0], u[n-1]
	out = c.pre[c.nl][:c.rows]
	y, td = c.data.Y, c.data.TargetDim
	tol = st.bulk.tolA
	for _, d := range tol {
		dMax = max(dMax, d)
	}
	return u, n, u0, uN, out, y, td, tol, dMax, c.down.sigma == 0
}
