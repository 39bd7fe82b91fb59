package nn

import "math"

// pending is one candidate evaluated exactly: the cache's new values where
// they differ, ready to be committed if the search accepts the candidate.
type pending struct {
	ok   bool
	i    int
	v    float64
	m, j int // the unit the parameter feeds, in layer m
	sum  float64
	f    float64
	// zj and aj are unit j's new pre-activation and activation column.
	zj, aj []float64
	// changed[r] says whether row r's later layers changed; their values
	// are in down[r*downW:], per layer pre-activations then activations
	// (the outputs last).
	changed        []bool
	down           []float64
	downW          int
	rowLoss, tout2 []float64
}

func (c *unitCache) newPending() *pending {
	rows := c.rows
	w := 0
	for q := 2; q <= c.nl; q++ {
		w += c.sizes[q]
		if q < c.nl {
			w += c.sizes[q]
		}
	}
	return &pending{
		zj: make([]float64, rows), aj: make([]float64, rows),
		changed: make([]bool, rows), down: make([]float64, rows*w), downW: w,
		rowLoss: make([]float64, rows), tout2: make([]float64, rows),
	}
}

// exactEval evaluates x with x[i] = v into p, bit for bit as Func would:
// unit j's pre-activations are recomputed for every row with Forward's
// loop, and the later layers of the rows whose activation changed. The
// rows are split over the workers; the loss sum runs in row order, as in
// Func.
func (c *unitCache) exactEval(p *pending, i int, v float64) {
	w, j, in := c.where(i)
	p.ok, p.i, p.v, p.m, p.j = true, i, v, w+1, j
	keep := c.x[i]
	c.x[i] = v
	c.score.phase, c.score.exact = phaseExact, p
	nblk := (c.rows + blockRows - 1) / blockRows
	work := c.rows * (c.sizes[w] + p.downW*c.sizes[w+1])
	c.uIn = -1
	if w > 0 && in >= 0 {
		// Unit j's sum over inputs before in does not depend on v.
		c.uIn = in
		if c.uM == p.m && c.uJ == j && c.uAt <= in {
			c.uFrom = c.uAt
		} else {
			c.uM, c.uJ, c.uFrom = p.m, j, -1
		}
	}
	if p.m < c.nl {
		// Layer m+1's sums over inputs before j do not depend on v.
		if c.pfxLayer == p.m+1 && c.pfxAt <= j {
			c.pfxFrom = c.pfxAt
		} else {
			c.pfxLayer, c.pfxFrom = p.m+1, -1
		}
	}
	c.pool.run(nblk, c, work >= parallelWork)
	if p.m < c.nl {
		c.pfxAt = j
	}
	if c.uIn >= 0 {
		c.uAt = c.uIn
	}
	c.x[i] = keep
	sum := 0.0
	for _, l := range p.rowLoss {
		sum += l
	}
	p.sum = sum
	p.f = 0
	if c.rows > 0 {
		p.f = sum / float64(c.rows)
	}
}

