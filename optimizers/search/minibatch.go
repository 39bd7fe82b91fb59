package search

import (
	"math/rand/v2"

	"github.com/nnexp/nnexp/optimize"
)

// minibatch draws the rows each block of parameters is chosen on and
// gives the problem over them.
type minibatch struct {
	p    optimize.RowSubsets
	size int
	// rows is a permutation of the rows; its first size are the batch.
	rows []int
	// every is BatchEvery; 0 means a block per unit's weights and one
	// per layer's biases, found through fanIn, layers and kinds (nil when
	// the problem does not say, and then each parameter has a batch of
	// its own).
	every  int
	fanIn  optimize.FanIn
	layers optimize.ParameterLayers
	kinds  optimize.ParameterKinds
	// start, layer and bias are the current block's first parameter, its
	// layer and whether it is a bias.
	start, layer int
	bias         bool
}

func newMinibatch(p optimize.RowSubsets, size, every int) *minibatch {
	rows := make([]int, p.Rows())
	for k := range rows {
		rows[k] = k
	}
	m := &minibatch{p: p, size: size, rows: rows, every: every}
	if every == 0 {
		m.fanIn, _ = p.(optimize.FanIn)
		m.layers, _ = p.(optimize.ParameterLayers)
		m.kinds, _ = p.(optimize.ParameterKinds)
	}
	return m
}

// startsBlock reports whether parameter i needs a fresh batch. With the
// default blocks, a layer stores its weights unit by unit, fan-in values
// each, then its biases, so counting fan-in parameters from the layer's
// start gives one batch per unit's weights, and the biases, told apart
// by kinds, share one however many units the layer has.
func (m *minibatch) startsBlock(i int) bool {
	bias := m.kinds != nil && m.kinds.IsBias(i)
	switch {
	case i == 0:
	case m.every > 0:
		if i%m.every != 0 {
			return false
		}
	case m.fanIn != nil && m.layers != nil:
		sameLayer := m.layers.Layer(i) == m.layer
		if sameLayer && bias && m.bias {
			return false
		}
		if sameLayer && !bias && !m.bias && i-m.start < m.fanIn.FanIn(i) {
			return false
		}
	}
	m.start, m.bias = i, bias
	if m.layers != nil {
		m.layer = m.layers.Layer(i)
	}
	return true
}

// draw picks size distinct rows uniformly at random by a partial
// Fisher-Yates shuffle of the running permutation (size draws of rng) and
// returns the problem over them.
func (m *minibatch) draw(rng *rand.Rand) optimize.Problem {
	n := len(m.rows)
	for k := range m.size {
		j := k + rng.IntN(n-k)
		m.rows[k], m.rows[j] = m.rows[j], m.rows[k]
	}
	return m.p.Subset(m.rows[:m.size])
}
