package scorer

import "math"

// pending is one candidate evaluated exactly: the cache's new values where
// they differ, ready to be committed if the search accepts the candidate.
type pending struct {
	ok       bool    // it holds an evaluation
	i        int     // the parameter
	v        float64 // its value
	m, j     int     // the unit the parameter feeds, in layer m
	lossSum  float64
	meanLoss float64
	// unitPre and unitAct are unit j's new pre-activation and activation
	// columns.
	unitPre, unitAct []float64
	// changed[r] says whether row r's later layers changed. Block blk's
	// changed rows are changedRows[lo:lo+changedCount[blk]]
	// (lo = blk·blockRows), ascending. Their later layers' values are in
	// pre[q] (q in m+1..layers, pre[layers] the outputs) and act[q]
	// (q < layers), block blk's from lo·n_q on, column by column over its
	// nc changed rows: unit k of the i-th changed row is at
	// [lo·n_q + k·nc + i]. Columns, so that a layer's activation is one
	// ApplyLayer call per block and the commit writes the cache's
	// columns in order.
	changed                 []bool
	changedRows             []int32
	changedCount            []int
	pre, act                [][]float64
	rowLoss, rowOutputScale []float64
	// unitBlock is, for a weight of a blocked first layer, its block's
	// new sums (unitBlocks), which a commit puts in.
	unitBlock []float64
	// outTerms are the changed rows' new Scorer.outTerms, at the same
	// places.
	outTerms []float64
}

func (c *Scorer) newPending() *pending {
	rows, nl := c.rows, c.layers
	p := &pending{
		unitPre: make([]float64, rows), unitAct: make([]float64, rows),
		changed: make([]bool, rows), changedRows: make([]int32, rows),
		changedCount: make([]int, (rows+blockRows-1)/blockRows),
		pre:          make([][]float64, nl+1), act: make([][]float64, nl),
		rowLoss: make([]float64, rows), rowOutputScale: make([]float64, rows),
		outTerms: make([]float64, rows*c.sizes[nl]),
	}
	if c.blocks.sums != nil {
		p.unitBlock = make([]float64, rows)
	}
	for q := 2; q <= nl; q++ {
		p.pre[q] = make([]float64, c.sizes[q]*rows)
		if q < nl {
			p.act[q] = make([]float64, c.sizes[q]*rows)
		}
	}
	return p
}

// exactScratch is one worker's buffers for exactBlock: columns over a
// block's changed rows.
type exactScratch struct {
	cols            []float64 // a layer's inputs, column by column
	scale, scaleSum []float64 // outputScale's sums
	out             []float64 // one row's outputs
}

// exactScratch returns s's exact-evaluation buffers, made on first use.
func (c *Scorer) exactScratch(s *workerScratch) *exactScratch {
	es := &s.exact
	if es.cols == nil {
		wmax := 0
		for _, n := range c.sizes {
			wmax = max(wmax, n)
		}
		es.cols = make([]float64, wmax*blockRows)
		es.scale = make([]float64, blockRows)
		es.scaleSum = make([]float64, blockRows)
		es.out = make([]float64, c.sizes[c.layers])
	}
	return es
}