// exactBlock is exactEval's work on one block of rows.
func (c *unitCache) exactBlock(s *workerScratch, p *pending, blk int) {
	rows, nl := c.rows, c.nl
	m, j := p.m, p.j
	w := m - 1
	nw := c.sizes[w]
	off := c.model.start(w)
	wrow := c.x[off+j*nw : off+j*nw+nw]
	bj := c.x[off+nw*c.sizes[m]+j]
	lo, hi := blk*blockRows, min(rows, (blk+1)*blockRows)
	if m < nl {
		c.advancePrefix(m, j, lo, hi)
	}
	if w > 0 {
		c.unitColumn(p, lo, hi)
	}
	for r := lo; r < hi; r++ {
		// Forward's loop for unit j, term by term in the same order.
		s1 := bj
		if w == 0 {
			src := c.data.X[r*nw : r*nw+nw]
			src = src[:len(wrow)]
			for t, wv := range wrow {
				s1 += wv * src[t]
			}
			p.zj[r] = s1
		} else {
			s1 = p.zj[r]
		}
		p.changed[r] = false
		if m == nl {
			if math.Float64bits(s1) == math.Float64bits(c.pre[nl][j*rows+r]) {
				p.rowLoss[r], p.tout2[r] = c.rowLoss[r], c.tout2[r]
				continue
			}
			out := s.out
			for o := range out {
				out[o] = c.pre[nl][o*rows+r]
			}
			out[j] = s1
			_, y := c.data.Row(r)
			p.rowLoss[r] = c.loss.Row(out, y)
			p.tout2[r] = c.outputScale(c.gatherAct(s.prev, nl-1, r))
			continue
		}
		s.one[0] = s1
		c.applyLayer(m, s.oneA[:1], s.one[:1])
		a := s.oneA[0]
		p.aj[r] = a
		if math.Float64bits(a) == math.Float64bits(c.act[m][j*rows+r]) {
			p.rowLoss[r], p.tout2[r] = c.rowLoss[r], c.tout2[r]
			continue
		}
		p.changed[r] = true
		prev := c.gatherAct(s.prev, m, r)
		prev[j] = a
		d := p.down[r*p.downW : (r+1)*p.downW]
		var out []float64
		for q := m + 1; q <= nl; q++ {
			in, n := c.sizes[q-1], c.sizes[q]
			qoff := c.model.start(q - 1)
			wq := c.x[qoff : qoff+in*n]
			bq := c.x[qoff+in*n : qoff+in*n+n]
			z := d[:n]
			d = d[n:]
			if q == m+1 {
				// From the cached sums over inputs before j.
				pf := c.pfx[r*n : r*n+n]
				for u := range z {
					row := wq[u*in+j : u*in+in]
					src := prev[j:in]
					src = src[:len(row)]
					sv := pf[u]
					for t, v := range row {
						sv += v * src[t]
					}
					z[u] = sv
				}
			} else {
				for u := range z {
					row := wq[u*in : u*in+in]
					src := prev[:len(row)]
					sv := bq[u]
					for t, v := range row {
						sv += v * src[t]
					}
					z[u] = sv
				}
			}
			if q == nl {
				out = z
				break
			}
			a := d[:n]
			d = d[n:]
			c.applyLayer(q, a, z)
			prev = a
		}
		_, y := c.data.Row(r)
		p.rowLoss[r] = c.loss.Row(out, y)
		p.tout2[r] = c.outputScale(prev)
	}
}

// unitColumn sets p.zj[lo:hi], unit j's pre-activations with the
// candidate, for a unit fed by a hidden layer: a column at a time, each
// row's terms in Forward's order. A weight's candidate starts from the
// cached sums over the inputs before it (unitPfx), brought up to date
// first.
func (c *unitCache) unitColumn(p *pending, lo, hi int) {
	rows := c.rows
	m, j := p.m, p.j
	w := m - 1
	nw := c.sizes[w]
	off := c.model.start(w)
	wrow := c.x[off+j*nw : off+j*nw+nw]
	bj := c.x[off+nw*c.sizes[m]+j]
	zj := p.zj[lo:hi]
	act := c.act[w]
	from := 0
	if in := c.uIn; in < 0 {
		for r := range zj {
			zj[r] = bj
		}
	} else {
		pf := c.uPfx[lo:hi]
		start := c.uFrom
		if start < 0 {
			for r := range pf {
				pf[r] = bj
			}
			start = 0
		}
		for t := start; t < in; t++ {
			col := act[t*rows+lo : t*rows+hi]
			col = col[:len(pf)]
			wv := wrow[t]
			for r := range pf {
				pf[r] += wv * col[r]
			}
		}
		copy(zj, pf)
		from = in
	}
	for t := from; t < nw; t++ {
		col := act[t*rows+lo : t*rows+hi]
		col = col[:len(zj)]
		wv := wrow[t]
		for r := range zj {
			zj[r] += wv * col[r]
		}
	}
}

// advancePrefix brings rows lo..hi-1 of the partial sums of layer m+1 to
// its first j inputs (from c.pfxFrom, or from the biases when that is -1),
// adding the terms in Forward's order.
func (c *unitCache) advancePrefix(m, j, lo, hi int) {
	from := c.pfxFrom
	if from == j {
		return
	}
	rows := c.rows
	in, n := c.sizes[m], c.sizes[m+1]
	off := c.model.start(m)
	wq := c.x[off : off+in*n]
	if from < 0 {
		bq := c.x[off+in*n : off+in*n+n]
		for r := lo; r < hi; r++ {
			copy(c.pfx[r*n:r*n+n], bq)
		}
		from = 0
	}
	act := c.act[m]
	for t := from; t < j; t++ {
		col := act[t*rows : (t+1)*rows]
		for r := lo; r < hi; r++ {
			a := col[r]
			pf := c.pfx[r*n : r*n+n]
			for u := range pf {
				pf[u] += wq[u*in+t] * a
			}
		}
	}
}

