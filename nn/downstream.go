package nn

import "math"

// downCache holds, for one unit j of the last-but-one hidden layer m of a
// net with one output, every row's output error as a function of the
// unit's activation a: piecewise linear, with a kink where each unit k of
// layer m+1 crosses zero. Per row it keeps the kinks in a, sorted, and on
// each segment between them the error's line F0 + F1·a and whether any
// sloped unit reaches the output there. The function depends only on
// parameters after layer m and on the other units of layer m, so it stays
// valid while the search moves unit j's own weights and bias, however
// often one is accepted; committing a parameter after layer m drops it,
// and committing one of another unit of layer m or of an earlier layer
// marks just the rows it changed for a rebuild (dropDown). The
// bulk path then maps a candidate to a(u) and composes, instead of
// recomputing layer m+1 per row for every parameter of the unit. For a
// ReLU layer m it keeps the function of the unit's pre-activation instead
// (buildDownReLU).
//
// It is only a faster way to form the bulk scores, which decide which
// values are evaluated exactly: the scores round differently, within the
// same bounds, and the marks near kinks use the same tolerances.
type downCache struct {
	m, nq int // the layer of the units, the width of the next one
	// slots: one per unit of layer m when that costs little (units·nq
	// at most maxDownSlots), else one, reused by the unit last scored.
	slots int
	valid []bool // per slot
	unit  []int  // per slot: its unit
	// dirty[slot·rows + row]: the row is out of date in a valid slot and
	// is rebuilt before use; partial[slot]: some row of the slot is.
	dirty   []bool
	partial []bool
	// Per slot and row, at (slot·rows + row) times kw or sw:
	nb   []int32   // number of kinks; -1: not cached (a non-finite value)
	bp   []float64 // kw: kinks in a, ascending
	bk   []int32   // kw: the unit of each kink
	f0   []float64 // sw: the error line on each segment
	f1   []float64
	open []bool // sw: a sloped unit reaches the output
	// kw and sw are the strides of the kinks and of the segments: nq and
	// nq+1, one more of each when layer m is ReLU (see buildDownReLU).
	kw, sw int
	relu   bool
}

// maxDownSlots bounds units·width for keeping a downstream slot per unit,
// so the cache's memory stays linear in rows·width.
const maxDownSlots = 64

// newDownCache sizes the cache for net c, or returns an empty one when the
// net has no last-but-one hidden layer or more than one output.
func newDownCache(c *unitCache) downCache {
	if c.nl < 3 || c.sizes[c.nl] != 1 {
		return downCache{}
	}
	m := c.nl - 2
	rows, nq := c.rows, c.sizes[m+1]
	slots := 1
	if c.sizes[m]*nq <= maxDownSlots {
		slots = c.sizes[m]
	}
	n := slots * rows
	relu := c.pwl[m-1] && c.slope[m-1] == 0
	kw := nq
	if relu {
		kw++
	}
	sw := kw + 1
	return downCache{
		m: m, nq: nq, slots: slots, kw: kw, sw: sw, relu: relu,
		valid: make([]bool, slots), unit: make([]int, slots),
		dirty: make([]bool, n), partial: make([]bool, slots),
		nb: make([]int32, n), bp: make([]float64, n*kw), bk: make([]int32, n*kw),
		f0: make([]float64, n*sw), f1: make([]float64, n*sw),
		open: make([]bool, n*sw),
	}
}

// slot returns unit j's slot.
func (dc *downCache) slot(j int) int {
	if dc.slots == 1 {
		return 0
	}
	return j
}

// dropDown brings the slots up to date with committed p, the value of a
// parameter feeding unit p.j of layer p.m. A slot's rows depend only on
// the other units of layer m at the row and on later parameters, so: a
// parameter after layer m drops every slot; one of the slot's own unit
// keeps it; any other (an earlier layer, or another unit of layer m)
// changes only the rows whose activation in layer p.m changed, so just
// those are marked to be rebuilt, bit for bit as a whole rebuild would.
func (c *unitCache) dropDown(p *pending) {
	dc := &c.down
	rows := c.rows
	for s := range dc.valid {
		switch {
		case !dc.valid[s]:
		case p.m > dc.m:
			dc.valid[s] = false
		case p.m == dc.m && dc.unit[s] == p.j:
		default:
			d := dc.dirty[s*rows : (s+1)*rows]
			for r, ch := range p.changed[:rows] {
				if ch {
					d[r] = true
					dc.partial[s] = true
				}
			}
		}
	}
}

