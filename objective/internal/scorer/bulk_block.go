package scorer

// bulkScratch is one worker's buffers for the bulk path.
type bulkScratch struct {
	gains, nextPre0, nextSlope []float64 // per next-layer unit: gain, pre-activation at u=0, slope
	crossAt                    []float64 // crossings of a piece: where
	crossUnit                  []int32   // and which unit
	errConst, errSlope         []float64 // per output: error line on the current piece
	err0                       []float64 // per output: the row's current error
	left                       []int32   // rows left to the general kernels
	kinkIndex                  []int32   // lossDeepRows: each kink's grid index
	down                       downScratch
}

// newBulkScratch sizes the buffers for layers of at most w units and out
// outputs.
func newBulkScratch(w, out int) bulkScratch {
	return bulkScratch{
		gains: make([]float64, w), nextPre0: make([]float64, w), nextSlope: make([]float64, w),
		crossAt: make([]float64, w), crossUnit: make([]int32, w),
		errConst: make([]float64, out), errSlope: make([]float64, out), err0: make([]float64, out),
		left: make([]int32, 0, blockRows), kinkIndex: make([]int32, w+1),
		down: newDownScratch(),
	}
}

// bulkRows is one block as the bulk kernels see it: its rows lo..hi-1,
// the parameter's input column (nil for a bias, whose input is 1), unit
// j's cached pre-activation and activation columns (all indexed by row),
// and where the block's pieces and marks go.
type bulkRows struct {
	lo, hi int
	input  []float64
	z, a   []float64
	sink   *pieceSink
	marks  gridMarks
}

// nextLayer is the layer after unit j's as the deep kernels read it.
type nextLayer struct {
	// fromUnit[k·stride+j] is next unit k's weight from unit j (stride:
	// the width of unit j's layer); toOutput[o·width+k] is output o's
	// weight from next unit k.
	fromUnit, toOutput []float64
	// pre and act are the layer's cached columns, unit k of row r at
	// [k·rows+r].
	pre, act            []float64
	rows, stride, width int
	unit                int     // j
	negSlope            float64 // the layer's slope below 0
	reachesOutput       []bool  // per unit: a nonzero output weight
}

// bulkBlock adds one block's pieces into its difference arrays.
func (task *bulkTask) bulkBlock(s *bulkScratch, blk int) {
	c, st := task.c, task.st
	bs := &st.bulk
	rows, nl, m, j := c.rows, c.layers, st.m, st.j
	n1 := len(st.values) + 1
	f := bs.diffs[blk*4*n1 : (blk+1)*4*n1]
	ii := bs.counts[blk*3*n1 : (blk+1)*3*n1]
	clear(f)
	clear(ii)
	sink := pieceSink{a: f[:n1], b: f[n1 : 2*n1], c: f[2*n1 : 3*n1], mag: f[3*n1:], sloped: ii[:n1]}
	b := bulkRows{
		lo: blk * blockRows, hi: min(rows, (blk+1)*blockRows), sink: &sink,
		marks: gridMarks{uncertain: ii[n1 : 2*n1], boundary: ii[2*n1:]},
	}
	// A step per row and unit read (unit j's, and the next layer's when
	// deep), and one per piece added.
	defer func() {
		width := 1
		if bs.deep {
			width += c.sizes[m+1]
		}
		c.blockWork[blk] += int64((b.hi-b.lo)*width) + sink.pieces
	}()
	if m == nl {
		// An output-layer parameter under an ErrorPieces loss.
		bs.bad[blk] = !task.lossOutputRows(&b)
		sink.flush()
		return
	}
	if st.in >= 0 {
		b.input = c.act[st.w][st.in*rows : (st.in+1)*rows]
	}
	b.z, b.a = c.scoredUnit(m, j)
	no := c.sizes[nl]
	var next nextLayer
	off := c.model.WeightOffset(m)
	wj := c.x[off:] // shallow: output o's weight from j at [o·nm+j]
	if bs.deep {
		nq, nm := c.sizes[m+1], c.sizes[m]
		ooff := c.model.WeightOffset(nl - 1)
		next = nextLayer{
			fromUnit: c.x[off : off+nm*nq], toOutput: c.x[ooff : ooff+nq*no],
			pre: c.pre[m+1], act: c.act[m+1],
			rows: rows, stride: nm, width: nq, unit: j,
			negSlope: c.negSlope[m], reachesOutput: bs.reachesOutput,
		}
	}
	if bs.buildDown {
		c.buildDown(&next, &b, bs.onlyDirty, bs.window, &s.down)
	}
	gNeg := c.negSlope[m-1]
	if c.lossPieces != nil {
		// A piecewise linear unit under an ErrorPieces loss (bulkFits).
		if bs.deep {
			bs.bad[blk] = !task.lossDeepRows(s, &b)
		} else {
			bs.bad[blk] = !task.lossShallowRows(&b, wj[j], gNeg)
		}
		sink.flush()
		return
	}
	// The rows to do here: with one output, those the kernels of
	// bulk_relu.go leave.
	left := s.left[:0]
	switch {
	case gNeg >= 0 && no == 1 && !bs.deep:
		left = task.reluShallowRows(&b, left, wj[j], gNeg)
	case no == 1 && bs.useDown:
		left = task.reluDeepRows(&b, left)
	default:
		for r := b.lo; r < b.hi; r++ {
			left = append(left, int32(r))
		}
	}
	if len(left) > 0 {
		bs.left[blk] = true
		if bs.deep {
			task.generalDeepRows(s, &b, &next, left)
		} else {
			task.generalShallowRows(s, &b, left)
		}
	}
	sink.flush()
}