// exactEval evaluates x with x[i] = v into p, bit for bit as Func would:
// unit j's pre-activations are recomputed for every row with Forward's
// loop, and the later layers of the rows whose activation changed. The
// rows are split over the workers; the loss sum runs in row order, as in
// Func.
func (c *Scorer) exactEval(p *pending, i int, v float64) {
	w, j, in := c.where(i)
	p.ok, p.i, p.v, p.m, p.j = true, i, v, w+1, j
	nblk := (c.rows + blockRows - 1) / blockRows
	work := c.rows * (c.sizes[w] + c.downWidth(p.m)*c.sizes[w+1])
	blocked := p.m == 1 && c.blocks.sums != nil
	if blocked && c.blocks.unit != j {
		// Unit j's block sums at x, before the candidate goes in.
		c.blocks.unit = j
		c.tasks.blockBuild = blockBuildTask{c, j}
		c.pool.run(nblk, &c.tasks.blockBuild, work >= parallelWork)
	}
	keep := c.x[i]
	c.x[i] = v
	if in >= 0 && !blocked {
		// Unit j's sum over inputs before in does not depend on v (the
		// data's columns, for a first-layer unit).
		c.unitSums.start(p.m, j, in)
	}
	if p.m < c.layers {
		// Layer m+1's sums over inputs before j do not depend on v.
		c.nextSums.start(p.m+1, 0, j)
	}
	c.tasks.exact = exactTask{c, p, in}
	c.pool.run(nblk, &c.tasks.exact, work >= parallelWork)
	if p.m < c.layers {
		c.nextSums.inputs = j
	}
	if in >= 0 && !blocked {
		c.unitSums.inputs = in
	}
	c.x[i] = keep
	sum := 0.0
	for _, l := range p.rowLoss {
		sum += l
	}
	p.lossSum = sum
	p.meanLoss = 0
	if c.rows > 0 {
		p.meanLoss = sum / float64(c.rows)
	}
}

// exactTask is exactEval's phase: each block recomputes its rows of eval,
// whose parameter is a weight from input (-1: a bias).
type exactTask struct {
	c     *Scorer
	eval  *pending
	input int
}

func (task *exactTask) runBlock(worker, blk int) {
	task.exactBlock(task.c.scratch[worker], blk)
}

// downWidth is the number of values a changed row has after layer m: the
// pre-activations and activations of the later hidden layers and the
// outputs.
func (c *Scorer) downWidth(m int) int {
	w := 0
	for q := m + 1; q <= c.layers; q++ {
		w += c.sizes[q]
		if q < c.layers {
			w += c.sizes[q]
		}
	}
	return w
}

// exactBlock is exactEval's work on one block of rows: unit j's column,
// its activation in one call, then the later layers of the changed rows a
// layer at a time, as columns over those rows. Every value is a sum formed
// term by term in Forward's order, only for several rows at once.
func (task *exactTask) exactBlock(s *workerScratch, blk int) {
	c, p := task.c, task.eval
	lo, hi := blk*blockRows, min(c.rows, (blk+1)*blockRows)
	work := task.columnWork(hi - lo)
	if p.m < c.layers {
		task.advanceNextSums(lo, hi)
	}
	task.unitColumn(lo, hi)
	es := c.exactScratch(s)
	if p.m == c.layers {
		changed := task.changedOutputs(lo, hi)
		p.changedCount[blk] = len(changed)
		if len(changed) > 0 {
			task.outputLosses(es, changed)
		}
		nl := c.layers
		c.blockWork[blk] += work + int64(len(changed)*(c.sizes[nl-1]*(1+c.sizes[nl])+c.sizes[nl]))
		return
	}
	changed := task.changedActivations(lo, hi)
	p.changedCount[blk] = len(changed)
	if len(changed) > 0 {
		task.laterLayers(es, lo, changed)
	}
	c.blockWork[blk] += work + int64(len(changed))*task.laterWork()
}

// columnWork is the work of advanceNextSums, unitColumn and the scan for
// changed rows on a block of n rows: the terms they add, and one step per
// row.
func (task *exactTask) columnWork(n int) int64 {
	c, p := task.c, task.eval
	m, j := p.m, p.j
	terms := c.sizes[m-1] // unitColumn from the bias
	switch {
	case m == 1 && c.blocks.sums != nil:
		terms = c.blocks.columnTerms(task.input)
	case task.input >= 0:
		terms -= max(c.unitSums.from, 0)
	}
	if from := c.nextSums.from; m < c.layers && from != j {
		terms += c.sizes[m+1] * (j - max(from, 0))
	}
	return int64(n) * int64(terms+1)
}

