package randomsearch

import (
	"math"
	"math/rand/v2"

	"github.com/nnexp/nnexp/optimize"
)

// minibatch compares a parameter's candidates on random rows, through the
// minibatch loss optimize.Batched offers with its gradient (the gradient is
// computed by the problem and ignored: no capability offers the loss
// alone). Each BatchGrad call counts one evaluation.
type minibatch struct {
	p    optimize.Batched
	size int
	rows []int // a permutation of the rows; its first size are the batch
	grad []float64
}

func newMinibatch(p optimize.Batched, size int) *minibatch {
	rows := make([]int, p.Rows())
	for k := range rows {
		rows[k] = k
	}
	return &minibatch{p: p, size: size, rows: rows, grad: make([]float64, p.Dim())}
}

// draw picks size distinct rows uniformly at random by a partial
// Fisher-Yates shuffle of the running permutation, size draws of rng.
func (m *minibatch) draw(rng *rand.Rand) []int {
	n := len(m.rows)
	for k := range m.size {
		j := k + rng.IntN(n-k)
		m.rows[k], m.rows[j] = m.rows[j], m.rows[k]
	}
	return m.rows[:m.size]
}

// coordinate draws a minibatch and sets x[i] to the candidate whose
// minibatch loss is finite and strictly below that of x[i] as it is (or
// any finite one when that is NaN), the first of pair on a tie; otherwise
// it leaves x[i] alone. Three evaluations.
func (m *minibatch) coordinate(rng *rand.Rand, x []float64, i int, pair []float64) {
	rows := m.draw(rng)
	bestV := x[i]
	bestF := m.p.BatchGrad(m.grad, x, rows)
	for _, v := range pair {
		x[i] = v
		f := m.p.BatchGrad(m.grad, x, rows)
		if !math.IsNaN(f) && !math.IsInf(f, 0) && (f < bestF || math.IsNaN(bestF)) {
			bestV, bestF = v, f
		}
	}
	x[i] = bestV
}
