package scorer

import "math"

// The general bulk kernels take what the fast ones of bulk_relu.go leave:
// several outputs, and rows with a non-finite value. Each of unit j's
// pieces (below and above its kink, in u) is split, one layer further, at
// the next layer's crossings, and every output's error line on each piece
// goes into the difference arrays.

// unitPiece is where row r's unit j changes, in u: its pre-activation
// is z0 + beta·u and its activation moves by al0 + al1·u on piece
// [kA, kB) of grid indices.
type unitPiece struct {
	r, kA, kB int
	al0, al1  float64
}

// rowPieces visits row r's pieces of unit j (one when the activation is
// linear, two around its kink otherwise), marking and counting the kink,
// and calls visit with each piece on which the row changes; a row whose
// input is 0 has none (Forward adds v·0).
func (task *bulkTask) rowPieces(b *bulkRows, r int, visit func(unitPiece)) {
	c, st := task.c, task.st
	u := st.moves
	n := len(u)
	gNeg := c.negSlope[st.m-1]
	beta := 1.0
	if b.input != nil {
		if beta = b.input[r]; beta == 0 {
			return
		}
	}
	z0, a0 := b.z[r], b.a[r]
	npieces := 1
	ki := 0 // the kink's grid index
	if gNeg != 1 {
		npieces = 2
		kink := -z0 / beta
		switch {
		// Most kinks fall outside the grid; index would find the same.
		case kink <= u[0]:
			ki = 0
		case kink > u[n-1]:
			ki = n
		default:
			ki = st.bulk.grid.index(kink)
		}
		if d := st.unitZTol / math.Abs(beta); kink >= u[0]-d && kink <= u[n-1]+d {
			markAround(u, b.marks.uncertain, ki, kink, d)
		}
	}
	for piece := range npieces {
		g := 1.0
		kA, kB := 0, n
		if npieces == 2 {
			if piece == 0 {
				kB = ki
			} else {
				kA = ki
				b.marks.boundaryAt(kA, n)
			}
			// Left of the kink z has the sign of -beta.
			if (piece == 0) == (beta > 0) {
				g = gNeg
			}
		}
		if kA >= kB {
			continue
		}
		al0, al1 := g*z0-a0, g*beta
		if al0 == 0 && al1 == 0 {
			// Unit j is off here as it is now: the row is unchanged.
			continue
		}
		visit(unitPiece{r: r, kA: kA, kB: kB, al0: al0, al1: al1})
	}
}

// emitter adds a piece's squared-error change over its outputs: on it
// output o's error is the line c0[o] + c1[o]·u, e0[o] now.
type emitter struct {
	sink                     *pieceSink
	errConst, errSlope, err0 []float64
}

func (em *emitter) emit(kA, kB int, sloped bool) {
	if kA >= kB {
		return
	}
	var q quadPiece
	for o := range em.errConst {
		p0, p1 := em.errConst[o], em.errSlope[o]
		if sloped {
			q.a += p1 * p1
			q.b += 2 * p0 * p1
		}
		q.c += p0*p0 - em.err0[o]*em.err0[o]
		q.mag += p0*p0 + em.err0[o]*em.err0[o]
	}
	em.sink.add(kA, kB, q, sloped)
}

// rowErrors sets e0 to row r's current output errors.
func (task *bulkTask) rowErrors(e0 []float64, r int) {
	c := task.c
	td := c.data.TargetDim
	for o := range e0 {
		e0[o] = c.pre[c.layers][o*c.rows+r] - c.data.Y[r*td+o]
	}
}

// generalShallowRows does the rows left for a unit of the last hidden
// layer: each output's error is linear on each of the unit's pieces.
func (task *bulkTask) generalShallowRows(s *bulkScratch, b *bulkRows, left []int32) {
	c, st := task.c, task.st
	no, nm, j := c.sizes[c.layers], c.sizes[st.m], st.j
	off := c.model.WeightOffset(st.m)
	wOut := c.x[off : off+nm*no] // output o's weight from j at [o·nm+j]
	anyW := false
	for o := range no {
		if wOut[o*nm+j] != 0 {
			anyW = true
		}
	}
	em := emitter{sink: b.sink, errConst: s.errConst[:no], errSlope: s.errSlope[:no], err0: s.err0[:no]}
	for _, r := range left {
		// The row's errors are read at its first piece: a row whose
		// input is 0 (half an image's pixels) or whose unit stays off
		// over the grid has none, and reading ten output columns is most
		// of a row's time.
		read := false
		task.rowPieces(b, int(r), func(p unitPiece) {
			if !read {
				task.rowErrors(em.err0, int(r))
				read = true
			}
			for o := range no {
				w := wOut[o*nm+j]
				em.errConst[o] = em.err0[o] + w*p.al0
				em.errSlope[o] = w * p.al1
			}
			em.emit(p.kA, p.kB, p.al1 != 0 && anyW)
		})
	}
}