// laterWork is laterLayers' work per changed row: the values it gathers,
// the terms it adds, the activations it applies, the output scale's
// terms and the loss.
func (task *exactTask) laterWork() int64 {
	c, p := task.c, task.eval
	nl, m, j := c.layers, p.m, p.j
	w := c.sizes[m] - j // gathered from j+1, plus unit j's own
	for q := m + 1; q <= nl; q++ {
		in, n := c.sizes[q-1], c.sizes[q]
		if q == m+1 {
			w += n * (in - j) // input j's term and those after it
		} else {
			w += n * in
		}
		if q < nl {
			w += n
		}
	}
	scale := c.sizes[nl-1] * c.sizes[nl] // the output scale afresh
	if m == nl-1 {
		scale = 3 * c.sizes[nl] // updated by unit j's term
	}
	return int64(w + scale + c.sizes[nl])
}

// updateOutputScale sets scale[i], row idx[i]'s output scale, when only
// unit j of the last hidden layer changed: each output's term magnitude
// gives up unit j's old term and takes its new one, instead of being
// summed again over the layer. It differs from a sum afresh by rounding
// alone, a relative 1e-16 a commit, which the scale, a magnitude for the
// error bounds with a margin of three orders, does not notice.
func (task *exactTask) updateOutputScale(scale []float64, idx []int32) {
	c, p := task.c, task.eval
	rows, nl, j := c.rows, c.layers, p.j
	in, out := c.sizes[nl-1], c.sizes[nl]
	off := c.model.WeightOffset(nl - 1)
	old := c.act[nl-1][j*rows : (j+1)*rows]
	scale = scale[:len(idx)]
	clear(scale)
	for o := range out {
		wj := c.x[off+o*in+j]
		terms, now := c.outTerms[o*rows:(o+1)*rows], p.outTerms[o*rows:(o+1)*rows]
		for i, r := range idx {
			s := max(0, terms[r]-math.Abs(wj*old[r])+math.Abs(wj*p.unitAct[r]))
			now[r] = s
			scale[i] += float64(s * s)
		}
	}
	fo := float64(out)
	for i := range scale {
		scale[i] /= fo
	}
}

// changedOutputs marks the rows lo..hi-1 whose output j changed (they get
// new losses) and gives the others their old loss; it returns the changed
// rows, in eval.changedRows.
func (task *exactTask) changedOutputs(lo, hi int) []int32 {
	c, p := task.c, task.eval
	rows, nl, j := c.rows, c.layers, p.j
	idx := p.changedRows[lo:hi]
	zj := p.unitPre[lo:hi]
	chg := p.changed[lo:hi]
	chg = chg[:len(zj)]
	pl, cl := p.rowLoss[lo:hi], c.rowLoss[lo:hi]
	pl, cl = pl[:len(zj)], cl[:len(zj)]
	pt, ct := p.rowOutputScale[lo:hi], c.rowOutputScale[lo:hi]
	pt, ct = pt[:len(zj)], ct[:len(zj)]
	nc := 0
	old := c.pre[nl][j*rows+lo : j*rows+hi]
	old = old[:len(zj)]
	for r, z := range zj {
		chg[r] = false
		if math.Float64bits(z) == math.Float64bits(old[r]) {
			pl[r], pt[r] = cl[r], ct[r]
			continue
		}
		idx[nc] = int32(lo + r)
		nc++
	}
	return idx[:nc]
}

// outputLosses sets the loss and output scale of the rows idx whose
// output j changed.
func (task *exactTask) outputLosses(es *exactScratch, idx []int32) {
	c, p := task.c, task.eval
	rows, nl, j := c.rows, c.layers, p.j
	nc := len(idx)
	// The outputs' inputs did not change; their weights may have.
	g := c.gatherCols(es.cols, c.act[nl-1], c.sizes[nl-1], 0, idx)
	c.outputScaleCols(es.scale, es.scaleSum, g, nc, p.outTerms, idx)
	out := es.out
	td := c.data.TargetDim
	for i, r := range idx {
		for o := range out {
			out[o] = c.pre[nl][o*rows+int(r)]
		}
		out[j] = p.unitPre[r]
		p.rowLoss[r] = c.loss.Row(out, c.data.Y[int(r)*td:int(r)*td+td])
		p.rowOutputScale[r] = es.scale[i]
	}
}

