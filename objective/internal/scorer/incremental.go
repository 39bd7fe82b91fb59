package scorer

import (
	"math"

	"github.com/nnexp/nnexp/nn"
)

// incremental scores every candidate from the cached columns: a candidate
// for a weight or bias of unit j changes only unit j's pre-activation, so
// each row's new activation is one multiply-add away; rows whose activation
// does not change keep their loss, and the others are propagated through
// the later layers (a rank-1 update of the next layer, then the deltas) and
// rescored. It works for every activation and loss. Scores are
// approximate: settle makes the decisive ones exact.
func (c *Scorer) incremental(st *scoreState) {
	n := len(st.values)
	nblk := (c.rows + blockRows - 1) / blockRows
	st.incr.blockDelta, st.incr.blockMag = grow(st.incr.blockDelta, nblk*n), grow(st.incr.blockMag, nblk*n)
	st.incr.blockChanged, st.incr.blockNotOff = grow(st.incr.blockChanged, nblk*n), grow(st.incr.blockNotOff, nblk*n)
	st.incr.softmax = softmaxGrid{}
	if st.path == Auto && c.softmax {
		st.incr.softmax = c.planSoftmax(st)
		c.work += int64(n)
	}
	grid := st.incr.softmax.ok
	if grid {
		st.incr.blockErr = grow(st.incr.blockErr, nblk*n)
	}
	c.tasks.incremental = incrementalTask{c, st}
	work := c.rows * n * (2 + c.downCost(st.m))
	c.pool.run(nblk, &c.tasks.incremental, work >= parallelWork)

	relu := st.m < c.layers && c.piecewise[st.m-1] && c.negSlope[st.m-1] == 0
	if relu {
		st.groups = 1 // group 0: the unit is off on every row it reaches
	}
	c.work += int64(n * nblk)
	for k := range n {
		if st.exact[k] || !finite(st.values[k]) {
			continue
		}
		d, mag, gridErr := 0.0, 0.0, 0.0
		var changed, notOff int32
		for b := range nblk {
			d += st.incr.blockDelta[b*n+k]
			mag += st.incr.blockMag[b*n+k]
			changed += st.incr.blockChanged[b*n+k]
			notOff += st.incr.blockNotOff[b*n+k]
			if grid {
				gridErr += st.incr.blockErr[b*n+k]
			}
		}
		if changed == 0 {
			st.scores[k], st.exact[k] = c.meanLoss, true
		} else {
			st.scores[k] = (c.lossSum + d) / float64(c.rows)
			st.errBounds[k] = c.bound(st.scores[k], mag) + 1.01*gridErr/float64(c.rows)
		}
		if relu && notOff == 0 {
			st.group[k] = 0
		}
	}
}

// downCost is the work of propagating one row's change of a unit in layer
// m to the outputs: the rank-1 update of layer m+1, then each later
// layer's activations, deltas and multiply-adds, and the loss.
func (c *Scorer) downCost(m int) int {
	nl := c.layers
	if m >= nl {
		return c.sizes[nl] // an output's change: only the loss
	}
	w := c.sizes[m+1] + c.sizes[nl]
	for q := m + 1; q < nl; q++ {
		w += c.sizes[q] * (2 + c.sizes[q+1])
	}
	return w
}

// incrementalState is the per-parameter part of scoreState for the
// incremental path: per block, per candidate partials of the loss change,
// its magnitude, the rows changed and the rows not certainly off.
type incrementalState struct {
	blockDelta, blockMag      []float64
	blockChanged, blockNotOff []int32
	// softmax is cross-entropy's grid plan; blockErr, per block and
	// candidate, bounds how far its scores are from this path's.
	softmax  softmaxGrid
	blockErr []float64
}

// incrementalTask is incremental's phase: each block scores every
// candidate on its rows.
type incrementalTask struct {
	c  *Scorer
	st *scoreState
}

func (task *incrementalTask) runBlock(worker, blk int) {
	task.incrementalBlock(task.c.scratch[worker], blk)
}

