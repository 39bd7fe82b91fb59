package scorer

import "math"

// commitTask is commit's phase: each block writes its changed rows.
type commitTask struct {
	c    *Scorer
	eval *pending
}

func (t *commitTask) runBlock(_, blk int) { t.c.commitBlock(t.eval, blk) }

// commitBlock writes one block's changed rows of p into the cache, a
// column at a time, and keeps the block's column maxima of the hidden
// layers it writes.
func (c *Scorer) commitBlock(p *pending, blk int) {
	rows, nl, m := c.rows, c.nl, p.m
	part := c.cmBlk[blk*c.cmW : (blk+1)*c.cmW]
	clear(part)
	lo := blk * blockRows
	nc := p.nc[blk]
	if nc == 0 {
		return
	}
	idx := p.idx[lo : lo+nc]
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
		cm := part[c.cmOff[q] : c.cmOff[q]+n]
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

// commit makes p the cache's state.
func (c *Scorer) commit(p *pending) {
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
		c.colMax[m][j] = absMax(0, p.aj)
		// The changed rows' later layers, by blocks; each block keeps
		// its own column maxima, merged after.
		nblk := (rows + blockRows - 1) / blockRows
		c.cmBlk = grow(c.cmBlk, nblk*c.cmW)
		c.tasks.commit = commitTask{c, p}
		c.pool.run(nblk, &c.tasks.commit, rows*c.downWidth(m) >= parallelWork)
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
