package scorer

import "math"

// The bulk path under an ErrorPieces loss (MAE, Huber) with one output.
// The kernels add up what
//
//	for k := range u {
//		for r := range rows {
//			total[k] += loss(G_r(u[k])) - loss(e0[r])
//		}
//	}
//
// adds, but for rounding (G_r the row's new error, as in bulk_relu.go).
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

// errorLine is a row's output error d0 + d1·u on a stretch of grid,
// within rounding of magnitude mag; d1 counts only when sloped.
type errorLine struct {
	d0, d1, mag float64
	sloped      bool
}

// rowNow is a row's current output error and loss.
type rowNow struct {
	err, loss float64
}

// lossPiece is the change of a row's loss from its current value le on
// knot interval q, where the row's error is line, as a quadratic in u,
// with mag bounding the magnitude of the terms over the grid (the |b·u|
// part at the grid's largest |u|, since the bound sees only sums over
// rows, in which b may cancel), and whether it is sloped.
func (task *bulkTask) lossPiece(q int, line errorLine, le float64) (quadPiece, int32) {
	c, st := task.c, task.st
	p := c.lossPieces[q]
	a2, a1, a0 := p[0], p[1], p[2]
	d0, d1, ma := line.d0, line.d1, line.mag
	var piece quadPiece
	var sl int32
	piece.c = a2*d0*d0 + a1*d0 + a0 - le
	// ma bounds the rounding of the error line itself (see lossDeepRows).
	piece.mag = math.Abs(a2*d0*d0) + math.Abs(a1*d0) + math.Abs(a0) + math.Abs(le) + math.Abs(a1)*ma + a2*ma*ma
	if line.sloped {
		piece.a, piece.b, sl = a2*d1*d1, 2*a2*d0*d1+a1*d1, 1
		piece.mag += (math.Abs(2*a2*d0*d1) + math.Abs(a1*d1)) * st.maxAbsMove
	}
	return piece, sl
}

// lossLine adds one row's loss change on grid indices [kA, kB), on which
// its error is line: a flat line at the current error changes nothing.
func (task *bulkTask) lossLine(p *pieceSink, kA, kB int, line errorLine, now rowNow) {
	c, st := task.c, task.st
	d0, d1, sloped := line.d0, line.d1, line.sloped
	if kA >= kB || !sloped && d0 == now.err {
		return
	}
	u := st.moves
	knots := c.lossKnots
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
	cur, sl := task.lossPiece(q, line, now.loss)
	p.at(kA, cur, sl)
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
			k := min(max(st.bulk.grid.index((knot-d0)/d1), kA), kB)
			next, _ := task.lossPiece(q, line, now.loss)
			p.step(k, next.minus(cur), 0)
			cur = next
		}
	}
	p.step(kB, quadPiece{-cur.a, -cur.b, -cur.c, -cur.mag}, -sl)
}

// lossOutputRows does b's rows for an output-layer parameter: the error
// moves by u times the parameter's input (1 for the bias).
func (task *bulkTask) lossOutputRows(b *bulkRows) bool {
	c, st := task.c, task.st
	p, lo, hi := b.sink, b.lo, b.hi
	n := len(st.moves)
	rows := c.rows
	var src []float64
	if st.in >= 0 {
		src = c.act[st.w][st.in*rows : (st.in+1)*rows]
	}
	out := c.pre[c.layers][:rows]
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
		task.lossLine(p, 0, n, errorLine{d0: e, d1: beta, sloped: true}, rowNow{e, le})
	}
	return true
}

// lossShallowRows does b's rows for a unit j of the last hidden layer,
// whose output weight is w and negative slope sigma >= 0: below its kink
// the error is e + w·(sigma·t - a0), above it e + w·(t - a0), for
// t = z0 + beta·u.
func (task *bulkTask) lossShallowRows(b *bulkRows, w, sigma float64) bool {
	c, st := task.c, task.st
	p, g, marks := b.sink, &st.bulk.grid, b.marks
	srcCol, zc, ac := b.input, b.z, b.a
	lo, hi := b.lo, b.hi
	u := st.moves
	n := len(u)
	u0, uN := u[0], u[n-1]
	d := st.bulk.kinkTol[0]
	out := c.pre[c.layers][:c.rows]
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
		k := g.index(x)
		if 0 >= tLo-d && 0 <= tHi+d {
			markAround(u, marks.uncertain, k, x, d/math.Abs(beta))
		}
		marks.boundaryAt(k, n)
		off0, off1 := e+w*(sigma*z0-a0), w*sigma*beta
		if sigma == 0 {
			off0, off1 = e-w*a0, 0
		}
		on0, on1 := e+w*(z0-a0), w*beta
		off := errorLine{d0: off0, d1: off1, sloped: w != 0 && sigma != 0}
		on := errorLine{d0: on0, d1: on1, sloped: w != 0}
		now := rowNow{e, le}
		if beta > 0 {
			task.lossLine(p, 0, k, off, now)
			task.lossLine(p, k, n, on, now)
		} else {
			task.lossLine(p, 0, k, on, now)
			task.lossLine(p, k, n, off, now)
		}
	}
	return true
}

// lossDeepRows does b's rows for a unit j of the last-but-one hidden
// layer from the downstream cache (see buildDown): segment s of the row's
// error as a function of t = z0 + beta·u runs, in u, between the grid
// indices of the kinks on either side of it.
func (task *bulkTask) lossDeepRows(s *bulkScratch, b *bulkRows) bool {
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
		kinks, units := dc.rowKinks(slotRow, nk)
		intercept, slope, open := dc.rowLines(slotRow, nk)
		// Each kink's grid index: those away from the grid's range of t
		// fall before its first value or after its last.
		below, above := int32(0), int32(n) // the index of a kink below tLo, above tHi
		if beta < 0 {
			below, above = above, below
		}
		ks := s.kinkIndex[:nk]
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
				k := g.index(x)
				markAround(u, marks.uncertain, k, x, tol[units[i]]*invAbs)
				marks.boundaryAt(k, n)
				ks[i] = int32(k)
			}
		}
		// The cached lines are within rounding of lineMag (see reluDeepRows).
		lineMag := dc.lineMag(slotRow, st.j, tLo, tHi)
		line := func(s int) errorLine {
			d0 := intercept[s] + slope[s]*z0
			if s == 0 && off {
				d0 = e // off, as now
			}
			return errorLine{d0: d0, d1: slope[s] * beta, mag: lineMag, sloped: open[s]}
		}
		now := rowNow{e, le}
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
			if beta > 0 {
				task.lossLine(p, prev, next, line(sg), now)
				prev = max(prev, next)
			} else {
				task.lossLine(p, next, prev, line(sg), now)
				prev = min(prev, next)
			}
		}
	}
	return true
}
