package scorer

import "math"

// outputQuadratic scores a weight or bias of output unit j under MSE in
// closed form. Moving it by u moves output j of row r by u·s_r (s_r the
// input it multiplies, 1 for a bias), so the row's loss changes by
// ((e_r + u·s_r)² - e_r²)/outputs = (2u·e_r·s_r + u²·s_r²)/outputs, e_r
// the row's current error. One pass over the rows gives A = Σ s_r² and
// B = Σ e_r·s_r; then each candidate costs O(1):
//
//	loss(u) = (sum + (2u·B + u²·A)/outputs) / rows
func (c *Scorer) outputQuadratic(st *scoreState) {
	nblk := (c.rows + blockRows - 1) / blockRows
	st.blockQuadSums = grow(st.blockQuadSums, 4*nblk)
	c.tasks.quadratic = quadraticTask{c, st}
	c.pool.run(nblk, &c.tasks.quadratic, c.rows >= 16*parallelWork)
	var a, b, babs, cnt float64
	for blk := range nblk {
		q := st.blockQuadSums[4*blk : 4*blk+4]
		a += q[0]
		b += q[1]
		babs += q[2]
		cnt += q[3]
	}
	c.work += int64(nblk + len(st.moves))
	outs := float64(c.sizes[c.layers])
	for k, u := range st.moves {
		if st.exact[k] || !finite(st.values[k]) {
			continue
		}
		if cnt == 0 {
			// No row reaches the parameter: Forward adds v·0.
			st.scores[k], st.exact[k] = c.meanLoss, true
			continue
		}
		d := (2*u*b + u*u*a) / outs
		st.scores[k] = (c.lossSum + d) / float64(c.rows)
		st.errBounds[k] = c.bound(st.scores[k], (2*math.Abs(u)*babs+u*u*a)/outs+2*c.lossSum)
	}
}

// quadraticTask is outputQuadratic's phase: each block sums its rows.
type quadraticTask struct {
	c  *Scorer
	st *scoreState
}

func (task *quadraticTask) runBlock(_, blk int) { task.quadraticBlock(blk) }

// quadraticBlock adds one block's A, B, Σ|e·s| and count of reached rows.
func (task *quadraticTask) quadraticBlock(blk int) {
	c, st := task.c, task.st
	rows, nl := c.rows, c.layers
	j := st.j
	td := c.data.TargetDim
	var srcCol []float64
	if st.in >= 0 {
		srcCol = c.act[st.w][st.in*rows : (st.in+1)*rows]
	}
	out := c.pre[nl][j*rows : (j+1)*rows]
	var a, b, babs, cnt float64
	lo, hi := blk*blockRows, min(rows, (blk+1)*blockRows)
	for r := lo; r < hi; r++ {
		s := 1.0
		if srcCol != nil {
			if s = srcCol[r]; s == 0 {
				continue
			}
		}
		e := out[r] - c.data.Y[r*td+j]
		a += s * s
		b += e * s
		babs += math.Abs(e * s)
		cnt++
	}
	q := st.blockQuadSums[4*blk : 4*blk+4]
	q[0], q[1], q[2], q[3] = a, b, babs, cnt
	c.blockWork[blk] += 3 * int64(hi-lo) // a, b and |e·s| per row
}
