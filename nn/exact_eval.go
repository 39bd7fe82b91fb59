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
	w, j, _ := c.where(i)
	p.ok, p.i, p.v, p.m, p.j = true, i, v, w+1, j
	keep := c.x[i]
	c.x[i] = v
	c.score.phase, c.score.exact = phaseExact, p
	nblk := (c.rows + blockRows - 1) / blockRows
	work := c.rows * (c.sizes[w] + p.downW*c.sizes[w+1])
	c.pool.run(nblk, c, work >= parallelWork)
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
	for r := lo; r < hi; r++ {
		// Forward's loop for unit j, term by term in the same order.
		s1 := bj
		if w == 0 {
			src := c.data.X[r*nw : r*nw+nw]
			src = src[:len(wrow)]
			for t, wv := range wrow {
				s1 += wv * src[t]
			}
		} else {
			col := c.act[w]
			for t, wv := range wrow {
				s1 += wv * col[t*rows+r]
			}
		}
		p.zj[r] = s1
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
			for u := range z {
				row := wq[u*in : u*in+in]
				src := prev[:len(row)]
				sv := bq[u]
				for t, v := range row {
					sv += v * src[t]
				}
				z[u] = sv
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
	if la := c.layerActs[m-1]; la != nil {
		la.ApplyLayer(a, z)
		return
	}
	act := c.acts[m-1]
	for k, v := range z {
		a[k] = act.Apply(v)
	}
}

// commit makes p the cache's state.
func (c *unitCache) commit(p *pending) {
	rows, nl := c.rows, c.nl
	m, j := p.m, p.j
	c.x[p.i] = p.v
	copy(c.pre[m][j*rows:(j+1)*rows], p.zj)
	if m < nl {
		copy(c.act[m][j*rows:(j+1)*rows], p.aj)
		mx := 0.0
		for _, a := range p.aj {
			mx = max(mx, math.Abs(a))
		}
		c.colMax[m][j] = mx
		for r, ch := range p.changed {
			if !ch {
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
				act, cm := c.act[q], c.colMax[q]
				for k, v := range d[:n] {
					act[k*rows+r] = v
					cm[k] = max(cm[k], math.Abs(v))
				}
				d = d[n:]
			}
		}
	}
	c.rowLoss, p.rowLoss = p.rowLoss, c.rowLoss
	c.tout2, p.tout2 = p.tout2, c.tout2
	c.setSum(p.sum)
	c.pend[0].ok, c.pend[1].ok = false, false
}
