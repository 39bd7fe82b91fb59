package scorer

import (
	"math"

	"github.com/nnexp/nnexp/nn"
)

// Cross-entropy's grid. Under a loss that is nn.SoftmaxCrossEntropy, a
// row's loss is log S - E_c, with S = Σ_o exp(E_o), E_o = z_o - M the
// logits shifted by the row's largest logit M at x, and c the row's
// class. A candidate for a parameter of the last hidden layer's unit j
// moves every logit by w_oj·da, da its change of unit j's activation; one
// for an output's parameter moves that logit alone. On each side of a
// piecewise-linear unit's kink da is linear in the candidate's move, and
// a search grid's moves are evenly spaced, u_k = u0 + k·h: so each E_o is
// α_o + β_o·k along the grid, and exp(E_o) at candidate k is exp(α_o)
// times exp(β_o) k times. A row then costs two exponentials per output
// and side, not one per output and candidate, and no logarithm: the
// scores need only Σ_rows log S, which is the logarithm of the product of
// the rows' S, kept as a mantissa and a power of two, taken once per
// block of rows. It is the incremental path's score by other arithmetic:
// each candidate's error bound grows by a bound on the grid's own
// roundings and model (softmaxRowErr, fold; that the rows' losses are
// summed in another order is within the bound every path has, which
// grows with their magnitudes), and settle makes the decisive scores
// exact with the loss's own Row as before.

// softmaxMaxExponent bounds |E_o| along a run. Beyond it a row goes the
// incremental path's way: every term is within e^±600, so no term
// overflows, S (a sum of at most a few thousand of them) never
// underflows or overflows, and neither does the running product of
// mantissas in [1, 2) by S.
const softmaxMaxExponent = 600

// softmaxGrid is the per-parameter plan: whether the grid applies, and
// the candidates' moves as u0 + k·h, each within slack of its own.
type softmaxGrid struct {
	ok        bool
	output    bool // the parameter is an output's, else the last hidden layer's
	u0, h     float64
	slack     float64
	maxWeight float64 // the largest |w_oj| from unit j to the logits
}

// softmaxScratch is one worker's accumulators over a block's rows, per
// candidate: the product of the rows' S as mant·2^exp (mant in [1, 2)),
// Σ -E_c, Σ of the old losses and of their magnitudes, Σ |E_c|, the rows
// counted and the error bound so far.
type softmaxScratch struct {
	mant, negE, old, oldAbs, absE, err []float64
	exp, count                         []int64
	// per candidate of the row at hand: da, or on an output its new
	// logit; whether it needs a loss; which side of the kink it is on
	da   []float64
	need []bool
	pos  []bool
	// per output: the run's α, β, exp(α)·exp(β)^i and exp(β)
	alpha, beta, term, ratio []float64
}

// softmaxRowView is what the grid reads of one row: its index, the
// changed input's value there (src, 1 for a bias), its target and class
// (fits false when the class names no output or a value is not finite),
// its loss at x, and its logits' largest value and largest magnitude.
type softmaxRowView struct {
	r                       int
	src                     float64
	y                       []float64
	cls                     int
	fits                    bool
	old, maxLogit, absLogit float64
}

// softmaxRun is a run of candidates first..last stepped together: on a
// hidden unit those of one side of its kink (pos: above it), where its
// activation has the given slope; on an output, all of them, marked pos;
// count of them need a loss.
type softmaxRun struct {
	first, last, count int
	pos                bool
	slope              float64
}

// blockTally is what the incremental path adds up over a block's rows,
// per candidate (the loss changes and their magnitudes, the rows changed
// and not certainly off), and its visits.
type blockTally struct {
	lossDelta, lossMag []float64
	chg, notOff        []int32
	visits             int64
}

