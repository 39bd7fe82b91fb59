package scorer

import (
	"math"
	"slices"
)

// The bulk path scores every grid value of a hidden-layer parameter in one
// pass over the rows, when the parameter feeds one of the last two hidden
// layers, that layer and the layer after it (if it is not the last hidden
// one) are piecewise linear, the loss is MSE (or, with one output, an
// ErrorPieces loss, which adds the output layer: bulk_loss.go) and the
// values are finite and ascending (bulkFits).
// Moving the parameter by u moves unit j's pre-activation of row r by
// u·s_r, so the row's outputs are piecewise linear in u: one kink where
// unit j crosses 0, and, one layer further, one where each next unit does.
// The squared error is then a quadratic on each piece. Each row's pieces
// are added into per-block difference arrays over the grid's indices (a
// piece is added where it starts and taken off where it ends: no sort of
// the grid), so all values cost O(rows·kinks + grid) instead of
// O(rows·grid). With one output the rows go through the kernels of
// bulk_relu.go; the general loop below takes several outputs and rows
// with a non-finite value.
//
// Exact ties: a grid value where no row is on a sloped piece (counted with
// integers, not judged from rounded slopes) gets exactly flat terms, and a
// run of such values with no piece boundary between them has bit-identical
// outputs on every row, so they share one exact evaluation (or the current
// loss, if the run holds the current value). Values within rounding of a
// kink are marked uncertain and never share.

// bulkScratch is one worker's buffers for the bulk path.
type bulkScratch struct {
	g, g0, g1 []float64 // per next-layer unit: gain, pre-activation at u=0, slope
	cu        []float64 // crossings of a piece: where
	ck        []int32   // and which unit
	c0, c1    []float64 // per output: error line on the current piece
	e0        []float64 // per output: the row's current error
	left      []int32   // rows left to bulkBlock's general loop
	kidx      []int32   // lossDeepRows: each kink's grid index
}

// newBulkScratch sizes the buffers for layers of at most w units and out
// outputs.
func newBulkScratch(w, out int) bulkScratch {
	return bulkScratch{
		g: make([]float64, w), g0: make([]float64, w), g1: make([]float64, w),
		cu: make([]float64, w), ck: make([]int32, w),
		c0: make([]float64, out), c1: make([]float64, out), e0: make([]float64, out),
		left: make([]int32, 0, blockRows), kidx: make([]int32, w+1),
	}
}

// bulkState is the per-parameter part of scoreState for the bulk path.
type bulkState struct {
	bf    []float64 // per block: diffs of A, B, C, Cabs over n+1 indices
	bi    []int32   // per block: diffs of sloped rows, uncertain marks, boundaries
	tolQ  []float64 // next layer: rounding bound of each pre-activation
	tolA  []float64 // next layer: tolQ over |the weight from unit j|
	woAny []bool    // next layer: whether a unit reaches any output
	inv   float64   // 1/the grid's mean step
	// pad is u with -Inf before and +Inf after, for index's search
	// without bounds tests; top is float64(len(u)).
	pad  []float64
	top  float64
	deep bool // the next layer is hidden
	// useDown: the deep pieces come from the downstream cache;
	// buildDown: the blocks fill it first.
	useDown, buildDown bool
	onlyDirty          bool // buildDown: just the slot's dirty rows
	downBase           int  // the unit's slot times rows
	// bad[blk]: under an ErrorPieces loss, the block met a row with a
	// non-finite value, which its kernels do not take.
	bad []bool
}

// bulkFits reports whether the bulk path applies to the parameter in st:
// under MSE a hidden-layer parameter as the comment above says; under an
// ErrorPieces loss (one output) an output-layer parameter, or one feeding
// a piecewise linear unit of the last hidden layer, or of the one before
// it when the last is piecewise linear too (through the downstream cache).
func (c *Scorer) bulkFits(st *scoreState) bool {
	m, nl := st.m, c.nl
	if !st.sortedValues || len(st.values) < 2 || !c.mse && c.lp == nil {
		return false
	}
	for _, v := range st.values {
		if !finite(v) {
			return false
		}
	}
	switch {
	case c.mse:
		return m < nl && c.pwl[m-1] && (m == nl-1 || m == nl-2 && c.pwl[m])
	case m == nl:
		return true
	}
	return c.pwl[m-1] && (m == nl-1 || m == nl-2 && c.pwl[m] && c.down.nq > 0)
}

