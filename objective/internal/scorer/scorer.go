package scorer

import (
	"bytes"
	"math"
	"unsafe"

	"github.com/nnexp/nnexp/nn"
)

// blockRows is the fixed row-block size of the coordinate scorer: every sum
// over rows is formed per block and the block sums are added in block
// order, so the scores do not depend on how many workers computed them.
const blockRows = 256

// Scorer holds, for the parameter vector x it was last synced to, every
// row's pre-activations and activations (column-major: unit k of layer m
// for row r is at [k*rows+r]), every row's loss and their sum. Its values
// are bit for bit what Forward and Func compute at x: they are built with
// Forward and refreshed by exactEval, which repeats Forward's arithmetic,
// term by term in Forward's order. It starts a sum from a cached partial
// sum over the inputs before the changed one (nextSums, unitSums)
// rather than from the bias: the same additions in the same order, so the
// same bits.
//
// Invalidation: the cache compares the x it is given with its copy. Equal:
// nothing to do. One coordinate differs (the value a search accepted): the
// pending exact evaluation of that value is committed if there is one, else
// the value is evaluated exactly and committed, touching only the rows and
// units it changes. More than one differs: everything is rebuilt. So the
// caller's discipline never affects correctness, only speed.
type Scorer struct {
	model  *nn.MLP
	data   *nn.Data
	loss   nn.Loss
	rows   int
	layers int // linear layers: hidden ones and the output
	sizes  []int
	// activations[m-1] is hidden layer m's activation.
	activations []nn.Activation
	// piecewise[m-1] says whether hidden layer m is piecewise linear (see
	// NegativeSlope), negSlope[m-1] its slope below 0 if so.
	negSlope     []float64
	piecewise    []bool
	squaredError bool
	// softmax says the loss is softmax cross-entropy (softmax.go).
	softmax bool
	// lossKnots and lossPieces are the loss's ErrorPieces when it has them
	// and the net one output (and the loss is not MSE, which has paths of
	// its own); lossPieces nil otherwise.
	lossKnots  []float64
	lossPieces [][3]float64

	x     []float64
	valid bool
	// pre[m] for m in 1..layers (pre[layers] holds the outputs); act[m]
	// for m in 0..layers-1 (act[0] holds the inputs).
	pre, act [][]float64
	// colMax[m][k] is at least the largest |act[m][k*rows+r]| over rows.
	colMax  [][]float64
	rowLoss []float64
	// rowOutputScale[r] is the squared magnitude of the terms of row r's
	// outputs, the scale of the rounding in a recomputed output;
	// meanOutputScale is its mean.
	rowOutputScale []float64
	// outTerms[o·rows+r] is row r's output o's term magnitude |b| + Σ|w·a|,
	// whose squares' mean over outputs is rowOutputScale[r]: kept so that
	// when one unit of the last hidden layer changes, a row's scale is
	// updated by that unit's term instead of recomputed from every one.
	outTerms        []float64
	lossSum         float64
	meanLoss        float64 // what Func reports: lossSum / rows
	meanOutputScale float64
	// lossScale is the loss's rounding scale that output rounding of scale
	// meanOutputScale causes: that itself for MSE; a2·s + |a1|·sqrt(s) at
	// most over the pieces of an ErrorPieces loss, whose linear pieces
	// grow with the output rather than its square.
	lossScale float64

	ws    *nn.Workspace
	evals [2]*pending // the best exact evaluation so far and a scratch one
	// nextSums are the partial sums of every unit of the layer after the
	// unit last evaluated exactly, unitSums those of the unit a weight
	// feeds (see prefixSums).
	nextSums, unitSums prefixSums
	// blocks replace unitSums for a first layer nn.Blocked sums in
	// blocks (blocked.go); its sums are nil otherwise.
	blocks unitBlocks
	// blockColMax holds each block's column maxima of the hidden layers
	// during a commit, blockColMaxWidth per block, layer q's from
	// blockColMaxAt[q].
	blockColMax      []float64
	blockColMaxAt    []int
	blockColMaxWidth int
	pool             *workerPool
	// work is the work done so far, blockWork[blk] what a phase's block
	// of rows added since Work last collected it (work.go).
	work      int64
	blockWork []int64
	workLimit int64 // SetWorkLimit's; < 0: none
	// scratch of the scoring paths, one set per worker.
	scratch []*workerScratch
	score   scoreState
	down    downCache
	// first, when set, gives a rebuild the first layer (SetFirstLayer).
	first FirstLayer
	// def is a deferred refresh (deferred.go), carry one carried into
	// the cache (carry.go).
	def   deferral
	carry carry
	// carryAlways: CarryAlways was called.
	carryAlways bool
	// floorErr is outputFloor's scratch: two layers' errors;
	// floorFirst its kept first-layer terms, where floorFirstOK.
	floorErr, floorFirst []float64
	floorFirstOK         []bool
	// dataBeyond says an input or target is beyond rangeLimit or not
	// finite; paramsBeyond that a parameter of the cache's x was at the
	// last rebuild or has been since (range.go).
	dataBeyond, paramsBeyond bool
	// tasks holds the phase being run, so that handing it to the pool
	// allocates nothing.
	tasks struct {
		exact       exactTask
		commit      commitTask
		quadratic   quadraticTask
		incremental incrementalTask
		bulk        bulkTask
		blockBuild  blockBuildTask
		rebuild     rebuildTask
	}
}