// reset sizes the accumulators for n candidates and nout outputs and
// empties them, for a new block.
func (sm *softmaxScratch) reset(n, nout int) {
	sm.mant, sm.negE, sm.old = grow(sm.mant, n), grow(sm.negE, n), grow(sm.old, n)
	sm.oldAbs, sm.absE, sm.err = grow(sm.oldAbs, n), grow(sm.absE, n), grow(sm.err, n)
	sm.exp, sm.count = grow(sm.exp, n), grow(sm.count, n)
	sm.da = grow(sm.da, n)
	sm.need, sm.pos = grow(sm.need, n), grow(sm.pos, n)
	sm.alpha, sm.beta = grow(sm.alpha, nout), grow(sm.beta, nout)
	sm.term, sm.ratio = grow(sm.term, nout), grow(sm.ratio, nout)
	for k := range n {
		sm.mant[k] = 1
	}
	clear(sm.negE)
	clear(sm.old)
	clear(sm.oldAbs)
	clear(sm.absE)
	clear(sm.err)
	clear(sm.exp)
	clear(sm.count)
}

// isSoftmax reports whether loss promises softmax cross-entropy (a
// wrapper that embeds one and changes Row declines by returning false).
func isSoftmax(loss nn.Loss) bool {
	s, ok := loss.(nn.SoftmaxCrossEntropy)
	return ok && s.IsSoftmaxCrossEntropy()
}

// planSoftmax decides whether the grid applies to st's parameter: the
// loss is softmax cross-entropy; the parameter is an output's, or the
// last hidden layer's when that layer is piecewise linear; the
// candidates are finite, strictly ascending and evenly spaced. Its check
// of the spacing is a step per candidate.
func (c *Scorer) planSoftmax(st *scoreState) softmaxGrid {
	nl, m, n := c.layers, st.m, len(st.values)
	if !c.softmax || !st.sortedValues || n < 2 {
		return softmaxGrid{}
	}
	output := m == nl
	if !output && (m != nl-1 || !c.piecewise[m-1]) {
		return softmaxGrid{}
	}
	for _, v := range st.values {
		if !finite(v) {
			return softmaxGrid{}
		}
	}
	u0 := st.moves[0]
	h := (st.moves[n-1] - u0) / float64(n-1)
	slack := 0.0
	for k, u := range st.moves {
		slack = max(slack, math.Abs(u-(u0+float64(k)*h)))
	}
	if !(h > 0) || !(slack <= 1e-6*h) {
		return softmaxGrid{}
	}
	g := softmaxGrid{ok: true, output: output, u0: u0, h: h, slack: slack}
	if !output {
		in := c.sizes[m]
		off := c.model.WeightOffset(m)
		for o := range c.sizes[nl] {
			g.maxWeight = max(g.maxWeight, math.Abs(c.x[off+o*in+st.j]))
		}
	}
	return g
}

