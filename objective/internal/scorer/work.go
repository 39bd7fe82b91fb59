package scorer

import "fmt"

// Work is the work the scorer has done since New, in multiply-adds: the
// unit in which a forward pass over n rows costs n·MultiplyAdds, so that
// Objective can put a search candidate and a gradient on one cost axis.
//
// What counts is what the scorer executes, tallied by the code that does
// it from the rows it actually touched: a rebuild counts a forward pass
// (and the output rounding scale it keeps); an exact evaluation the terms
// it adds for the rows and units it recomputes (starting from cached
// partial sums saves terms, and so work); a commit the values it copies;
// the incremental path one step per row and candidate it visits and the
// multiply-adds of each row it propagates; the closed-form and bulk paths
// one step per row per unit they read, per piece they add to a difference
// array, and per grid value per block when they add the blocks up. A step
// that is not a multiply-add (a comparison, a copy, a piece) counts as
// one, while a forward pass counts only its multiply-adds, so the tally
// leans against the scorer, never for it.
func (c *Scorer) Work() int64 {
	for blk, w := range c.blockWork {
		c.work += w
		c.blockWork[blk] = 0
	}
	return c.work
}

// SetWorkLimit caps Work for the calls that follow: a ScoreCoordinate
// call does each phase (bringing the cache to x, scoring the candidates,
// each exact evaluation that settles a tie) only if the most work the
// phase may do keeps Work within limit, and reports whether it finished.
// A refused call has done the phases before the one refused, and counts
// them. limit < 0: no cap.
func (c *Scorer) SetWorkLimit(limit int64) { c.workLimit = limit }

// afford reports whether a phase of at most bound work keeps Work within
// the limit.
func (c *Scorer) afford(bound int64) bool {
	return c.workLimit < 0 || c.Work()+bound <= c.workLimit
}

// spent checks that a phase that started at work start did no more than
// its bound, on which the cost cap relies: more is a bug in a bound here,
// and every test of the scorer would show it.
func (c *Scorer) spent(start, bound int64, phase string) {
	if did := c.Work() - start; did > bound {
		panic(fmt.Sprintf("scorer: %s did %d work, past its bound of %d", phase, did, bound))
	}
}

// passBound bounds the work of a rebuild, or of one exact evaluation, or
// of a commit: per row, a forward pass with its output rounding scale, and
// a step for each value of the row's layers, twice over.
func (c *Scorer) passBound() int64 {
	nl := c.layers
	// The output scale afresh, or updated by one unit's term (3 a output).
	perRow := int64(c.model.MultiplyAdds() + c.sizes[nl-1]*c.sizes[nl] + 3*c.sizes[nl])
	for _, s := range c.sizes {
		perRow += 2 * int64(s)
	}
	return int64(c.rows) * perRow
}

// The bounds of the scoring paths for st's candidates, each with the
// moves and zBound's terms (startPath) and the per-candidate, per-block
// totals: the closed form reads three values per row; the incremental
// path visits every row for every candidate and may propagate each; the
// bulk path pays per row, not per candidate: its row scan, the
// downstream cache's rebuild (an insertion sort of up to width kinks) and
// every piece a row can add.
func (c *Scorer) quadraticBound(st *scoreState) int64 {
	return 3*int64(c.rows) + c.pathOverhead(st)
}

func (c *Scorer) incrementalBound(st *scoreState) int64 {
	n := int64(len(st.values))
	b := int64(c.rows)*n*int64(1+c.downCost(st.m)) + c.pathOverhead(st)
	if c.softmax {
		// Cross-entropy's grid: its plan, and a logarithm per candidate
		// and block; its rows cost no more than the path's own.
		b += n * int64(len(c.blockWork)+1)
	}
	return b
}

func (c *Scorer) bulkBound(st *scoreState) int64 {
	width := int64(1)
	if st.m+1 < c.layers {
		width += int64(c.sizes[st.m+1])
	}
	return int64(c.rows)*(8+8*width+width*width) + c.pathOverhead(st)
}

func (c *Scorer) pathOverhead(st *scoreState) int64 {
	n, nblk := int64(len(st.values)), int64(len(c.blockWork))
	return 2*n + int64(c.sizes[st.w]) + (n+1)*(nblk+1) + c.floorWork()
}