// dropAllDown invalidates every slot.
func (c *unitCache) dropAllDown() {
	clear(c.down.valid)
}

// buildDown fills rows lo..hi-1 of the downstream cache for unit j of
// layer m from the cache's current values (only: just the dirty ones).
func (c *unitCache) buildDown(m, j, lo, hi int, wq, wo []float64, qNeg float64, woAny []bool, only bool) {
	dc := &c.down
	base := dc.slot(j) * c.rows
	rows, nl := c.rows, c.nl
	nq, nm := dc.nq, c.sizes[m]
	kw, sw := dc.kw, dc.sw
	if dc.relu {
		c.buildDownReLU(m, j, lo, hi, wq, wo, qNeg, woAny, only)
		return
	}
	ac := c.act[m][j*rows : (j+1)*rows]
	pre, act := c.pre[m+1], c.act[m+1]
	nx := downNext{wq: wq, wo: wo, pre: pre, rows: rows, nm: nm, j: j, qNeg: qNeg, woAny: woAny}
	for r := lo; r < hi; r++ {
		R := base + r
		if only && !dc.dirty[R] {
			continue
		}
		dc.dirty[R] = false
		a0 := ac[r]
		bp, bk := dc.bp[R*kw:R*kw+kw], dc.bk[R*kw:R*kw+kw]
		nb := 0
		// Segment 0 lies below every kink: a unit is on there if its
		// weight from j is negative; one that does not move keeps its
		// current side.
		f0 := c.pre[nl][r] - c.data.Y[r*c.data.TargetDim]
		f1 := 0.0
		open := 0
		for k := range nq {
			v := wq[k*nm+j]
			z0 := pre[k*rows+r]
			gain := qNeg
			moves := v != 0 && qNeg != 1
			if moves {
				if v < 0 {
					gain = 1
				}
				b := a0 - z0/v
				p := nb
				for p > 0 && bp[p-1] > b {
					bp[p], bk[p] = bp[p-1], bk[p-1]
					p--
				}
				bp[p], bk[p] = b, int32(k)
				nb++
			} else if z0 > 0 || qNeg == 1 {
				gain = 1
			}
			f0 += wo[k] * (gain*(z0-v*a0) - act[k*rows+r])
			f1 += wo[k] * gain * v
			if gain != 0 && v != 0 && woAny[k] {
				open++
			}
		}
		F0, F1 := dc.f0[R*sw:R*sw+sw], dc.f1[R*sw:R*sw+sw]
		op := dc.open[R*sw : R*sw+sw]
		dc.nb[R] = int32(nb)
		if !nx.cross(r, a0, bp[:nb], bk, F0, F1, op, f0, f1, open) {
			// Left to the per-parameter pieces.
			dc.nb[R] = -1
		}
	}
}

// downNext is what building a downstream row reads of the next layer:
// the weights wq from unit j (at k·nm+j), the output weights wo, the
// pre-activations pre (column-major over rows), its negative slope and
// which of its units reach an output.
type downNext struct {
	wq, wo, pre []float64
	rows, nm, j int
	qNeg        float64
	woAny       []bool
}