// softmaxRow scores every candidate on row r (whose changed input is src,
// target y and loss old) into the block's accumulators, or, where a run
// does not fit the grid or would cost more there, by the incremental
// path's propagation. It does the incremental path's counting of visits
// (on a hidden unit; an output's visit is its loss), changed and not-off
// rows, and returns the work it did beyond the visits it counted.
func (task *incrementalTask) softmaxRow(s *workerScratch, row softmaxRowView, t *blockTally) (work int64) {
	c, st := task.c, task.st
	g := &st.incr.softmax
	sm := &s.softmax
	rows, nl, m, j := c.rows, c.layers, st.m, st.j
	nout := c.sizes[nl]
	r, src := row.r, row.src
	zc := c.pre[m][j*rows+r]
	// A target that names no class is left to the loss's Row.
	cls, clsOK := nn.ClassIndex(row.y[0], nout)
	row.cls, row.maxLogit, row.absLogit = cls, math.Inf(-1), 0
	for o := range nout {
		v := c.pre[nl][o*rows+r]
		row.maxLogit = max(row.maxLogit, v)
		row.absLogit = max(row.absLogit, math.Abs(v))
	}
	row.fits = clsOK && finite(row.maxLogit) && finite(row.absLogit) && finite(zc)
	if g.output {
		first, last, count := -1, -1, 0
		for k := range st.values {
			sm.need[k] = false // the scratch holds the last row's flags
			if st.exact[k] {
				continue
			}
			t.chg[k]++
			sm.need[k], sm.pos[k] = true, true // an output has no kink: one run
			sm.da[k] = zc + st.moves[k]*src    // the new logit, as incremental forms it
			count++
			if first < 0 {
				first = k
			}
			last = k
		}
		if first < 0 {
			return 0
		}
		// The grid's work: per candidate stepped the output's term, S,
		// E_c and the product; the other outputs' terms and two
		// exponentials. The incremental path's: the loss per candidate.
		run := softmaxRun{first: first, last: last, count: count, pos: true}
		gridWork := int64(last-first+1)*4 + 2*int64(nout) + 2
		if row.fits && gridWork <= int64(count*nout) && task.softmaxOutputRun(sm, &row, run) {
			return gridWork
		}
		return task.softmaxFallback(s, &row, run, t)
	}
	// A unit of the last hidden layer: the incremental path's visit,
	// then the candidates that need a loss, by side of the kink.
	aOld := c.act[m][j*rows+r]
	act := c.activations[m-1]
	relu := c.negSlope[m-1] == 0
	firstPos, lastPos, firstNeg, lastNeg := -1, -1, -1, -1
	countPos, countNeg := 0, 0
	for k := range st.values {
		sm.need[k] = false
		if st.exact[k] {
			continue
		}
		t.visits++
		z := zc + st.moves[k]*src
		if relu {
			if z < -st.unitZTol {
				if aOld == 0 {
					continue
				}
			} else {
				t.notOff[k]++
			}
		}
		t.chg[k]++
		a := z // a piecewise-linear activation's promise above 0
		if !(z > 0) {
			a = act.Apply(z)
		}
		if a == aOld {
			continue
		}
		sm.need[k] = true
		sm.da[k] = a - aOld
		if sm.pos[k] = z > 0; sm.pos[k] {
			if firstPos < 0 {
				firstPos = k
			}
			lastPos = k
			countPos++
		} else {
			if firstNeg < 0 {
				firstNeg = k
			}
			lastNeg = k
			countNeg++
		}
	}
	for _, run := range [2]softmaxRun{
		{first: firstPos, last: lastPos, count: countPos, pos: true, slope: 1},
		{first: firstNeg, last: lastNeg, count: countNeg, slope: c.negSlope[m-1]},
	} {
		if run.first < 0 {
			continue
		}
		// The grid's work: per candidate stepped a multiply-add per
		// output, E_c and the product; per run the exponents and
		// exponentials. The incremental path's: a propagation per
		// candidate. A run takes the cheaper, so a row never costs more
		// than the incremental path's bound.
		gridWork := int64(run.last-run.first+1)*int64(nout+2) + 4*int64(nout)
		if row.fits && gridWork <= int64(run.count*c.downCost(m)) && task.softmaxHiddenRun(sm, &row, run) {
			work += gridWork
			continue
		}
		work += task.softmaxFallback(s, &row, run, t)
	}
	return work
}

// softmaxFallback scores the candidates of run that need a loss (on a
// hidden unit, those of the run's side) on row by the incremental path's
// propagation.
func (task *incrementalTask) softmaxFallback(s *workerScratch, row *softmaxRowView, run softmaxRun, t *blockTally) int64 {
	c, st := task.c, task.st
	sm := &s.softmax
	r, y, old := row.r, row.y, row.old
	var n int64
	for k := run.first; k <= run.last; k++ {
		if !sm.need[k] || sm.pos[k] != run.pos {
			continue
		}
		var l float64
		if st.incr.softmax.output {
			out := s.out
			for o := range out {
				out[o] = c.pre[c.layers][o*c.rows+r]
			}
			out[st.j] = sm.da[k]
			l = c.loss.Row(out, y)
		} else {
			l = task.propagate(s, rowChange{r, sm.da[k]}, y)
		}
		t.lossDelta[k] += l - old
		t.lossMag[k] += math.Abs(l) + math.Abs(old)
		n++
	}
	return n * int64(c.downCost(st.m))
}

// softmaxEps is a unit of rounding, twice float64's unit roundoff, so
// that the bounds below hold with a margin.
const softmaxEps = 0x1p-52

