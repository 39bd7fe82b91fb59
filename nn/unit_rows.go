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
// four rows at a time (fourRowSums), so that a cache of one unit's column
// (package objective keeps one for minibatch search) is refreshed at the
// adder's pace when that unit's weights move, instead of by whole forward
// passes.
func (m *MLP) UnitPreRows(dst []float64, stride int, params []float64, j int, x []float64) {
	n := m.Sizes[0]
	w := params[j*n : j*n+n]
	b := params[m.BiasOffset(0)+j]
	rows := len(x) / n
	blocked := Blocked(0, n)
	r := 0
	for ; r+4 <= rows; r += 4 {
		x0, x1, x2, x3 := x[r*n:r*n+n], x[(r+1)*n:(r+1)*n+n], x[(r+2)*n:(r+2)*n+n], x[(r+3)*n:(r+3)*n+n]
		var s0, s1, s2, s3 float64
		if blocked {
			s0, s1, s2, s3 = b, b, b, b
			for q0 := 0; q0 < n; q0 += SumBlock {
				q1 := min(q0+SumBlock, n)
				p0, p1, p2, p3 := fourRowSums(0, 0, 0, 0, w[q0:q1], x0[q0:q1], x1[q0:q1], x2[q0:q1], x3[q0:q1])
				s0 += p0
				s1 += p1
				s2 += p2
				s3 += p3
			}
		} else {
			s0, s1, s2, s3 = fourRowSums(b, b, b, b, w, x0, x1, x2, x3)
		}
		dst[r*stride], dst[(r+1)*stride], dst[(r+2)*stride], dst[(r+3)*stride] = s0, s1, s2, s3
	}
	for ; r < rows; r++ {
		xr := x[r*n : r*n+n]
		s := b
		if blocked {
			for q0 := 0; q0 < n; q0 += SumBlock {
				q1 := min(q0+SumBlock, n)
				s += oneSum(0, w[q0:q1], xr[q0:q1])
			}
		} else {
			s = oneSum(b, w, xr)
		}
		dst[r*stride] = s
	}
}

// fourRowSums is oneSum for four rows x0..x3 of one unit's weights w, from
// s0..s3: four independent chains of additions in input order, so each
// row's bits are oneSum's (a product's factors commute exactly). The rows
// are at least len(w) long.
func fourRowSums(s0, s1, s2, s3 float64, w, x0, x1, x2, x3 []float64) (float64, float64, float64, float64) {
	x0, x1, x2, x3 = x0[:len(w)], x1[:len(w)], x2[:len(w)], x3[:len(w)]
	for i, v := range w {
		s0 += float64(v * x0[i])
		s1 += float64(v * x1[i])
		s2 += float64(v * x2[i])
		s3 += float64(v * x3[i])
	}
	return s0, s1, s2, s3
}

// UnitsPreRows is UnitPreRows for each unit of units (ascending or not),
// in one pass over the rows: for each row, four units at a time share
// its inputs (fourSums, as Forward sums them), so refreshing several
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
			w0, w1, w2, w3 := params[j0*n:j0*n+n], params[j1*n:j1*n+n], params[j2*n:j2*n+n], params[j3*n:j3*n+n]
			s0, s1, s2, s3 := params[bias+j0], params[bias+j1], params[bias+j2], params[bias+j3]
			if blocked {
				for q0 := 0; q0 < n; q0 += SumBlock {
					q1 := min(q0+SumBlock, n)
					p0, p1, p2, p3 := fourSums(0, 0, 0, 0, w0[q0:q1], w1[q0:q1], w2[q0:q1], w3[q0:q1], src[q0:q1])
					s0 += p0
					s1 += p1
					s2 += p2
					s3 += p3
				}
			} else {
				s0, s1, s2, s3 = fourSums(s0, s1, s2, s3, w0, w1, w2, w3, src)
			}
			out[j0], out[j1], out[j2], out[j3] = s0, s1, s2, s3
		}
	}
	for _, j := range units[groups:] {
		m.UnitPreRows(dst[j:], stride, params, j, x)
	}
}
