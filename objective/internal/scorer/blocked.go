package scorer

import "github.com/nnexp/nnexp/nn"

// unitBlocks are, for one unit of a first layer that Forward sums in
// blocks (nn.Blocked: an image's pixels), every row's block sums: S_q,
// Forward's sum from 0 of the unit's terms of inputs qB to qB+B-1, at
// [q·rows+r]. An exact evaluation of one of the unit's weights then
// recomputes that weight's block and adds the block sums to the bias,
// about 2·sqrt(inputs) additions a row where a running sum would re-add
// every term after the weight. They hold while the unit's weights change
// only by commits (which put in the new block) and the data, the layer's
// inputs, never change; a rebuild drops them.
type unitBlocks struct {
	unit   int // the unit they hold; -1 none
	inputs int
	nb     int // blocks
	rows   int
	sums   []float64
}

// newUnitBlocks returns the block sums of a first layer of inputs inputs
// over rows rows, with nil sums when Forward does not sum it in blocks.
func newUnitBlocks(inputs, rows int) unitBlocks {
	b := unitBlocks{unit: -1, inputs: inputs, rows: rows}
	if nn.Blocked(0, inputs) {
		b.nb = (inputs + nn.SumBlock - 1) / nn.SumBlock
		b.sums = make([]float64, b.nb*rows)
	}
	return b
}

// block is the first and past-the-last input of block q.
func (b *unitBlocks) block(q int) (int, int) {
	return q * nn.SumBlock, min((q+1)*nn.SumBlock, b.inputs)
}

// columnTerms is an exact evaluation's work per row for input in (-1: the
// bias): the candidate's block, if a weight's, and adding the block sums.
func (b *unitBlocks) columnTerms(in int) int {
	if in < 0 {
		return b.nb
	}
	q0, q1 := b.block(in / nn.SumBlock)
	return q1 - q0 + b.nb
}

// commit puts in the new sums of the block of input in, from an exact
// evaluation of one of its weights that a search accepted.
func (b *unitBlocks) commit(in int, sums []float64) {
	q := in / nn.SumBlock
	copy(b.sums[q*b.rows:(q+1)*b.rows], sums)
}

// blockBuildTask fills every row's block sums of a unit at x, a block of
// rows at a time.
type blockBuildTask struct {
	c    *Scorer
	unit int
}

func (task *blockBuildTask) runBlock(_, blk int) {
	c, b := task.c, &task.c.blocks
	rows, nw := c.rows, c.sizes[0]
	lo, hi := blk*blockRows, min(rows, (blk+1)*blockRows)
	off := c.model.WeightOffset(0)
	wrow := c.x[off+task.unit*nw : off+task.unit*nw+nw]
	for q := range b.nb {
		part := b.sums[q*rows+lo : q*rows+hi]
		clear(part)
		q0, q1 := b.block(q)
		addCols(part, wrow[q0:q1], c.act[0], q0*rows+lo, rows)
	}
	c.blockWork[blk] += int64((hi - lo) * nw)
}

// blockedColumn is unitColumn for a first layer summed in blocks: rows
// lo..hi-1 of unit j's pre-activation with the candidate (in c.x), as
// Forward's blocked sums form it: the bias, then each block's sum in
// order, the candidate's block recomputed (into eval.unitBlock for the
// commit).
func (task *exactTask) blockedColumn(lo, hi int) {
	c, p := task.c, task.eval
	b := &c.blocks
	rows, j, nw := c.rows, p.j, c.sizes[0]
	off := c.model.WeightOffset(0)
	bj := c.x[off+nw*c.sizes[1]+j]
	zj := p.unitPre[lo:hi]
	changed := -1
	var mine []float64
	if in := task.input; in >= 0 {
		changed = in / nn.SumBlock
		q0, q1 := b.block(changed)
		mine = p.unitBlock[lo:hi]
		clear(mine)
		addCols(mine, c.x[off+j*nw+q0:off+j*nw+q1], c.act[0], q0*rows+lo, rows)
	}
	for r := range zj {
		zj[r] = bj
	}
	for q := range b.nb {
		part := b.sums[q*rows+lo : q*rows+hi]
		if q == changed {
			part = mine
		}
		part = part[:len(zj)]
		for r, s := range part {
			zj[r] += s
		}
	}
}