// softmaxHiddenRun scores run's candidates on row, on one side of the
// last hidden layer's unit j, whose activation moves by slope·src·h per
// candidate there, into the accumulators. It reports false, having done
// nothing, when an exponent along the run leaves ±softmaxMaxExponent.
func (task *incrementalTask) softmaxHiddenRun(sm *softmaxScratch, row *softmaxRowView, run softmaxRun) bool {
	r, src, cls, old, maxLogit, absLogit := row.r, row.src, row.cls, row.old, row.maxLogit, row.absLogit
	first, last, pos, slope := run.first, run.last, run.pos, run.slope
	c, st := task.c, task.st
	g := &st.incr.softmax
	rows, nl, m, j := c.rows, c.layers, st.m, st.j
	nout := c.sizes[nl]
	in := c.sizes[m]
	off := c.model.WeightOffset(m)
	da0 := sm.da[first]
	step := slope * src * g.h // da's change from one candidate to the next
	steps := float64(last - first)
	alpha, beta := sm.alpha[:nout], sm.beta[:nout]
	amax, bmax := 0.0, 0.0
	for o := range alpha {
		w := c.x[off+o*in+j]
		a := (c.pre[nl][o*rows+r] - maxLogit) + w*da0
		b := w * step
		if !(math.Abs(a) <= softmaxMaxExponent && math.Abs(a+b*steps) <= softmaxMaxExponent) {
			return false
		}
		alpha[o], beta[o] = a, b
		amax, bmax = max(amax, math.Abs(a)), max(bmax, math.Abs(b))
	}
	term, ratio := sm.term[:nout], sm.ratio[:nout]
	ratio = ratio[:len(term)]
	for o := range term {
		term[o] = math.Exp(alpha[o])
		ratio[o] = math.Exp(beta[o])
	}
	maxDev := 0.0
	for k, i := first, 0.0; k <= last; k, i = k+1, i+1 {
		if !sm.need[k] || sm.pos[k] != pos {
			for o, q := range ratio {
				term[o] *= q
			}
			continue
		}
		// S, and the terms stepped to the next candidate, in one pass.
		sum := 0.0
		for o, q := range ratio {
			t := term[o]
			sum += t
			term[o] = t * q
		}
		sm.add(k, sum, alpha[cls]+beta[cls]*i, old)
		// The linear model's distance from this candidate's own da.
		maxDev = max(maxDev, math.Abs(sm.da[k]-(da0+step*i)))
	}
	// One bound for the run, the largest of its candidates': how far an
	// exponent here is from the incremental path's, by the model's
	// distance and a few roundings of every magnitude involved.
	daMax := math.Abs(da0) + math.Abs(step)*steps + maxDev
	expMax := amax + bmax*steps
	expErr := g.maxWeight*(maxDev+16*softmaxEps*daMax) + 8*softmaxEps*(absLogit+math.Abs(maxLogit)+expMax)
	eyMax := math.Abs(alpha[cls]) + math.Abs(beta[cls])*steps
	sm.bound(run, softmaxRowErr(expErr, steps, nout, expMax, eyMax), eyMax)
	return true
}

