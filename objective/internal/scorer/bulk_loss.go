package scorer

import "math"

// The bulk path under an ErrorPieces loss (MAE, Huber) with one output.
// A row's error is piecewise linear in the candidate's move u, as under
// MSE, but its loss is a quadratic only between the loss's knots, so each
// stretch of grid on which the error is one line (lossLine) is split
// further where the line crosses a knot. The pieces go into the same
// difference arrays as under MSE: a piece's quadratic is added at the grid
// index where it starts and taken off where it ends. The kinks of the
// units are marked and counted exactly as under MSE; the knots of the loss
// change no output, so they need neither marks nor boundaries: the loss is
// continuous across them, and a grid value within rounding of one is
// scored within rounding by either side's quadratic.
//
// Each kernel reports false when it meets a row with a non-finite value,
// which bulk then leaves to the incremental path.

// lossPiece is the change of a row's loss from its current value le on
// knot interval q, where the row's error is d0 + d1·u (within rounding of
// magnitude ma), as the quadratic
// A·u² + B·u + C, with Ca bounding the magnitude of the terms over the
// grid (the |B·u| part at the grid's largest |u|, since the bound sees
// only sums over rows, in which B may cancel).
func (c *Scorer) lossPiece(q int, d0, d1, le, ma float64, sloped bool) (A, B, C, Ca float64, sl int32) {
	p := c.lp[q]
	a2, a1, a0 := p[0], p[1], p[2]
	C = a2*d0*d0 + a1*d0 + a0 - le
	// ma bounds the rounding of the error line itself (see lossDeepRows).
	Ca = math.Abs(a2*d0*d0) + math.Abs(a1*d0) + math.Abs(a0) + math.Abs(le) + math.Abs(a1)*ma + a2*ma*ma
	if sloped {
		A, B, sl = a2*d1*d1, 2*a2*d0*d1+a1*d1, 1
		Ca += (math.Abs(2*a2*d0*d1) + math.Abs(a1*d1)) * c.score.absUMx
	}
	return
}

// lossLine adds one row's loss change on grid indices [kA, kB), on which
// its error is the line d0 + d1·u, within rounding of magnitude ma: d1 is
// taken as 0 unless sloped, and a flat line at the current error e
// changes nothing. le is the row's loss.
func (c *Scorer) lossLine(p *pieceSink, kA, kB int, d0, d1, e, le, ma float64, sloped bool) {
	if kA >= kB || !sloped && d0 == e {
		return
	}
	u := c.score.u
	knots := c.knots
	// The knot interval at the first grid value: d on a knot takes the
	// lower one, which agrees there.
	dA := d0
	if sloped {
		dA += d1 * u[kA]
	}
	q := 0
	for q < len(knots) && knots[q] < dA {
		q++
	}
	A, B, C, Ca, sl := c.lossPiece(q, d0, d1, le, ma, sloped)
	p.at(kA, A, B, C, Ca, sl)
	if sloped && d1 != 0 {
		dB := d0 + d1*u[kB-1]
		for {
			var knot float64
			if d1 > 0 && q < len(knots) && knots[q] < dB {
				knot = knots[q]
				q++
			} else if d1 < 0 && q > 0 && knots[q-1] >= dB {
				knot = knots[q-1]
				q--
			} else {
				break
			}
			k := min(max(c.index((knot-d0)/d1), kA), kB)
			A1, B1, C1, Ca1, _ := c.lossPiece(q, d0, d1, le, ma, sloped)
			p.step(k, A1-A, B1-B, C1-C, Ca1-Ca, 0)
			A, B, C, Ca = A1, B1, C1, Ca1
		}
	}
	p.step(kB, -A, -B, -C, -Ca, -sl)
}

// at adds a piece that starts at grid index k: to the running sums at the
// grid's start, else as a step.
func (p *pieceSink) at(k int, A, B, C, Ca float64, sl int32) {
	if k == 0 {
		p.add0(A, B, C, Ca, sl)
		return
	}
	p.step(k, A, B, C, Ca, sl)
}

// lossOutputRows does rows lo..hi-1 for an output-layer parameter: the
// error moves by u times the parameter's input (1 for the bias).
func (c *Scorer) lossOutputRows(p *pieceSink, lo, hi int) bool {
	st := &c.score
	n := len(st.u)
	rows := c.rows
	var src []float64
	if st.in >= 0 {
		src = c.act[st.w][st.in*rows : (st.in+1)*rows]
	}
	out := c.pre[c.nl][:rows]
	y, td := c.data.Y, c.data.TargetDim
	for r := lo; r < hi; r++ {
		beta := 1.0
		if src != nil {
			if beta = src[r]; beta == 0 {
				continue
			}
		}
		e := out[r] - y[r*td]
		le := c.rowLoss[r]
		if e-e != 0 || beta-beta != 0 || le-le != 0 {
			return false
		}
		c.lossLine(p, 0, n, e, beta, e, le, 0, true)
	}
	return true
}

