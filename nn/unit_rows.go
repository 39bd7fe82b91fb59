package nn

// UnitPreRows sets dst[r·stride] to unit j's first-layer pre-activation
// at params for each row r of x (row-major, Sizes[0] values a row), bit
// for bit what Forward puts in Pre(1)[j] for that row. It is
//
//	for r := range len(x) / n {
//		s := b[j]
//		for q0 := 0; q0 < n; q0 += SumBlock { // one block of n when !Blocked(0, n)
//			part := 0.0 // s itself when !Blocked(0, n)
//			for i := q0; i < min(q0+SumBlock, n); i++ {
//				part += float64(w[j*n+i] * x[r*n+i])
//			}
//			s += part
//		}
//		dst[r*stride] = s
//	}
//
// four rows at a time (sumsOfFour, with the rows in the weights' place),
// so that a cache of one unit's column (package objective keeps one for
// minibatch search) is refreshed at the adder's pace when that unit's
// weights move, instead of by whole forward passes.
func (m *MLP) UnitPreRows(dst []float64, stride int, params []float64, j int, x []float64) {
	n := m.Sizes[0]
	w := params[j*n : j*n+n]
	b := params[m.BiasOffset(0)+j]
	rows := len(x) / n
	blocked := Blocked(0, n)
	r := 0
	for ; r+4 <= rows; r += 4 {
		x0, x1, x2, x3 := x[r*n:r*n+n], x[(r+1)*n:(r+1)*n+n], x[(r+2)*n:(r+2)*n+n], x[(r+3)*n:(r+3)*n+n]
		dst[r*stride], dst[(r+1)*stride], dst[(r+2)*stride], dst[(r+3)*stride] = sumsOfFour(blocked, b, b, b, b, x0, x1, x2, x3, w)
	}
	for ; r < rows; r++ {
		dst[r*stride] = sumOfOne(blocked, b, w, x[r*n:r*n+n])
	}
}

// UnitsPreRows is UnitPreRows for each unit of units (ascending or not),
// in one pass over the rows: for each row, four units at a time share
// its inputs (sumsOfFour, as Forward sums them), so refreshing several
// units reads x once, and the adder, not memory, sets the pace. Units
// left over after the groups of four go through UnitPreRows.
func (m *MLP) UnitsPreRows(dst []float64, stride int, params []float64, units []int, x []float64) {
	n := m.Sizes[0]
	bias := m.BiasOffset(0)
	rows := len(x) / n
	blocked := Blocked(0, n)
	groups := len(units) / 4 * 4
	for r := range rows {
		src := x[r*n : r*n+n]
		out := dst[r*stride:]
		for g := 0; g < groups; g += 4 {
			j0, j1, j2, j3 := units[g], units[g+1], units[g+2], units[g+3]
			out[j0], out[j1], out[j2], out[j3] = sumsOfFour(blocked, params[bias+j0], params[bias+j1], params[bias+j2], params[bias+j3],
				params[j0*n:j0*n+n], params[j1*n:j1*n+n], params[j2*n:j2*n+n], params[j3*n:j3*n+n], src)
		}
	}
	for _, j := range units[groups:] {
		m.UnitPreRows(dst[j:], stride, params, j, x)
	}
}
