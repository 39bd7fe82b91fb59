package scorer

import "math"

// commitTask is commit's phase: each block writes its changed rows.
type commitTask struct {
	c    *Scorer
	eval *pending
}

func (task *commitTask) runBlock(_, blk int) { task.commitBlock(blk) }

// commitBlock writes one block's changed rows of p into the cache, a
// column at a time, and keeps the block's column maxima of the hidden
// layers it writes.
func (task *commitTask) commitBlock(blk int) {
	c, p := task.c, task.eval
	rows, nl, m := c.rows, c.layers, p.m
	part := c.blockColMax[blk*c.blockColMaxWidth : (blk+1)*c.blockColMaxWidth]
	clear(part)
	lo := blk * blockRows
	nc := p.changedCount[blk]
	if nc == 0 {
		return
	}
	idx := p.changedRows[lo : lo+nc]
	c.blockWork[blk] += int64(nc * (c.downWidth(m) + c.sizes[nl]))
	c.commitOutTerms(p, idx)
	for q := m + 1; q <= nl; q++ {
		n := c.sizes[q]
		src := p.pre[q][lo*n : lo*n+n*nc]
		for k := range n {
			col := c.pre[q][k*rows : (k+1)*rows]
			v := src[k*nc : (k+1)*nc]
			v = v[:len(idx)]
			for i, r := range idx {
				col[r] = v[i]
			}
		}
		if q == nl {
			break
		}
		src = p.act[q][lo*n : lo*n+n*nc]
		cm := part[c.blockColMaxAt[q] : c.blockColMaxAt[q]+n]
		for k := range cm {
			col := c.act[q][k*rows : (k+1)*rows]
			v := src[k*nc : (k+1)*nc]
			v = v[:len(idx)]
			// The maximum on the bits, as absMax, in the same pass.
			b := uint64(0)
			for i, r := range idx {
				col[r] = v[i]
				b = max(b, math.Float64bits(v[i])&^(1<<63))
			}
			if b <= 0x7FF0000000000000 {
				cm[k] = max(cm[k], math.Float64frombits(b))
			} else {
				cm[k] = absMax(cm[k], v)
			}
		}
	}
}

// commitOutTerms puts in the output terms of p's changed rows idx.
func (c *Scorer) commitOutTerms(p *pending, idx []int32) {
	rows := c.rows
	for o := range c.sizes[c.layers] {
		col, now := c.outTerms[o*rows:(o+1)*rows], p.outTerms[o*rows:(o+1)*rows]
		for _, r := range idx {
			col[r] = now[r]
		}
	}
}

// commit makes p the cache's state.
func (c *Scorer) commit(p *pending) {
	rows, nl := c.rows, c.layers
	m, j := p.m, p.j
	c.x[p.i] = p.v
	c.dropFirstTerms(p.i)
	c.paramsBeyond = c.paramsBeyond || beyond(p.v)
	_, _, in := c.where(p.i)
	c.invalidatePrefix(m, j, in)
	if m == 1 && in >= 0 && c.blocks.unit == j {
		c.blocks.commit(in, p.unitBlock)
		c.work += int64(rows)
	}
	c.dropDown(p)
	copy(c.pre[m][j*rows:(j+1)*rows], p.unitPre)
	c.work += int64(rows)
	if m == nl {
		// An output changed: the rows it changed have new output terms.
		for blk, nc := range p.changedCount {
			lo := blk * blockRows
			c.commitOutTerms(p, p.changedRows[lo:lo+nc])
			c.work += int64(nc * c.sizes[nl])
		}
	}
	if m < nl {
		copy(c.act[m][j*rows:(j+1)*rows], p.unitAct)
		c.colMax[m][j] = absMax(0, p.unitAct)
		// The changed rows' later layers, by blocks; each block keeps
		// its own column maxima, merged after.
		nblk := (rows + blockRows - 1) / blockRows
		c.blockColMax = grow(c.blockColMax, nblk*c.blockColMaxWidth)
		c.tasks.commit = commitTask{c, p}
		c.pool.run(nblk, &c.tasks.commit, rows*c.downWidth(m) >= parallelWork)
		for q := m + 1; q < nl; q++ {
			cm := c.colMax[q]
			for blk := range nblk {
				part := c.blockColMax[blk*c.blockColMaxWidth+c.blockColMaxAt[q]:]
				for k := range cm {
					cm[k] = max(cm[k], part[k])
				}
			}
		}
	}
	c.rowLoss, p.rowLoss = p.rowLoss, c.rowLoss
	c.rowOutputScale, p.rowOutputScale = p.rowOutputScale, c.rowOutputScale
	c.setSum(p.lossSum)
	c.evals[0].ok, c.evals[1].ok = false, false
}