// invalidatePrefix drops the partial sums that committing a parameter of
// unit j of layer m makes stale.
func (c *unitCache) invalidatePrefix(m, j int) {
	q := c.pfxLayer
	if q == 0 {
		return
	}
	// The parameter is in linear layer m-1; the sums of layer q read layer
	// q-1's activations and linear layer q-1's parameters.
	if m-1 == q-1 || m < q-1 || m == q-1 && j < c.pfxAt {
		c.pfxLayer = 0
	}
}

// invalidateUnitPrefix drops unit uJ's partial sums if committing a
// parameter of unit j in layer m (input in, -1 for a bias) changes them:
// they read layer uM-1's activations before uAt and the unit's own bias
// and weights before uAt.
func (c *unitCache) invalidateUnitPrefix(m, j, in int) {
	if c.uM == 0 {
		return
	}
	if m < c.uM-1 || m == c.uM-1 && j < c.uAt || m == c.uM && j == c.uJ && in < c.uAt {
		c.uM = 0
	}
}

// gatherAct copies row r's activations of layer m into buf.
func (c *unitCache) gatherAct(buf []float64, m, r int) []float64 {
	n, rows := c.sizes[m], c.rows
	buf = buf[:n]
	col := c.act[m]
	for k := range buf {
		buf[k] = col[k*rows+r]
	}
	return buf
}

// applyLayer applies hidden layer m's activation as Forward does.
func (c *unitCache) applyLayer(m int, a, z []float64) {
	c.ws.activate(m-1, a, z)
}

// commitBlock writes one block's changed rows of p into the cache.
func (c *unitCache) commitBlock(p *pending, blk int) {
	rows, nl, m := c.rows, c.nl, p.m
	part := c.cmBlk[blk*c.cmW : (blk+1)*c.cmW]
	clear(part)
	lo, hi := blk*blockRows, min(rows, (blk+1)*blockRows)
	for r := lo; r < hi; r++ {
		if !p.changed[r] {
			continue
		}
		d := p.down[r*p.downW : (r+1)*p.downW]
		for q := m + 1; q <= nl; q++ {
			n := c.sizes[q]
			pre := c.pre[q]
			for k, v := range d[:n] {
				pre[k*rows+r] = v
			}
			d = d[n:]
			if q == nl {
				break
			}
			act, cm := c.act[q], part[c.cmOff[q]:c.cmOff[q]+n]
			for k, v := range d[:n] {
				act[k*rows+r] = v
				cm[k] = max(cm[k], math.Abs(v))
			}
			d = d[n:]
		}
	}
}

// commit makes p the cache's state.
func (c *unitCache) commit(p *pending) {
	rows, nl := c.rows, c.nl
	m, j := p.m, p.j
	c.x[p.i] = p.v
	c.invalidatePrefix(m, j)
	_, _, in := c.where(p.i)
	c.invalidateUnitPrefix(m, j, in)
	c.dropDown(p)
	copy(c.pre[m][j*rows:(j+1)*rows], p.zj)
	if m < nl {
		copy(c.act[m][j*rows:(j+1)*rows], p.aj)
		mx := 0.0
		for _, a := range p.aj {
			mx = max(mx, math.Abs(a))
		}
		c.colMax[m][j] = mx
		// The changed rows' later layers, by blocks; each block keeps
		// its own column maxima, merged after.
		nblk := (rows + blockRows - 1) / blockRows
		c.cmBlk = grow(c.cmBlk, nblk*c.cmW)
		c.score.phase, c.score.exact = phaseCommit, p
		c.pool.run(nblk, c, rows*p.downW >= parallelWork)
		for q := m + 1; q < nl; q++ {
			cm := c.colMax[q]
			for blk := range nblk {
				part := c.cmBlk[blk*c.cmW+c.cmOff[q]:]
				for k := range cm {
					cm[k] = max(cm[k], part[k])
				}
			}
		}
	}
	c.rowLoss, p.rowLoss = p.rowLoss, c.rowLoss
	c.tout2, p.tout2 = p.tout2, c.tout2
	c.setSum(p.sum)
	c.pend[0].ok, c.pend[1].ok = false, false
}