// lossShallowRows does rows lo..hi-1 for a unit j of the last hidden
// layer, whose output weight is w and negative slope sigma >= 0: below
// its kink the error is e + w·(sigma·t - a0), above it e + w·(t - a0),
// for t = z0 + beta·u.
func (c *Scorer) lossShallowRows(p *pieceSink, lo, hi int, srcCol, zc, ac []float64, w, sigma float64, unc, bnd []int32) bool {
	st := &c.score
	u := st.u
	n := len(u)
	u0, uN := u[0], u[n-1]
	d := st.bulk.tolA[0]
	out := c.pre[c.nl][:c.rows]
	y, td := c.data.Y, c.data.TargetDim
	if w-w != 0 {
		return false
	}
	for r := lo; r < hi; r++ {
		beta := 1.0
		if srcCol != nil {
			if beta = srcCol[r]; beta == 0 {
				continue
			}
		}
		z0, a0 := zc[r], ac[r]
		tA, tB := z0+beta*u0, z0+beta*uN
		tLo, tHi := min(tA, tB), max(tA, tB)
		if sigma == 0 && a0 == 0 && tHi < -d {
			continue // a ReLU off now and on the whole grid
		}
		e := out[r] - y[r*td]
		le := c.rowLoss[r]
		if e-e != 0 || a0-a0 != 0 || z0-z0 != 0 || le-le != 0 {
			return false
		}
		x := -z0 / beta
		k := c.index(x)
		if 0 >= tLo-d && 0 <= tHi+d {
			markAround(u, unc, k, x, d/math.Abs(beta))
		}
		if k > 0 && k < n {
			bnd[k]++
		}
		off0, off1 := e+w*(sigma*z0-a0), w*sigma*beta
		if sigma == 0 {
			off0, off1 = e-w*a0, 0
		}
		on0, on1 := e+w*(z0-a0), w*beta
		offSl, onSl := w != 0 && sigma != 0, w != 0
		if beta > 0 {
			c.lossLine(p, 0, k, off0, off1, e, le, 0, offSl)
			c.lossLine(p, k, n, on0, on1, e, le, 0, onSl)
		} else {
			c.lossLine(p, 0, k, on0, on1, e, le, 0, onSl)
			c.lossLine(p, k, n, off0, off1, e, le, 0, offSl)
		}
	}
	return true
}

// lossDeepRows does rows lo..hi-1 for a unit j of the last-but-one
// hidden layer from the downstream cache (see buildDown): segment s
// of the row's error as a function of t = z0 + beta·u runs, in u, between
// the grid indices of the kinks on either side of it.
func (c *Scorer) lossDeepRows(s *bulkScratch, p *pieceSink, lo, hi int, srcCol, zc, ac []float64, unc, bnd []int32) bool {
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
			return false
		}
		z0, a0 := zc[r], ac[r]
		tA, tB := z0+beta*u0, z0+beta*uN
		tLo, tHi := min(tA, tB), max(tA, tB)
		off := relu && a0 == 0 // a ReLU off now
		if off && tHi < -dMax {
			continue // and on the whole grid
		}
		e := out[r] - y[r*td]
		le := c.rowLoss[r]
		if e-e != 0 || le-le != 0 {
			return false
		}
		kinks, units, g0, g1, open := dc.row(R, nk)
		// Each kink's grid index: those away from the grid's range of t
		// fall before its first value or after its last.
		below, above := int32(0), int32(n) // the index of a kink below tLo, above tHi
		if beta < 0 {
			below, above = above, below
		}
		ks := s.kidx[:nk]
		inv := 1 / beta
		invAbs := math.Abs(inv)
		for i, kt := range kinks {
			switch {
			case kt < tLo-dMax:
				ks[i] = below
			case kt > tHi+dMax:
				ks[i] = above
			default:
				x := (kt - z0) * inv
				k := c.index(x)
				markAround(u, unc, k, x, tol[units[i]]*invAbs)
				if k > 0 && k < n {
					bnd[k]++
				}
				ks[i] = int32(k)
			}
		}
		// The cached lines are within rounding of ma (see reluDeepRows).
		ma := dc.lineMag(R, st.j, tLo, tHi)
		line := func(s int) (d0, d1 float64) {
			d0 = g0[s] + g1[s]*z0
			if s == 0 && off {
				d0 = e // off, as now
			}
			return d0, g1[s] * beta
		}
		// Segment s lies between kinks s-1 and s in t; u runs the same
		// way when beta > 0, the other way when beta < 0.
		prev := 0
		if beta < 0 {
			prev = n
		}
		for sg := 0; sg <= nk; sg++ {
			next := n
			if beta < 0 {
				next = 0
			}
			if sg < nk {
				next = int(ks[sg])
			}
			d0, d1 := line(sg)
			if beta > 0 {
				c.lossLine(p, prev, next, d0, d1, e, le, ma, open[sg])
				prev = max(prev, next)
			} else {
				c.lossLine(p, next, prev, d0, d1, e, le, ma, open[sg])
				prev = min(prev, next)
			}
		}
	}
	return true
}