// cross fills the error lines of row r's segments after the first, whose
// line f0 + f1·a (with open sloped units reaching the output) is F0[0],
// F1[0], op[0]: crossing the kinks bp (ascending, of units bk) upwards in
// a, a unit with a positive weight from j turns on and one with a
// negative weight turns off. It reports whether every value is finite:
// Inf and NaN last through the sums, so one test at the end covers them.
func (d *downNext) cross(r int, a0 float64, bp []float64, bk []int32, F0, F1 []float64, op []bool,
	f0, f1 float64, open int) bool {
	F0[0], F1[0], op[0] = f0, f1, open > 0
	bsum := 0.0
	for t, b := range bp {
		k := int(bk[t])
		v := d.wq[k*d.nm+d.j]
		z0 := d.pre[k*d.rows+r]
		g, ng := d.qNeg, 1.0
		if v < 0 {
			g, ng = 1, d.qNeg
		}
		dg := ng - g
		f0 += d.wo[k] * dg * (z0 - v*a0)
		f1 += d.wo[k] * dg * v
		if d.woAny[k] {
			if g != 0 {
				open--
			}
			if ng != 0 {
				open++
			}
		}
		F0[t+1], F1[t+1], op[t+1] = f0, f1, open > 0
		bsum += b
	}
	return a0-a0 == 0 && bsum-bsum == 0 && f0-f0 == 0 && f1-f1 == 0
}

// buildDownReLU is buildDown for a ReLU layer m. Unit j's activation is
// then max(0, t) of its pre-activation t, so each row keeps its error as a
// function of t instead: constant below a kink at t = 0 (whose unit is
// given as nq, for the tolerances), then, for t = a > 0, the lines between
// the next layer's kinks above a = 0, the only ones a reaches. The bulk
// path maps a candidate to t, which is linear in it, and needs no separate
// treatment of the unit's own kink.
func (c *unitCache) buildDownReLU(m, j, lo, hi int, wq, wo []float64, qNeg float64, woAny []bool, only bool) {
	dc := &c.down
	base := dc.slot(j) * c.rows
	rows, nl := c.rows, c.nl
	nq, nm := dc.nq, c.sizes[m]
	kw, sw := dc.kw, dc.sw
	ac := c.act[m][j*rows : (j+1)*rows]
	pre, act := c.pre[m+1], c.act[m+1]
	nx := downNext{wq: wq, wo: wo, pre: pre, rows: rows, nm: nm, j: j, qNeg: qNeg, woAny: woAny}
	// 1/v per next unit: a product rounds the kinks a little differently
	// from a quotient, far inside their marks' tolerance.
	var invV [maxDownInv]float64
	if nq <= maxDownInv {
		for k := range nq {
			invV[k] = 1 / wq[k*nm+j]
		}
	}
	for r := lo; r < hi; r++ {
		R := base + r
		if only && !dc.dirty[R] {
			continue
		}
		dc.dirty[R] = false
		a0 := ac[r]
		// The kinks go to bp[1:], after t = 0's.
		bp, bk := dc.bp[R*kw+1:R*kw+kw], dc.bk[R*kw+1:R*kw+kw]
		nb := 0
		// The line just above a = 0: a unit whose kink is above 0 is on
		// there if its weight from j is negative, one whose kink is at or
		// below 0 if it is positive; one that does not move keeps its
		// current side.
		f0 := c.pre[nl][r] - c.data.Y[r*c.data.TargetDim]
		f1 := 0.0
		open := 0
		bsum := 0.0 // of the kinks, to catch a non-finite one
		for k := range nq {
			v := wq[k*nm+j]
			z0 := pre[k*rows+r]
			gain := qNeg
			if v != 0 && qNeg != 1 {
				var b float64
				if nq <= maxDownInv {
					b = a0 - z0*invV[k]
				} else {
					b = a0 - z0/v
				}
				bsum += b
				if b > 0 {
					if v < 0 {
						gain = 1
					}
					p := nb
					for p > 0 && bp[p-1] > b {
						bp[p], bk[p] = bp[p-1], bk[p-1]
						p--
					}
					bp[p], bk[p] = b, int32(k)
					nb++
				} else if v > 0 {
					gain = 1
				}
			} else if z0 > 0 || qNeg == 1 {
				gain = 1
			}
			f0 += wo[k] * (gain*(z0-v*a0) - act[k*rows+r])
			f1 += wo[k] * gain * v
			if gain != 0 && v != 0 && woAny[k] {
				open++
			}
		}
		dc.bp[R*kw], dc.bk[R*kw] = 0, int32(nq)
		F0, F1 := dc.f0[R*sw:R*sw+sw], dc.f1[R*sw:R*sw+sw]
		op := dc.open[R*sw : R*sw+sw]
		// Below t = 0 the error is the line's value at a = 0.
		F0[0], F1[0], op[0] = f0, 0, false
		dc.nb[R] = int32(nb + 1)
		if bsum-bsum != 0 || !nx.cross(r, a0, bp[:nb], bk, F0[1:], F1[1:], op[1:], f0, f1, open) {
			// Left to the per-parameter pieces.
			dc.nb[R] = -1
		}
	}
}