// softmaxOutputRun scores run's candidates on row for a parameter of
// output j, whose logit moves by src·h per candidate (sm.da holds each
// candidate's new logit), into the accumulators. It reports false, having
// done nothing, when an exponent leaves ±softmaxMaxExponent.
func (task *incrementalTask) softmaxOutputRun(sm *softmaxScratch, row *softmaxRowView, run softmaxRun) bool {
	r, src, cls, old, maxLogit, absLogit := row.r, row.src, row.cls, row.old, row.maxLogit, row.absLogit
	first, last := run.first, run.last
	c, st := task.c, task.st
	g := &st.incr.softmax
	rows, nl, j := c.rows, c.layers, st.j
	rest, amax := 0.0, 0.0
	for o := range c.sizes[nl] {
		if o == j {
			continue
		}
		e := c.pre[nl][o*rows+r] - maxLogit
		if !(math.Abs(e) <= softmaxMaxExponent) {
			return false
		}
		rest += math.Exp(e)
		amax = max(amax, math.Abs(e))
	}
	z0 := sm.da[first]
	step := src * g.h
	a := z0 - maxLogit
	if !(math.Abs(a) <= softmaxMaxExponent && math.Abs(a+step*float64(last-first)) <= softmaxMaxExponent) {
		return false
	}
	amax = max(amax, math.Abs(a))
	bmax := math.Abs(step)
	term, ratio := math.Exp(a), math.Exp(step)
	eyOther := c.pre[nl][cls*rows+r] - maxLogit
	maxDev := 0.0
	for k, i := first, 0.0; k <= last; k, i = k+1, i+1 {
		if sm.need[k] { // one run: every candidate that needs a loss
			ey := eyOther
			if cls == j {
				ey = a + step*i
			}
			sm.add(k, rest+term, ey, old)
			maxDev = max(maxDev, math.Abs(sm.da[k]-(z0+step*i)))
		}
		term *= ratio
	}
	steps := float64(last - first)
	expMax := amax + bmax*steps
	zMax := math.Abs(z0) + bmax*steps + maxDev
	expErr := maxDev + 8*softmaxEps*(absLogit+math.Abs(maxLogit)+zMax+expMax)
	eyMax := max(math.Abs(eyOther), math.Abs(a)+bmax*steps)
	sm.bound(run, softmaxRowErr(expErr, steps, c.sizes[nl], expMax, eyMax), eyMax)
	return true
}

// softmaxRowErr bounds how far a row's loss from the grid, log S - E_c,
// is from the incremental path's, given a bound expErr on its exponents'
// distance: the exponentials' relative error (expErr, their own rounding
// and i steps of a rounded ratio), S's summation over nout terms, the
// logarithm of the product (|log S| at most the largest exponent plus
// log nout), and E_c's own distance.
func softmaxRowErr(expErr, i float64, nout int, maxExp, ey float64) float64 {
	return 2.1*expErr + softmaxEps*(2*i+12+float64(nout)+2*(maxExp+3)+2*math.Abs(ey))
}

// add counts candidate k's loss on a row, log s - ey, whose old loss was
// old.
func (sm *softmaxScratch) add(k int, s, ey, old float64) {
	// s is within e^±600 times ten and mant in [1, 2): the product is a
	// normal float, whose exponent moves to exp and leaves mant in [1, 2).
	p := math.Float64bits(sm.mant[k] * s)
	sm.exp[k] += int64(p>>52&0x7FF) - 1023
	sm.mant[k] = math.Float64frombits(p&^(0x7FF<<52) | 1023<<52)
	sm.negE[k] -= ey
	sm.old[k] += old
	sm.oldAbs[k] += math.Abs(old)
	sm.count[k]++
}

// bound adds err, a bound on how far the row's loss from the grid is from
// the incremental path's, and eyMax, a bound on its |E_c|, to each of
// run's candidates counted on the row.
func (sm *softmaxScratch) bound(run softmaxRun, err, eyMax float64) {
	for k := run.first; k <= run.last; k++ {
		if sm.need[k] && sm.pos[k] == run.pos {
			sm.err[k] += err
			sm.absE[k] += eyMax
		}
	}
}

// fold adds the block's accumulated candidates to its loss changes and
// magnitudes, and writes their error bounds to blockErr: the rows' and
// those of the sums, the product and its logarithm. It returns its work,
// a logarithm per candidate counted.
func (sm *softmaxScratch) fold(lossDelta, lossMag, blockErr []float64) (work int64) {
	for k := range lossDelta {
		blockErr[k] = 0
		cnt := float64(sm.count[k])
		if cnt == 0 {
			continue
		}
		logSum := math.Log(sm.mant[k]) + float64(sm.exp[k])*math.Ln2
		l := logSum + sm.negE[k]
		lossDelta[k] += l - sm.old[k]
		lossMag[k] += math.Abs(l) + sm.oldAbs[k]
		work++
		blockErr[k] = sm.err[k] + softmaxEps*(2*cnt+1+2*math.Ln2*math.Abs(float64(sm.exp[k]))+
			(cnt+3)*(sm.absE[k]+sm.oldAbs[k]+math.Abs(logSum)))
	}
	return work
}
