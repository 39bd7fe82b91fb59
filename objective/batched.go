package objective

import "github.com/nnexp/nnexp/nn/minibatch"

// The rule for the batched gradient path (package minibatch): a gradient
// over at least batchedMinRows rows of a model with at least
// batchedMinWeights weights (MultiplyAdds) goes through matrix products,
// batchedRows rows at a time; every other gradient goes row by row
// through nn's Forward and Backward, which are faster on small layers.
// The batched path adds the same terms in the same order as the per-row
// one, and gives its bits, but for the zero inputs it skips (a zero
// times an infinite weight, a sum of zeros' sign). The thresholds keep
// every net of the README's tables on the per-row path all the same, so
// their figures cannot change (the largest, 10-64-32-1, has 2,720
// weights); a minibatch of 128 rows takes the products on 784-64-10
// (50,816 weights) and on logistic regression over 784 pixels (7,840).
// Either way the result depends only on the model, the rows and x, never
// on GOMAXPROCS or --parallel. Func and ScoreCoordinate never take it:
// they promise Forward's bits whatever the values.
const (
	batchedMinWeights = 4096
	batchedMinRows    = 16
	batchedRows       = 256
)

// batchedPath forces the choice for tests; the zero value applies the rule.
type batchedPath int

const (
	batchedAuto batchedPath = iota
	batchedOn
	batchedOff
)

// useBatched applies the rule, or the forced choice, to a gradient over
// n rows.
func (o *Objective) useBatched(n int) bool {
	switch o.batched {
	case batchedOn:
		return true
	case batchedOff:
		return false
	}
	return n >= batchedMinRows && o.Model.MultiplyAdds() >= batchedMinWeights
}

// addBatchedGrad adds the gradient of n rows to grad and returns their
// summed loss: rows[0:n], or the data's first n rows when rows is nil.
// Its work is what package minibatch reports, the per-row path's count
// (a forward pass, and a backward one that skips zero deltas), so the
// cost column does not depend on the path, and gradWork bounds it.
func (o *Objective) addBatchedGrad(grad, x []float64, rows []int, n int) float64 {
	if o.pass == nil {
		o.pass = minibatch.New(o.Model, min(batchedRows, max(o.Data.Rows, 1)))
	}
	p := o.pass
	sum := 0.0
	for start := 0; start < n; start += p.MaxRows() {
		k := min(p.MaxRows(), n-start)
		for i := range k {
			in, _ := o.Data.Row(o.rowAt(rows, start+i))
			copy(p.Input(i), in)
		}
		o.work += int64(p.Forward(x, k))
		for i := range k {
			_, y := o.Data.Row(o.rowAt(rows, start+i))
			g := p.OutputGrad(i)
			// As in addRowGrad: a loss may leave g alone.
			clear(g)
			sum += o.Loss.RowGrad(g, p.Output(i), y)
		}
		o.work += int64(p.Backward(x, grad))
	}
	return sum
}

// rowAt is the i-th row of a gradient: rows[i], or i when rows is nil.
func (o *Objective) rowAt(rows []int, i int) int {
	if rows == nil {
		return i
	}
	return rows[i]
}