// incrementalBlock scores every candidate on one block of rows.
func (task *incrementalTask) incrementalBlock(s *workerScratch, blk int) {
	c, st := task.c, task.st
	rows, nl := c.rows, c.layers
	n := len(st.values)
	lossDelta, lossMag := st.incr.blockDelta[blk*n:blk*n+n], st.incr.blockMag[blk*n:blk*n+n]
	chg, notOff := st.incr.blockChanged[blk*n:blk*n+n], st.incr.blockNotOff[blk*n:blk*n+n]
	clear(lossDelta)
	clear(lossMag)
	clear(chg)
	clear(notOff)
	m, j := st.m, st.j
	var srcCol []float64
	if st.in >= 0 {
		srcCol = c.act[st.w][st.in*rows : (st.in+1)*rows]
	}
	zc := c.pre[m][j*rows : (j+1)*rows]
	var ac []float64
	var act nn.Activation
	relu := false
	if m < nl {
		ac = c.act[m][j*rows : (j+1)*rows]
		act = c.activations[m-1]
		relu = c.piecewise[m-1] && c.negSlope[m-1] == 0
	}
	lo, hi := blk*blockRows, min(rows, (blk+1)*blockRows)
	// One step per row and candidate visited (an output's: its loss), the
	// downstream multiply-adds per row propagated.
	var visits, propagated, gridWork int64
	defer func() {
		visitWork := int64(1)
		if m == nl {
			visitWork = int64(c.sizes[nl])
		}
		c.blockWork[blk] += visits*visitWork + propagated*int64(c.downCost(m)) + gridWork
	}()
	grid := st.incr.softmax.ok
	tally := blockTally{lossDelta: lossDelta, lossMag: lossMag, chg: chg, notOff: notOff}
	if grid {
		s.softmax.reset(n, c.sizes[nl])
	}
	for r := lo; r < hi; r++ {
		src := 1.0
		if srcCol != nil {
			if src = srcCol[r]; src == 0 {
				// Forward adds v*0: the row cannot change.
				continue
			}
		}
		old := c.rowLoss[r]
		_, y := c.data.Row(r)
		if grid {
			gridWork += task.softmaxRow(s, softmaxRowView{r: r, src: src, y: y, old: old}, &tally)
			continue
		}
		for k := range n {
			if st.exact[k] || !finite(st.values[k]) {
				continue
			}
			visits++
			z := zc[r] + st.moves[k]*src
			if m == nl {
				out := s.out
				for o := range out {
					out[o] = c.pre[nl][o*rows+r]
				}
				out[j] = z
				l := c.loss.Row(out, y)
				lossDelta[k] += l - old
				lossMag[k] += math.Abs(l) + math.Abs(old)
				chg[k]++
				continue
			}
			if relu {
				if z < -st.unitZTol {
					if ac[r] == 0 {
						continue // off before and certainly after
					}
				} else {
					notOff[k]++
				}
			}
			chg[k]++
			a := act.Apply(z)
			if a == ac[r] {
				continue
			}
			propagated++
			l := task.propagate(s, rowChange{r, a - ac[r]}, y)
			lossDelta[k] += l - old
			lossMag[k] += math.Abs(l) + math.Abs(old)
		}
	}
	if grid {
		visits += tally.visits
		gridWork += s.softmax.fold(lossDelta, lossMag, st.incr.blockErr[blk*n:blk*n+n])
	}
}

// rowChange is a change da of unit j's activation at row r.
type rowChange struct {
	r  int
	da float64
}

// propagate returns row ch.r's loss, its target y, when unit j of layer m
// (st) changes its activation by ch.da, from the cached later layers.
func (task *incrementalTask) propagate(s *workerScratch, ch rowChange, y []float64) float64 {
	c, st := task.c, task.st
	r, da := ch.r, ch.da
	rows, nl := c.rows, c.layers
	m, j := st.m, st.j
	// Layer m+1: a rank-1 update by column j of its weights.
	in, n := c.sizes[m], c.sizes[m+1]
	off := c.model.WeightOffset(m)
	wq := c.x[off : off+in*n]
	delta, cur := s.delta, s.cur
	for q := range n {
		cur[q] = c.pre[m+1][q*rows+r] + wq[q*in+j]*da
	}
	for q := m + 1; q < nl; q++ {
		// Activations and their deltas, then the next layer's deltas.
		nq := c.sizes[q]
		act := c.act[q]
		c.applyLayer(q, s.prev[:nq], cur[:nq])
		for k := range nq {
			delta[k] = s.prev[k] - act[k*rows+r]
		}
		next := c.sizes[q+1]
		qoff := c.model.WeightOffset(q)
		w := c.x[qoff : qoff+nq*next]
		pre := c.pre[q+1]
		for u := range next {
			row := w[u*nq : u*nq+nq]
			d := delta[:len(row)]
			t := pre[u*rows+r]
			for k, v := range row {
				t += v * d[k]
			}
			cur[u] = t
		}
	}
	out := s.out
	copy(out, cur[:len(out)])
	return c.loss.Row(out, y)
}