// changedActivations applies unit j's activation to rows lo..hi-1, marks
// the rows whose activation changed, gives every row its old loss (the
// changed rows' are replaced later) and returns the changed rows, in
// eval.changedRows.
func (task *exactTask) changedActivations(lo, hi int) []int32 {
	c, p := task.c, task.eval
	rows, m, j := c.rows, p.m, p.j
	idx := p.changedRows[lo:hi]
	zj := p.unitPre[lo:hi]
	chg := p.changed[lo:hi]
	chg = chg[:len(zj)]
	aj := p.unitAct[lo:hi]
	c.applyLayer(m, aj, zj)
	aj = aj[:len(zj)]
	old := c.act[m][j*rows+lo : j*rows+hi]
	old = old[:len(zj)]
	// Every row's old loss first, so that this loop, which finds the
	// changed rows, has no branch to mispredict.
	copy(p.rowLoss[lo:hi], c.rowLoss[lo:hi])
	copy(p.rowOutputScale[lo:hi], c.rowOutputScale[lo:hi])
	nc := 0
	for r, a := range aj {
		ch := math.Float64bits(a) != math.Float64bits(old[r])
		chg[r] = ch
		idx[nc] = int32(lo + r)
		if ch {
			nc++
		}
	}
	return idx[:nc]
}

// laterLayers recomputes the layers after unit j's at the changed rows
// idx of the block that starts at row lo, a layer at a time as columns
// over those rows, and their losses.
func (task *exactTask) laterLayers(es *exactScratch, lo int, idx []int32) {
	c, p := task.c, task.eval
	rows, nl, m, j := c.rows, c.layers, p.m, p.j
	nc := len(idx)
	// Layer m at the changed rows after input j, and unit j's new.
	in := c.sizes[m]
	prev := c.gatherCols(es.cols, c.act[m], in, j+1, idx)
	gj := prev[j*nc : (j+1)*nc]
	gj = gj[:len(idx)]
	for i, r := range idx {
		gj[i] = p.unitAct[r]
	}
	for q := m + 1; q <= nl; q++ {
		in, n := c.sizes[q-1], c.sizes[q]
		qoff := c.model.WeightOffset(q - 1)
		wq := c.x[qoff : qoff+in*n]
		bq := c.x[qoff+in*n : qoff+in*n+n]
		z := p.pre[q][lo*n : lo*n+n*nc]
		from := 0
		for u := range n {
			zu := z[u*nc : (u+1)*nc]
			if q == m+1 {
				// From the cached sums over inputs before j, then
				// input j's term, its product rounded as in Forward.
				partial := c.nextSums.sums[u*rows : (u+1)*rows]
				wj := wq[u*in+j]
				zu = zu[:len(idx)]
				for i, r := range idx {
					zu[i] = partial[r] + float64(wj*gj[i])
				}
				from = j + 1
			} else {
				for i := range zu {
					zu[i] = bq[u]
				}
			}
			addCols(zu, wq[u*in+from:u*in+in], prev, from*nc, nc)
		}
		if q == nl {
			break
		}
		a := p.act[q][lo*n : lo*n+n*nc]
		c.applyLayer(q, a, z)
		prev = a
	}
	if m == nl-1 {
		task.updateOutputScale(es.scale, idx)
	} else {
		c.outputScaleCols(es.scale, es.scaleSum, prev, nc, p.outTerms, idx)
	}
	nout := c.sizes[nl]
	outs := p.pre[nl][lo*nout : lo*nout+nout*nc]
	out := es.out
	td := c.data.TargetDim
	for i, r := range idx {
		var row []float64
		if nout == 1 {
			row = outs[i : i+1]
		} else {
			for o := range out {
				out[o] = outs[o*nc+i]
			}
			row = out
		}
		p.rowLoss[r] = c.loss.Row(row, c.data.Y[int(r)*td:int(r)*td+td])
		p.rowOutputScale[r] = es.scale[i]
	}
}