// New returns a scorer of model on data under loss; it builds its cache
// on first use.
func New(model *nn.MLP, data *nn.Data, loss nn.Loss) *Scorer {
	return NewReusing(model, data, loss, nil)
}

// NewReusing is New taking the activation columns of old, a scorer no
// longer used, where they are large enough: a minibatch search makes a
// scorer for every batch, and the columns of a batch of images are tens
// of megabytes that New would otherwise allocate and clear each time.
// Every value of them is written before it is read (the inputs here, the
// rest by the first rebuild), so nothing of old's state carries over.
func NewReusing(model *nn.MLP, data *nn.Data, loss nn.Loss, old *Scorer) *Scorer {
	data, loss = oneHotView(data, loss, model.Sizes[len(model.Sizes)-1])
	nl := model.Layers()
	if old != nil && old.layers != nl {
		// reuseColumns reads old's columns layer by layer.
		old = nil
	}
	rows := data.Rows
	c := &Scorer{
		model: model, data: data, loss: loss, rows: rows, layers: nl,
		sizes:          append([]int(nil), model.Sizes...),
		activations:    append([]nn.Activation(nil), model.Activations...),
		negSlope:       make([]float64, nl-1),
		piecewise:      make([]bool, nl-1),
		squaredError:   IsSquaredError(loss),
		softmax:        isSoftmax(loss),
		x:              make([]float64, model.NumParams()),
		pre:            make([][]float64, nl+1),
		act:            make([][]float64, nl),
		colMax:         make([][]float64, nl),
		rowLoss:        make([]float64, rows),
		rowOutputScale: make([]float64, rows),
		outTerms:       make([]float64, rows*model.Sizes[nl]),
		ws:             model.NewWorkspace(),
	}
	for m := 1; m < nl; m++ {
		c.negSlope[m-1], c.piecewise[m-1] = NegativeSlope(c.activations[m-1])
	}
	if !c.squaredError && c.sizes[nl] == 1 {
		c.lossKnots, c.lossPieces = errorPieces(loss)
	}
	for m := 0; m <= nl; m++ {
		if m > 0 {
			c.pre[m] = reuseColumns(old, func(o *Scorer) []float64 { return o.pre[m] }, c.sizes[m]*rows)
		}
		if m < nl {
			c.act[m] = reuseColumns(old, func(o *Scorer) []float64 { return o.act[m] }, c.sizes[m]*rows)
			c.colMax[m] = make([]float64, c.sizes[m])
		}
	}
	inputColumns(c.act[0], c.colMax[0], data.X, rows, c.sizes[0])
	c.dataBeyond = anyBeyond(c.colMax[0]) || anyBeyond(data.Y)
	c.blocks = newUnitBlocks(c.sizes[0], rows) // before the pendings, which size for it
	c.evals[0], c.evals[1] = c.newPending(), c.newPending()
	widest := 0 // of the layers whose sums nextSums keeps
	for q := 2; q <= nl; q++ {
		widest = max(widest, c.sizes[q])
	}
	c.nextSums.sums = make([]float64, rows*widest)
	c.unitSums.sums = make([]float64, rows)
	c.blockColMaxAt = make([]int, nl+1)
	for q := 1; q < nl; q++ {
		c.blockColMaxAt[q] = c.blockColMaxWidth
		c.blockColMaxWidth += c.sizes[q]
	}
	c.down = newDownCache(c)
	c.blockWork = make([]int64, (rows+blockRows-1)/blockRows)
	c.workLimit = -1
	c.SetWorkers(1)
	return c
}