func (c *Scorer) bulk() {
	st := &c.score
	bs := &st.bulk
	rows, nl, m, j := c.rows, c.nl, st.m, st.j
	n := len(st.values)
	nblk := (rows + blockRows - 1) / blockRows
	bs.bf = grow(bs.bf, nblk*4*(n+1))
	bs.bi = grow(bs.bi, nblk*3*(n+1))
	bs.bad = grow(bs.bad, nblk)
	clear(bs.bad)
	bs.inv = float64(n-1) / (st.u[n-1] - st.u[0])
	if !finite(bs.inv) {
		bs.inv = 0 // index then searches from the start
	}
	bs.pad = grow(bs.pad, n+2)
	bs.pad[0], bs.pad[n+1] = math.Inf(-1), math.Inf(1)
	copy(bs.pad[1:], st.u)
	bs.top = float64(n)
	bs.deep = m < nl-1
	width := 1
	if bs.deep {
		nq, nm := c.sizes[m+1], c.sizes[m]
		width = nq
		bs.tolQ, bs.tolA, bs.woAny = grow(bs.tolQ, nq), grow(bs.tolA, 2*nq+1), grow(bs.woAny, nq)
		// Unit j's own kink, at t = 0 (see buildDown).
		bs.tolA[nq] = st.tolZ
		off := c.model.WeightOffset(m)
		w := c.x[off : off+nm*nq]
		b := c.x[off+nm*nq : off+nm*nq+nq]
		// |Δa_j| is at most |a_j| + |u·s| + |z_j| on any piece.
		srcMax := 1.0
		if st.in >= 0 {
			srcMax = c.colMax[st.w][st.in]
		}
		daMax := 2*c.colMax[m][j] + st.absUMx*srcMax + st.tolZ/zTol
		for k := range nq {
			t := math.Abs(b[k])
			for s, v := range w[k*nm : k*nm+nm] {
				t += math.Abs(v) * c.colMax[m][s]
			}
			t += math.Abs(w[k*nm+j]) * daMax
			bs.tolQ[k] = zTol * float64(nm+4) * t
			bs.tolA[k] = bs.tolQ[k] / math.Abs(w[k*nm+j])
			// The kink in t below 0, where a = sigma·t (buildDown); a
			// ReLU has none.
			bs.tolA[nq+1+k] = 0
			if sigma := c.slope[m-1]; sigma > 0 {
				bs.tolA[nq+1+k] = bs.tolA[k] / sigma
			}
		}
		no := c.sizes[nl]
		ooff := c.model.WeightOffset(nl - 1)
		wo := c.x[ooff : ooff+nq*no]
		for k := range nq {
			bs.woAny[k] = false
			for o := range no {
				if wo[o*nq+k] != 0 {
					bs.woAny[k] = true
				}
			}
		}
	}
	if !bs.deep {
		// Unit j's own kink, for reluShallowRows and lossShallowRows.
		bs.tolA = grow(bs.tolA, 1)
		bs.tolA[0] = st.tolZ
	}
	bs.useDown = bs.deep && c.down.nq > 0 // the net has a downstream cache
	bs.buildDown = false
	if bs.useDown {
		dc := &c.down
		sl := dc.slot(j)
		bs.downBase = sl * rows
		bs.buildDown = !dc.valid[sl] || dc.unit[sl] != j || dc.partial[sl]
		bs.onlyDirty = dc.valid[sl] && dc.unit[sl] == j
		dc.unit[sl] = j
		dc.partial[sl] = false
		nq, nm := c.sizes[m+1], c.sizes[m]
		off := c.model.WeightOffset(m)
		dc.mag1[sl] = downMag1(c.x[off:off+nm*nq], c.x[c.model.WeightOffset(nl-1):], nq, nm, j, c.slope[m])
	}
	st.phase = phaseBulk
	c.pool.run(nblk, c, rows*(8+4*width) >= parallelWork/4)
	if bs.useDown {
		c.down.valid[c.down.slot(j)] = true
	}
	if slices.Contains(bs.bad, true) {
		// A row with a non-finite value under an ErrorPieces loss: the
		// incremental path scores the parameter instead.
		c.incremental()
		return
	}

	// Add the blocks' differences in block order, then run the prefix sums.
	// A sum carries the rounding of every term added before, including
	// pieces that have ended (a huge row's piece leaves its rounding
	// behind when it is taken off), so the bound takes the largest
	// magnitudes so far (mA, mB, mC), not the current ones.
	outs := float64(c.sizes[nl])
	var a, b, cc, cabs, mA, mB, mC float64
	var cnt int32
	n1 := n + 1
	for k := range n {
		var unc, bnd int32
		for blk := range nblk {
			f := bs.bf[blk*4*n1:]
			i := bs.bi[blk*3*n1:]
			a += f[k]
			b += f[n1+k]
			cc += f[2*n1+k]
			cabs += f[3*n1+k]
			cnt += i[k]
			unc += i[n1+k]
			bnd += i[2*n1+k]
		}
		mA, mB, mC = max(mA, math.Abs(a)), max(mB, math.Abs(b)), max(mC, cabs, math.Abs(cc))
		// Reuse bi of block 0 to keep the totals for the runs below.
		t := bs.bi[:3*n1]
		t[k], t[n1+k], t[2*n1+k] = cnt, unc, bnd
		if st.isExact[k] {
			continue
		}
		u := st.u[k]
		var d, mag float64
		if cnt == 0 {
			// No row on a sloped piece: A and B are 0 but for rounding.
			d = cc / outs
			mag = mC / outs
		} else {
			d = (a*u*u + b*u + cc) / outs
			mag = (mA*u*u + mB*math.Abs(u) + mC) / outs
		}
		st.s[k] = (c.sum + d) / float64(rows)
		st.e[k] = c.bound(st.s[k], mag)
	}
	c.flatRuns(bs.bi[:3*n1], n)
}

