package objective

import (
	"math"
	"sync"

	"github.com/nnexp/nnexp/nn"
)

// firstLayer keeps every row's first-layer pre-activations at the first
// layer's parameters of key, for an objective whose rows a minibatch
// search draws from (Subset). Such a search moves one unit's weights per
// batch, and each batch's scorer would otherwise run the whole first
// layer again (on 784-64-10 nearly all of a forward pass), as would the
// full-data loss at each sweep's end. With the cache, a batch reads its
// rows' values and computes on its own rows only the units whose
// parameters moved since the cache last caught up (stale units); once
// there are enough of them that catching up over every row costs no more
// than a batch's whole first layer, the batch catches the cache up
// instead, in one pass over the rows (nn.UnitsPreRows). A full-data pass
// always catches up: at most its own first layer. Every value is
// Forward's bits, and no pass does more first-layer work than without
// the cache.
type firstLayer struct {
	model     *nn.MLP
	data      *nn.Data
	in, units int
	// pre holds unit j of row r at r·units+j.
	pre []float64
	// key is the first layer's weights (units·in) and biases that pre's
	// columns are at; fresh[j] says unit j's column is computed at all.
	key     []float64
	fresh   []bool
	workers int
	// stale lists the units staleUnits found out of date, reused.
	stale []int
}

// newFirstLayer returns an empty cache for o, or nil when o's model has
// no hidden layer (its first layer is the output) or a first layer wider
// than its inputs: the cache, rows·units values, is then larger than the
// table the job holds already, and the first layer a smaller share of a
// pass (the batches run Forward, as without it).
func newFirstLayer(o *Objective) *firstLayer {
	m := o.Model
	if m.Layers() < 2 || m.Sizes[1] > m.Sizes[0] {
		return nil
	}
	in, units := m.Sizes[0], m.Sizes[1]
	return &firstLayer{
		model: m, data: o.Data, in: in, units: units, workers: o.workers,
		pre:   make([]float64, o.Data.Rows*units),
		key:   make([]float64, units*in+units),
		fresh: make([]bool, units),
	}
}

// staleUnits lists the units whose column is not at x's first layer.
func (f *firstLayer) staleUnits(x []float64) []int {
	in, units := f.in, f.units
	bias := f.model.BiasOffset(0)
	f.stale = f.stale[:0]
	for j := range units {
		if !f.fresh[j] || !sameBits(x[j*in:j*in+in], f.key[j*in:j*in+in]) ||
			math.Float64bits(x[bias+j]) != math.Float64bits(f.key[units*in+j]) {
			f.stale = append(f.stale, j)
		}
	}
	return f.stale
}

// catchUpWork is the multiply-adds of catching stale units up.
func (f *firstLayer) catchUpWork(stale int) int64 {
	return int64(stale) * int64(f.data.Rows) * int64(f.in)
}

// catchUp brings the stale units' columns to x, the rows split over the
// workers, and returns the work done.
func (f *firstLayer) catchUp(x []float64, stale []int) int64 {
	if len(stale) == 0 {
		return 0
	}
	in, units := f.in, f.units
	work := f.catchUpWork(len(stale))
	split(f.workers, f.data.Rows, work, func(lo, hi int) {
		f.model.UnitsPreRows(f.pre[lo*units:], units, x, stale, f.data.X[lo*in:hi*in])
	})
	bias := f.model.BiasOffset(0)
	for _, j := range stale {
		copy(f.key[j*in:j*in+in], x[j*in:j*in+in])
		f.key[units*in+j] = x[bias+j]
		f.fresh[j] = true
	}
	return work
}

// row is row r's first-layer pre-activations, valid after catchUp of
// every stale unit.
func (f *firstLayer) row(r int) []float64 {
	return f.pre[r*f.units : (r+1)*f.units]
}

// laterWork is the multiply-adds of a row's forward pass after the first
// layer.
func (f *firstLayer) laterWork() int64 {
	return int64(f.model.MultiplyAdds() - f.in*f.units)
}

// split runs do over rows lo..hi, in chunks over n workers when work is
// large enough to pay for the goroutines.
func split(n, rows int, work int64, do func(lo, hi int)) {
	if n <= 1 || work < minSplitWork || rows < 2*n {
		do(0, rows)
		return
	}
	var wg sync.WaitGroup
	for w := range n - 1 {
		wg.Go(func() { do(w*rows/n, (w+1)*rows/n) })
	}
	do((n-1)*rows/n, rows)
	wg.Wait()
}

func sameBits(a, b []float64) bool {
	for i, v := range a {
		if math.Float64bits(v) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// subsetFirstLayer is a batch's first layer, from its parent's cache: the
// scorer's rebuild source (scorer.FirstLayer) for the subset's rows.
type subsetFirstLayer struct {
	f    *firstLayer
	rows []int
	// x is the batch's inputs (the subset's Data.X), pre its rows' values
	// once synced, unit j of batch row r at r·units+j.
	x   []float64
	pre []float64
}

// plan is what Sync(x) does: the stale units the cache catches up first,
// and those the batch computes on its own rows. Catching u units up costs
// u·rows·in, and saves every later batch u·batch·in until they move
// again; it happens when u reaches the most units whose catching up costs
// no more than a batch's whole first layer (units·batch/rows: four on
// Fashion-MNIST's 60,000 rows in batches of 4,096), so that no batch does
// more first-layer work than without the cache, and the cache catches up
// as seldom as that allows. A jump past it (every bias moved at once)
// waits for the full-data pass.
func (s *subsetFirstLayer) plan(x []float64) (catchUp, onRows []int) {
	f := s.f
	stale := f.staleUnits(x)
	if len(stale) > 0 && f.data.Rows > 0 && len(stale) == len(s.rows)*f.units/f.data.Rows {
		return stale, nil
	}
	return nil, stale
}

// SyncWork implements scorer.FirstLayer.
func (s *subsetFirstLayer) SyncWork(x []float64) int64 {
	catchUp, onRows := s.plan(x)
	return s.f.catchUpWork(len(catchUp)) + int64(len(onRows))*int64(len(s.rows))*int64(s.f.in)
}

// Sync implements scorer.FirstLayer.
func (s *subsetFirstLayer) Sync(x []float64) int64 {
	f := s.f
	catchUp, onRows := s.plan(x)
	work := f.catchUp(x, catchUp)
	units, batch := f.units, len(s.rows)
	s.pre = grow(s.pre, batch*units)
	for r, row := range s.rows {
		copy(s.pre[r*units:(r+1)*units], f.row(row))
	}
	if len(onRows) > 0 {
		own := int64(len(onRows)) * int64(batch) * int64(f.in)
		split(f.workers, batch, own, func(lo, hi int) {
			f.model.UnitsPreRows(s.pre[lo*units:], units, x, onRows, s.x[lo*f.in:hi*f.in])
		})
		work += own
	}
	return work
}

// Pre implements scorer.FirstLayer.
func (s *subsetFirstLayer) Pre(r int) []float64 { return s.pre[r*s.f.units : (r+1)*s.f.units] }