// generalDeepRows does the rows left for a unit of the last-but-one
// hidden layer (several outputs, or a non-finite value in the downstream
// cache): each of the unit's pieces is split at the next layer's
// crossings by deepPieces.
func (task *bulkTask) generalDeepRows(s *bulkScratch, b *bulkRows, next *nextLayer, left []int32) {
	c := task.c
	no := c.sizes[c.layers]
	em := emitter{sink: b.sink, errConst: s.errConst[:no], errSlope: s.errSlope[:no], err0: s.err0[:no]}
	for _, r := range left {
		read := false // as in generalShallowRows
		task.rowPieces(b, int(r), func(p unitPiece) {
			if !read {
				task.rowErrors(em.err0, int(r))
				read = true
			}
			task.deepPieces(s, next, b.marks, p, &em)
		})
	}
}

// deepPieces splits one of unit j's pieces of a row at the next layer's
// crossings and emits the error lines of each.
func (task *bulkTask) deepPieces(s *bulkScratch, next *nextLayer, marks gridMarks, pc unitPiece, em *emitter) {
	c, st := task.c, task.st
	bs := &st.bulk
	rows, j := c.rows, st.j
	r, kA, kB, al0, al1 := pc.r, pc.kA, pc.kB, pc.al0, pc.al1
	fromUnit, toOutput, nq, nm, nextNegSlope := next.fromUnit, next.toOutput, next.width, next.stride, next.negSlope
	u := st.moves
	no := len(em.err0)
	uA, uB := u[kA], u[kB-1]
	pre, act := next.pre, next.act
	gains, nextPre0, nextSlope := s.gains[:nq], s.nextPre0[:nq], s.nextSlope[:nq]
	c0, c1, e0 := em.errConst, em.errSlope, em.err0
	copy(c0, e0)
	clear(c1)
	open := 0
	nc := 0
	for k := range nq {
		v := fromUnit[k*nm+j]
		z0 := pre[k*rows+r]
		q0, q1 := z0+v*al0, v*al1
		nextPre0[k], nextSlope[k] = q0, q1
		za := q0 + q1*uA
		on := za > 0 || za == 0 && q1 > 0
		gain := nextNegSlope
		if on {
			gain = 1
		}
		gains[k] = gain
		if gain != 0 || act[k*rows+r] != 0 {
			d := gain*q0 - act[k*rows+r]
			for o := range no {
				w := toOutput[o*nq+k]
				c0[o] += w * d
				c1[o] += w * gain * q1
			}
		}
		if gain != 0 && q1 != 0 && bs.reachesOutput[k] {
			open++
		}
		if q1 == 0 || nextNegSlope == 1 {
			continue
		}
		// z is linear on [uA, uB]: it can only cross 0, or come within
		// rounding of 0, there if its ends say so.
		zb := q0 + q1*uB
		if (za > 0) == (zb > 0) && math.Abs(za) > bs.nextZTol[k] && math.Abs(zb) > bs.nextZTol[k] {
			continue
		}
		x := -q0 / q1
		d := bs.nextZTol[k] / math.Abs(q1)
		if x >= uA-d && x <= uB+d {
			markAround(u, marks.uncertain, bs.grid.index(x), x, d)
		}
		// A crossing where the side just before uB is not the side just
		// after uA, wherever rounding put x: a unit taken as on at uA
		// (za rounded to 0) must not be switched off by an x just above.
		if onB := zb > 0 || zb == 0 && q1 < 0; on != onB {
			x = min(max(x, uA), uB)
			// Insert in order.
			p := nc
			for p > 0 && s.crossAt[p-1] > x {
				s.crossAt[p], s.crossUnit[p] = s.crossAt[p-1], s.crossUnit[p-1]
				p--
			}
			s.crossAt[p], s.crossUnit[p] = x, int32(k)
			nc++
		}
	}
	cur := kA
	for t := range nc {
		k := int(s.crossUnit[t])
		kc := min(max(bs.grid.index(s.crossAt[t]), cur), kB)
		em.emit(cur, kc, al1 != 0 && open > 0)
		if kc > cur && kc < kB {
			marks.boundary[kc]++
		}
		cur = kc
		q0, q1 := nextPre0[k], nextSlope[k]
		ng := 1.0
		if gains[k] == 1 {
			ng = nextNegSlope
		}
		dg := ng - gains[k]
		wasOpen := gains[k] != 0 && q1 != 0 && bs.reachesOutput[k]
		gains[k] = ng
		isOpen := ng != 0 && q1 != 0 && bs.reachesOutput[k]
		if wasOpen && !isOpen {
			open--
		} else if isOpen && !wasOpen {
			open++
		}
		for o := range no {
			w := toOutput[o*nq+k]
			c0[o] += w * dg * q0
			c1[o] += w * dg * q1
		}
	}
	em.emit(cur, kB, al1 != 0 && open > 0)
}