// flatRuns groups the runs of grid values on which every row is on a flat
// piece, with no piece boundary between them: their outputs are bit for bit
// the same on every row, so they share one score and one exact evaluation.
func (c *Scorer) flatRuns(t []int32, n int) {
	st := &c.score
	n1 := n + 1
	flat := func(k int) bool { return t[k] == 0 && t[n1+k] == 0 }
	for k := 0; k < n; {
		if !flat(k) {
			k++
			continue
		}
		end := k + 1
		for end < n && flat(end) && t[2*n1+end] == 0 {
			end++
		}
		// The only exact values so far are the current one's.
		if slices.Contains(st.isExact[k:end], true) {
			for q := k; q < end; q++ {
				st.s[q], st.e[q], st.isExact[q] = c.f, 0, true
			}
		} else if end-k > 1 {
			g := int32(st.nGroups)
			st.nGroups++
			for q := k; q < end; q++ {
				st.s[q], st.e[q], st.group[q] = st.s[k], st.e[k], g
			}
		}
		k = end
	}
}

// index returns the first grid index whose u is at least v (n if none).
func (c *Scorer) index(v float64) int {
	bs := &c.score.bulk
	return gridIndex(bs.pad, bs.inv, bs.top, v)
}

// gridIndex returns the first index k with u[k] >= v (n if none), given
// pad, u with -Inf before and +Inf after, inv the inverse of its nearly
// uniform step and top = n. A guess from the step, clamped with min and
// max rather than branches, then a fix-up against the stored values,
// which makes the answer exact; the padding stops it at 0 and n without
// bounds tests. NaN and -Inf give 0.
func gridIndex(pad []float64, inv, top, v float64) int {
	if !(v >= -math.MaxFloat64) {
		v = pad[1]
	}
	k := int(min(max((v-pad[1])*inv+1, 0), top))
	for pad[k] >= v { // u[k-1] >= v
		k--
	}
	for pad[k+1] < v { // u[k] < v
		k++
	}
	return k
}

// markAround marks the grid values u within d of v as uncertain, given
// k = index(v).
func markAround(u []float64, unc []int32, k int, v, d float64) {
	for q := k; q < len(u) && u[q] <= v+d; q++ {
		unc[q]++
	}
	for q := k - 1; q >= 0 && u[q] >= v-d; q-- {
		unc[q]++
	}
}

