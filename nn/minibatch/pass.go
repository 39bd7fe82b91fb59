package minibatch

import (
	"fmt"

	"github.com/nnexp/nnexp/nn"
)

// Pass is scratch space for the forward and backward passes of up to
// MaxRows rows of one MLP. Every layer's values are a row-major matrix,
// one row per example. It is not safe for concurrent use.
type Pass struct {
	m     *nn.MLP
	sizes []int
	max   int
	rows  int
	// pre[l] holds layer l's pre-activations (pre[Layers()] the
	// outputs), post[l] its activations (post[0] the inputs), delta[l]
	// dLoss/dpre during Backward (delta[Layers()] the caller's dLoss/dout).
	pre, post, delta [][]float64
	// wT holds a layer's weights transposed (inputs x units), for the
	// forward product; it is sized for the largest layer.
	wT []float64
	// part holds one block's products of a first layer summed in blocks
	// (nn.Blocked); nil otherwise.
	part      []float64
	acts      []nn.Activation
	layerActs []nn.LayerActivation
}

// New returns a Pass for m and batches of at most maxRows rows (at least 1).
func New(m *nn.MLP, maxRows int) *Pass {
	maxRows = max(maxRows, 1)
	n := len(m.Sizes)
	p := &Pass{
		m:         m,
		sizes:     append([]int(nil), m.Sizes...),
		max:       maxRows,
		pre:       make([][]float64, n),
		post:      make([][]float64, n),
		delta:     make([][]float64, n),
		acts:      append([]nn.Activation(nil), m.Activations...),
		layerActs: make([]nn.LayerActivation, len(m.Activations)),
	}
	weights := 0
	for l, s := range m.Sizes {
		p.pre[l] = make([]float64, maxRows*s)
		p.post[l] = make([]float64, maxRows*s)
		p.delta[l] = make([]float64, maxRows*s)
		if l+1 < n {
			weights = max(weights, s*m.Sizes[l+1])
		}
	}
	p.wT = make([]float64, weights)
	if nn.Blocked(0, m.Sizes[0]) {
		p.part = make([]float64, maxRows*m.Sizes[1])
	}
	for l, a := range p.acts {
		if la, ok := a.(nn.LayerActivation); ok {
			p.layerActs[l] = la
		}
	}
	return p
}

// MaxRows is the most rows a batch may have.
func (p *Pass) MaxRows() int { return p.max }

// Input returns row r's input slot, which the caller fills before Forward.
func (p *Pass) Input(r int) []float64 { return p.row(p.post, 0, r) }

// Output returns row r's outputs from the last Forward.
func (p *Pass) Output(r int) []float64 { return p.row(p.pre, len(p.sizes)-1, r) }

// OutputGrad returns row r's slot for dLoss/doutputs, which the caller
// fills between Forward and Backward.
func (p *Pass) OutputGrad(r int) []float64 { return p.row(p.delta, len(p.sizes)-1, r) }

func (p *Pass) row(buf [][]float64, l, r int) []float64 {
	s := p.sizes[l]
	return buf[l][r*s : r*s+s]
}

// Forward computes the outputs of the first rows inputs, for each row
// what nn.MLP.Forward computes: the same sums in the same order, so the
// same bits, but for the terms of zero inputs, which it skips (a zero
// times an infinite weight, NaN in Forward, adds nothing here, and a sum
// of zeros may keep a bias's sign of zero). It returns its work as a
// forward pass: rows·MultiplyAdds, as Forward's, although it skips
// zero inputs.
func (p *Pass) Forward(params []float64, rows int) int {
	if rows < 0 || rows > p.max {
		panic(fmt.Sprintf("minibatch: %d rows in a pass made for %d", rows, p.max))
	}
	p.rows = rows
	last := len(p.sizes) - 2
	for l := 0; l <= last; l++ {
		in, n := p.sizes[l], p.sizes[l+1]
		w := params[p.m.WeightOffset(l) : p.m.WeightOffset(l)+in*n]
		b := params[p.m.BiasOffset(l) : p.m.BiasOffset(l)+n]
		z := p.pre[l+1][:rows*n]
		for r := range rows {
			copy(z[r*n:r*n+n], b)
		}
		// z[r][j] += Σ_i a[r][i]·w[j][i], term by term in i order as
		// nn's Forward adds them, skipping the zero inputs (half the
		// pixels of an image).
		transpose(p.wT, w, n, in)
		if nn.Blocked(l, in) {
			// As Forward sums a first layer of many inputs: each block's
			// terms from 0, then the block sums added to the bias in
			// block order.
			part := p.part[:rows*n]
			for q0 := 0; q0 < in; q0 += nn.SumBlock {
				clear(part)
				gemmNN(rows, n, min(nn.SumBlock, in-q0), p.post[l][q0:], in, p.wT[q0*n:], n, part, n)
				for i, v := range part {
					z[i] += v
				}
			}
		} else {
			gemmNN(rows, n, in, p.post[l], in, p.wT, n, z, n)
		}
		if l == last {
			break
		}
		a := p.post[l+1][:rows*n]
		// Activations are elementwise, so the whole matrix is one layer.
		if la := p.layerActs[l]; la != nil {
			la.ApplyLayer(a, z)
		} else {
			act := p.acts[l]
			for i, v := range z {
				a[i] = act.Apply(v)
			}
		}
	}
	return rows * p.m.MultiplyAdds()
}

// Backward back-propagates the OutputGrad rows of the last Forward and
// adds dLoss/dparams, summed over the rows, to grad: for each row what
// nn.MLP.Backward adds, in the same order, row after row. It returns the multiply-adds it performed, the same
// count as nn's Backward over the rows: the kernels skip a zero delta as
// Backward does, so each nonzero delta of a layer costs its inputs for
// the weights' gradient and, but for the first layer, as many again for
// the deltas below.
func (p *Pass) Backward(params, grad []float64) int {
	rows := p.rows
	work := 0
	last := len(p.sizes) - 2
	for l := last; l >= 0; l-- {
		in, n := p.sizes[l], p.sizes[l+1]
		woff, boff := p.m.WeightOffset(l), p.m.BiasOffset(l)
		d := p.delta[l+1][:rows*n]
		gb := grad[boff : boff+n]
		for r := range rows {
			for j, v := range d[r*n : r*n+n] {
				gb[j] += v
			}
		}
		// gW[j][i] += Σ_r d[r][j]·a[r][i], skipping the zero deltas
		// behind a ReLU.
		gemmTN(n, in, rows, d, n, p.post[l], in, grad[woff:woff+in*n], in)
		nonzero := 0
		for _, v := range d {
			if v != 0 {
				nonzero++
			}
		}
		work += nonzero * in
		if l == 0 {
			break
		}
		// prev[r][i] = Σ_j d[r][j]·w[j][i].
		prev := p.delta[l][:rows*in]
		clear(prev)
		gemmNN(rows, in, n, d, n, params[woff:woff+in*n], in, prev, in)
		work += nonzero * in
		z, a := p.pre[l][:rows*in], p.post[l][:rows*in]
		if la := p.layerActs[l-1]; la != nil {
			la.ScaleByDerivative(prev, z, a)
		} else {
			act := p.acts[l-1]
			for i := range prev {
				prev[i] *= act.Derivative(z[i], a[i])
			}
		}
	}
	return work
}