// reuseColumns is old's columns that get picks, cut to n values, if old
// has room for them; else new ones. old, if not nil, has as many layers
// (NewReusing sees to it).
func reuseColumns(old *Scorer, get func(*Scorer) []float64, n int) []float64 {
	if old != nil {
		if cols := get(old); cap(cols) >= n {
			return cols[:n]
		}
	}
	return make([]float64, n)
}

// inputColumns is
//
//	for r := range rows {
//		for k := range in {
//			cols[k*rows+r] = x[r*in+k]
//			colMax[k] = max(colMax[k], math.Abs(x[r*in+k]))
//		}
//	}
//
// (colMax starting at 0), done in tiles of rows and inputs: a column
// store strides by rows, and a tile keeps what it writes and reads in
// cache instead of touching a new line for every value. The maximum is
// the loop's in any order, NaN included.
func inputColumns(cols, colMax, x []float64, rows, in int) {
	const tile = 64
	for r0 := 0; r0 < rows; r0 += tile {
		r1 := min(r0+tile, rows)
		for k0 := 0; k0 < in; k0 += tile {
			k1 := min(k0+tile, in)
			for k := k0; k < k1; k++ {
				col := cols[k*rows+r0 : k*rows+r1]
				mx := colMax[k]
				for i := range col {
					v := x[(r0+i)*in+k]
					col[i] = v
					mx = max(mx, math.Abs(v))
				}
				colMax[k] = mx
			}
		}
	}
}

// differences counts the coordinates in which x differs from the cache's
// copy, bit for bit, up to 2 (-1: the cache is not built), and where the
// last counted is. It runs before every scored parameter over every
// parameter (50,000 on a Fashion-MNIST net), so it compares chunks of
// bytes with the runtime's vectorised memory compare and looks at the
// values only in a chunk that differs.
func (c *Scorer) differences(x []float64) (diff, at int) {
	if !c.valid {
		return -1, -1
	}
	const chunk = 512
	at = -1
	for lo := 0; lo < len(x); lo += chunk {
		hi := min(lo+chunk, len(x))
		if bytes.Equal(float64Bytes(x[lo:hi]), float64Bytes(c.x[lo:hi])) {
			continue
		}
		for i := lo; i < hi; i++ {
			if math.Float64bits(x[i]) != math.Float64bits(c.x[i]) {
				diff++
				at = i
				if diff > 1 {
					return diff, at
				}
			}
		}
	}
	return diff, at
}

// float64Bytes is v's memory as bytes, for a bitwise compare.
func float64Bytes(v []float64) []byte {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v)*8)
}

// sync brings the cache to x, by the rule in Scorer's comment, given
// differences' count and place.
func (c *Scorer) sync(x []float64, diff, at int) {
	switch diff {
	case 0:
		return
	case 1:
		p := c.evals[0]
		if !p.ok || p.i != at || math.Float64bits(p.v) != math.Float64bits(x[at]) {
			c.exactEval(p, at, x[at])
		}
		c.commit(p)
	default:
		c.rebuild(x)
	}
}

// rebuild recomputes every cached value at x with Forward, a block of
// rows per task over the workers; the row losses are then summed in row
// order, as Func sums them.
func (c *Scorer) rebuild(x []float64) {
	copy(c.x, x)
	c.paramsBeyond = anyBeyond(x)
	c.dropFirstTerms(-1)
	c.def.on, c.carry.on = false, false
	c.evals[0].ok, c.evals[1].ok = false, false
	c.nextSums.layer, c.unitSums.layer = 0, 0
	c.blocks.unit = -1
	c.dropAllDown()
	rows, nl := c.rows, c.layers
	nblk := (rows + blockRows - 1) / blockRows
	c.blockColMax = grow(c.blockColMax, nblk*c.blockColMaxWidth)
	perRow := int64(c.model.MultiplyAdds())
	fromFirst := c.first != nil
	if fromFirst {
		c.work += c.first.Sync(x)
		perRow -= int64(c.sizes[0] * c.sizes[1])
	}
	c.tasks.rebuild = rebuildTask{c, fromFirst}
	c.pool.run(nblk, &c.tasks.rebuild, int64(rows)*int64(c.model.MultiplyAdds()) >= parallelWork)
	for m := 1; m < nl; m++ {
		cm := c.colMax[m]
		clear(cm)
		for blk := range nblk {
			part := c.blockColMax[blk*c.blockColMaxWidth+c.blockColMaxAt[m]:]
			for k := range cm {
				cm[k] = max(cm[k], part[k])
			}
		}
	}
	sum := 0.0
	for _, l := range c.rowLoss {
		sum += l
	}
	c.setSum(sum)
	c.valid = true
	nl1, out := c.sizes[nl-1], c.sizes[nl]
	c.work += int64(rows) * (perRow + int64(nl1*out))
}

