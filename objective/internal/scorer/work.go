package scorer

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

// WorkBound is the most work one ScoreCoordinate call of n candidates may
// do, for a caller that must refuse a call it cannot afford: bringing the
// cache to x (an exact evaluation and a commit, or a rebuild), scoring
// every candidate by the dearest path, and an exact evaluation of every
// candidate to settle ties. Each of those is at most the work of a forward
// pass with its rounding scale plus one step per value of a row's layers.
func (c *Scorer) WorkBound(n int) int64 {
	perRow := int64(c.model.MultiplyAdds() + c.sizes[c.layers-1]*c.sizes[c.layers])
	for _, s := range c.sizes {
		perRow += 2 * int64(s)
	}
	// sync: an exact evaluation and a commit (or a rebuild); scoring: per
	// candidate a visit and a propagation of every row (the incremental
	// path; the others do less); settle: an exact evaluation per
	// candidate; and the blocks' totals.
	nblk := int64(len(c.blockWork))
	return int64(c.rows)*perRow*(2+2*int64(n)) + 8*int64(n+1)*nblk
}
