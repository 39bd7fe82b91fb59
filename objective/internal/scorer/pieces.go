package scorer

// quadPiece is the change of a row's loss from its current value on a
// stretch of grid, as a quadratic a·u² + b·u + c in the move u; mag bounds
// the magnitude of the terms behind it (for the rounding bound). Four
// fields, so that the compiler keeps one in registers.
type quadPiece struct {
	a, b, c, mag float64
}

// minus is the change from piece q to p, field by field.
func (p quadPiece) minus(q quadPiece) quadPiece {
	return quadPiece{p.a - q.a, p.b - q.b, p.c - q.c, p.mag - q.mag}
}

// pieceSink is one block's difference arrays over the grid's n+1 indices:
// a piece on grid indices [kA, kB) is added at kA and taken off at kB, so
// that a prefix sum over the indices gives every value's total without
// sorting. sloped counts the rows on a piece whose slope is not zero (an
// integer, so that a flat stretch is known to be exactly flat). The pieces
// the row kernels start at the grid's first value go to running sums
// first (start), added to index 0 by flush.
type pieceSink struct {
	a, b, c, mag []float64
	sloped       []int32
	start        quadPiece
	startSloped  int32
	// pieces counts the pieces added, the sink's share of the work.
	pieces int64
}

// flush adds the running sums to index 0.
func (p *pieceSink) flush() {
	p.a[0] += p.start.a
	p.b[0] += p.start.b
	p.c[0] += p.start.c
	p.mag[0] += p.start.mag
	p.sloped[0] += p.startSloped
}

// add adds q to grid indices [kA, kB), counting it as sloped or not; the
// mag and the constant go in either way, the slope terms only when sloped.
func (p *pieceSink) add(kA, kB int, q quadPiece, sloped bool) {
	if kA >= kB {
		return
	}
	p.pieces++
	a, b, c, mag := p.a[kA:kB+1], p.b[kA:kB+1], p.c[kA:kB+1], p.mag[kA:kB+1]
	last := kB - kA
	if sloped {
		a[0] += q.a
		a[last] -= q.a
		b[0] += q.b
		b[last] -= q.b
		p.sloped[kA]++
		p.sloped[kB]--
	}
	c[0] += q.c
	c[last] -= q.c
	mag[0] += q.mag
	mag[last] -= q.mag
}

// addFirst adds a row's piece at the grid's first value to the running
// sums.
func (p *pieceSink) addFirst(q quadPiece, sloped int32) {
	p.pieces++
	p.start.a += q.a
	p.start.b += q.b
	p.start.c += q.c
	p.start.mag += q.mag
	p.startSloped += sloped
}

// step adds a change of a row's piece at grid index k.
func (p *pieceSink) step(k int, q quadPiece, sloped int32) {
	p.pieces++
	p.a[k] += q.a
	p.b[k] += q.b
	p.c[k] += q.c
	p.mag[k] += q.mag
	p.sloped[k] += sloped
}

// at adds a piece that starts at grid index k: to the running sums at the
// grid's start, else as a step.
func (p *pieceSink) at(k int, q quadPiece, sloped int32) {
	if k == 0 {
		p.addFirst(q, sloped)
		return
	}
	p.step(k, q, sloped)
}