// bulkBlock adds one block's pieces into its difference arrays.
func (c *Scorer) bulkBlock(ws *workerScratch, blk int) {
	st := &c.score
	bs := &st.bulk
	s := &ws.bulk
	rows, nl, m, j := c.rows, c.nl, st.m, st.j
	n := len(st.values)
	n1 := n + 1
	f := bs.bf[blk*4*n1 : (blk+1)*4*n1]
	ii := bs.bi[blk*3*n1 : (blk+1)*3*n1]
	clear(f)
	clear(ii)
	dA, dB, dC, dCa := f[:n1], f[n1:2*n1], f[2*n1:3*n1], f[3*n1:]
	cnt, unc, bnd := ii[:n1], ii[n1:2*n1], ii[2*n1:]
	lo, hi := blk*blockRows, min(rows, (blk+1)*blockRows)
	if m == nl {
		// An output-layer parameter under an ErrorPieces loss.
		sink := pieceSink{dA: dA, dB: dB, dC: dC, dCa: dCa, cnt: cnt}
		bs.bad[blk] = !c.lossOutputRows(&sink, lo, hi)
		sink.flush()
		return
	}

	no := c.sizes[nl]
	td := c.data.TargetDim
	nm := c.sizes[m]
	gNeg := c.slope[m-1]
	var srcCol []float64
	if st.in >= 0 {
		srcCol = c.act[st.w][st.in*rows : (st.in+1)*rows]
	}
	zc := c.pre[m][j*rows : (j+1)*rows]
	ac := c.act[m][j*rows : (j+1)*rows]
	// Weights from unit j onwards.
	var wj []float64 // shallow: output o's weight from j at [o]; deep: next unit k's at [k]
	var nq int
	var wo []float64 // deep: output weights, [o*nq+k]
	var qNeg float64
	e0, c0, c1 := s.e0[:no], s.c0[:no], s.c1[:no]
	off := c.model.WeightOffset(m)
	if bs.deep {
		nq = c.sizes[m+1]
		wj = c.x[off : off+nm*nq]
		ooff := c.model.WeightOffset(nl - 1)
		wo = c.x[ooff : ooff+nq*no]
		qNeg = c.slope[m]
	} else {
		wj = c.x[off : off+nm*no]
	}
	anyW := false
	if !bs.deep {
		for o := range no {
			if wj[o*nm+j] != 0 {
				anyW = true
			}
		}
	}
	sink := pieceSink{dA: dA, dB: dB, dC: dC, dCa: dCa, cnt: cnt}
	emit := func(kA, kB int, sloped bool) {
		if kA >= kB {
			return
		}
		var A, B, C, Ca float64
		for o := range no {
			p0, p1 := c0[o], c1[o]
			if sloped {
				A += p1 * p1
				B += 2 * p0 * p1
			}
			C += p0*p0 - e0[o]*e0[o]
			Ca += p0*p0 + e0[o]*e0[o]
		}
		sink.add(kA, kB, A, B, C, Ca, sloped)
	}
	u := st.u
	if bs.buildDown {
		c.buildDown(m, j, lo, hi, wj, wo, qNeg, bs.woAny, bs.onlyDirty)
	}
	if c.lp != nil {
		// A piecewise linear unit under an ErrorPieces loss (bulkFits).
		if bs.deep {
			bs.bad[blk] = !c.lossDeepRows(s, &sink, lo, hi, srcCol, zc, ac, unc, bnd)
		} else {
			bs.bad[blk] = !c.lossShallowRows(&sink, lo, hi, srcCol, zc, ac, wj[j], gNeg, unc, bnd)
		}
		sink.flush()
		return
	}
	// The rows to do here: with one output, those the kernels of
	// bulk_relu.go leave.
	left := s.left[:0]
	switch {
	case gNeg >= 0 && no == 1 && !bs.deep:
		left = c.reluShallowRows(&sink, left, lo, hi, srcCol, zc, ac, wj[j], gNeg, unc, bnd)
	case no == 1 && bs.useDown:
		left = c.reluDeepRows(&sink, left, lo, hi, srcCol, zc, ac, unc, bnd)
	default:
		for r := lo; r < hi; r++ {
			left = append(left, int32(r))
		}
	}
	for _, r := range left {
		r := int(r)
		beta := 1.0
		if srcCol != nil {
			if beta = srcCol[r]; beta == 0 {
				continue
			}
		}
		z0, a0 := zc[r], ac[r]
		for o := range no {
			e0[o] = c.pre[nl][o*rows+r] - c.data.Y[r*td+o]
		}
		// Unit j's pieces: below and above its kink, in u.
		npieces := 1
		ki := 0 // the kink's grid index
		if gNeg != 1 {
			npieces = 2
			kink := -z0 / beta
			ki = c.index(kink)
			if d := st.tolZ / math.Abs(beta); kink >= u[0]-d && kink <= u[n-1]+d {
				markAround(u, unc, ki, kink, d)
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
					if kA > 0 && kA < n {
						bnd[kA]++
					}
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
			if !bs.deep {
				for o := range no {
					w := wj[o*nm+j]
					c0[o] = e0[o] + w*al0
					c1[o] = w * al1
				}
				emit(kA, kB, al1 != 0 && anyW)
				continue
			}
			// A row the fast kernels leave (several outputs, or a
			// non-finite value in the downstream cache).
			c.deepPieces(s, r, kA, kB, al0, al1, wj, wo, nq, nm, qNeg, unc, bnd, emit)
		}
	}
	sink.flush()
}

// deepPieces splits one of unit j's pieces of row r at the next layer's
// crossings and emits the error lines of each.
func (c *Scorer) deepPieces(s *bulkScratch, r, kA, kB int, al0, al1 float64,
	wq, wo []float64, nq, nm int, qNeg float64, unc, bnd []int32, emit func(int, int, bool)) {
	st := &c.score
	bs := &st.bulk
	rows, m, j := c.rows, st.m, st.j
	u := st.u
	no := len(s.e0)
	uA, uB := u[kA], u[kB-1]
	pre, act := c.pre[m+1], c.act[m+1]
	g, g0, g1 := s.g[:nq], s.g0[:nq], s.g1[:nq]
	c0, c1, e0 := s.c0, s.c1, s.e0
	copy(c0, e0)
	clear(c1)
	open := 0
	nc := 0
	for k := range nq {
		v := wq[k*nm+j]
		z0 := pre[k*rows+r]
		q0, q1 := z0+v*al0, v*al1
		g0[k], g1[k] = q0, q1
		za := q0 + q1*uA
		on := za > 0 || za == 0 && q1 > 0
		gain := qNeg
		if on {
			gain = 1
		}
		g[k] = gain
		if gain != 0 || act[k*rows+r] != 0 {
			d := gain*q0 - act[k*rows+r]
			for o := range no {
				w := wo[o*nq+k]
				c0[o] += w * d
				c1[o] += w * gain * q1
			}
		}
		if gain != 0 && q1 != 0 && bs.woAny[k] {
			open++
		}
		if q1 == 0 || qNeg == 1 {
			continue
		}
		// z is linear on [uA, uB]: it can only cross 0, or come within
		// rounding of 0, there if its ends say so.
		zb := q0 + q1*uB
		if (za > 0) == (zb > 0) && math.Abs(za) > bs.tolQ[k] && math.Abs(zb) > bs.tolQ[k] {
			continue
		}
		x := -q0 / q1
		d := bs.tolQ[k] / math.Abs(q1)
		if x >= uA-d && x <= uB+d {
			markAround(u, unc, c.index(x), x, d)
		}
		// A crossing where the side just before uB is not the side just
		// after uA, wherever rounding put x: a unit taken as on at uA
		// (za rounded to 0) must not be switched off by an x just above.
		if onB := zb > 0 || zb == 0 && q1 < 0; on != onB {
			x = min(max(x, uA), uB)
			// Insert in order.
			p := nc
			for p > 0 && s.cu[p-1] > x {
				s.cu[p], s.ck[p] = s.cu[p-1], s.ck[p-1]
				p--
			}
			s.cu[p], s.ck[p] = x, int32(k)
			nc++
		}
	}
	cur := kA
	for t := range nc {
		k := int(s.ck[t])
		kc := min(max(c.index(s.cu[t]), cur), kB)
		emit(cur, kc, al1 != 0 && open > 0)
		if kc > cur && kc < kB {
			bnd[kc]++
		}
		cur = kc
		q0, q1 := g0[k], g1[k]
		ng := 1.0
		if g[k] == 1 {
			ng = qNeg
		}
		dg := ng - g[k]
		wasOpen := g[k] != 0 && q1 != 0 && bs.woAny[k]
		g[k] = ng
		isOpen := ng != 0 && q1 != 0 && bs.woAny[k]
		if wasOpen && !isOpen {
			open--
		} else if isOpen && !wasOpen {
			open++
		}
		for o := range no {
			w := wo[o*nq+k]
			c0[o] += w * dg * q0
			c1[o] += w * dg * q1
		}
	}
	emit(cur, kB, al1 != 0 && open > 0)
}

// pieceSink is one block's difference arrays, and the sums of the pieces
// the row kernels start at the grid's first value, added to index 0 by
// flush.
type pieceSink struct {
	dA, dB, dC, dCa []float64
	cnt             []int32
	sA, sB, sC, sCa float64
	sCnt            int32
}

// flush adds the running sums to index 0.
func (p *pieceSink) flush() {
	p.dA[0] += p.sA
	p.dB[0] += p.sB
	p.dC[0] += p.sC
	p.dCa[0] += p.sCa
	p.cnt[0] += p.sCnt
}

// add adds a piece's quadratic A·u² + B·u + C (C the change from the
// current loss, Ca the magnitude of its terms) to grid indices [kA, kB).
func (p *pieceSink) add(kA, kB int, A, B, C, Ca float64, sloped bool) {
	if kA >= kB {
		return
	}
	dA, dB, dC, dCa := p.dA[kA:kB+1], p.dB[kA:kB+1], p.dC[kA:kB+1], p.dCa[kA:kB+1]
	last := kB - kA
	if sloped {
		dA[0] += A
		dA[last] -= A
		dB[0] += B
		dB[last] -= B
		p.cnt[kA]++
		p.cnt[kB]--
	}
	dC[0] += C
	dC[last] -= C
	dCa[0] += Ca
	dCa[last] -= Ca
}