// rebuildTask is rebuild's phase: each block runs Forward on its rows in
// its worker's workspace (from the first layer's FirstLayer values when
// fromFirst) and writes their columns, losses and output scales, and its
// own column maxima of the hidden layers.
type rebuildTask struct {
	c         *Scorer
	fromFirst bool
}

func (task *rebuildTask) runBlock(worker, blk int) {
	c := task.c
	ws := c.scratch[worker].forward
	rows, nl := c.rows, c.layers
	part := c.blockColMax[blk*c.blockColMaxWidth : (blk+1)*c.blockColMaxWidth]
	clear(part)
	for r := blk * blockRows; r < min(rows, (blk+1)*blockRows); r++ {
		in, y := c.data.Row(r)
		var out []float64
		if task.fromFirst {
			out = c.model.ForwardFrom(ws, c.x, c.first.Pre(r))
		} else {
			out = c.model.Forward(ws, c.x, in)
		}
		for m := 1; m <= nl; m++ {
			z := ws.Pre(m)
			col := c.pre[m]
			for k, v := range z {
				col[k*rows+r] = v
			}
			if m < nl {
				a := ws.Post(m)
				col := c.act[m]
				cm := part[c.blockColMaxAt[m]:]
				for k, v := range a {
					col[k*rows+r] = v
					cm[k] = max(cm[k], math.Abs(v))
				}
			}
		}
		c.rowLoss[r] = c.loss.Row(out, y)
		c.rowOutputScale[r] = c.outputScale(ws.Post(nl-1), r)
	}
}

// setSum stores the row-loss sum and the loss Func reports for it.
func (c *Scorer) setSum(sum float64) {
	c.lossSum = sum
	c.meanLoss = 0
	if c.rows > 0 {
		c.meanLoss = sum / float64(c.rows)
	}
	t := 0.0
	for _, v := range c.rowOutputScale {
		t += v
	}
	c.meanOutputScale = 0
	if c.rows > 0 {
		c.meanOutputScale = t / float64(c.rows)
	}
	c.lossScale = c.meanOutputScale
	if c.lossPieces != nil {
		a2, a1 := 0.0, 0.0
		for _, p := range c.lossPieces {
			a2, a1 = max(a2, p[0]), max(a1, math.Abs(p[1]))
		}
		c.lossScale = a2*c.meanOutputScale + a1*math.Sqrt(c.meanOutputScale)
	}
}

// outputScale is the mean over outputs of (|b| + Σ|w·a|)², given the last
// hidden layer's activations a of row r, whose terms it keeps in outTerms:
// rounding in an output is a few ulps of this magnitude, whatever the
// output itself is. outputScaleCols
// repeats it for the exact evaluations; float64(s*s) keeps a GOAMD64=v3
// build from fusing one of the two into an FMA and not the other.
func (c *Scorer) outputScale(a []float64, r int) float64 {
	nl := c.layers
	in, out := c.sizes[nl-1], c.sizes[nl]
	off := c.model.WeightOffset(nl - 1)
	w := c.x[off : off+in*out]
	b := c.x[off+in*out : off+in*out+out]
	t := 0.0
	for o := range out {
		s := math.Abs(b[o])
		row := w[o*in : o*in+in]
		a := a[:len(row)]
		for k, v := range row {
			s += math.Abs(v * a[k])
		}
		c.outTerms[o*c.rows+r] = s
		t += float64(s * s)
	}
	return t / float64(out)
}

// where returns the linear layer w holding parameter i, the unit j it feeds
// in layer w+1, and its input index within layer w (-1 for a bias).
func (c *Scorer) where(i int) (w, j, in int) {
	w, k := c.model.Locate(i)
	n := c.sizes[w]
	if k < n*c.sizes[w+1] {
		return w, k / n, k % n
	}
	return w, k - n*c.sizes[w+1], -1
}