// maxDownInv bounds the width of the next layer for which buildDownReLU
// keeps the weights' inverses on its stack.
const maxDownInv = 64

// downFlat adds, for slot row R (see downCache), the piece [kA, kB) on
// which unit j's activation is the constant A, given the row's current
// error e.
func (c *unitCache) downFlat(R, kA, kB int, A, e float64, sink *pieceSink) {
	dc := &c.down
	kw, sw := dc.kw, dc.sw
	nb := int(dc.nb[R])
	bp := dc.bp[R*kw : R*kw+nb]
	s := 0
	for s < nb && bp[s] < A {
		s++
	}
	c0 := dc.f0[R*sw+s] + dc.f1[R*sw+s]*A
	sink.add(kA, kB, 0, 0, c0*c0-e*e, c0*c0+e*e, false)
}

// downPieces adds, for slot row R (see downCache), the piece [kA, kB) on
// which unit j's activation is A0 + A1·u, A1 != 0, split at the kinks it
// crosses, given the row's current error e.
func (c *unitCache) downPieces(s *bulkScratch, R, kA, kB int, A0, A1, e float64,
	unc, bnd []int32, sink *pieceSink) {
	dc := &c.down
	st := &c.score
	bs := &st.bulk
	u := st.u
	kw, sw := dc.kw, dc.sw
	nb := int(dc.nb[R])
	bp, bk := dc.bp[R*kw:R*kw+nb], dc.bk[R*kw:R*kw+nb]
	F0, F1 := dc.f0[R*sw:R*sw+sw], dc.f1[R*sw:R*sw+sw]
	op := dc.open[R*sw : R*sw+sw]
	uA, uB := u[kA], u[kB-1]
	aA := A0 + A1*uA
	seg := 0
	for seg < nb && bp[seg] < aA {
		seg++
	}
	// Mark the grid values within rounding of every kink the piece
	// reaches; remember each kink's u and grid index.
	// One division per piece: x and d are within a few ulps of the
	// quotients, far inside the marks' tolerance.
	xs, ki := s.cu[:nb], s.ci[:nb]
	inv := 1 / A1
	invAbs := math.Abs(inv)
	tolA := bs.tolA
	for t := range nb {
		x := (bp[t] - A0) * inv
		xs[t] = x
		ki[t] = -1
		d := tolA[bk[t]] * invAbs
		if x >= uA-d && x <= uB+d {
			k := c.index(x)
			ki[t] = int32(k)
			markAround(u, unc, k, x, d)
		}
	}
	emit := func(kA, kB, seg int) {
		c0 := F0[seg] + F1[seg]*A0
		if op[seg] {
			c1 := F1[seg] * A1
			sink.add(kA, kB, c1*c1, 2*c0*c1, c0*c0-e*e, c0*c0+e*e, true)
		} else {
			sink.add(kA, kB, 0, 0, c0*c0-e*e, c0*c0+e*e, false)
		}
	}
	cur := kA
	cross := func(t int) {
		k := int(ki[t])
		if k < 0 {
			k = c.index(xs[t])
		}
		kc := min(max(k, cur), kB)
		emit(cur, kc, seg)
		if kc > cur && kc < kB {
			bnd[kc]++
		}
		cur = kc
	}
	// Kinks above a(uA) are crossed in ascending order as u grows when
	// A1 > 0, those below it in descending order when A1 < 0.
	if A1 > 0 {
		for t := seg; t < nb && xs[t] <= uB; t++ {
			cross(t)
			seg++
		}
	} else {
		for t := seg - 1; t >= 0 && xs[t] <= uB; t-- {
			cross(t)
			seg--
		}
	}
	emit(cur, kB, seg)
}
