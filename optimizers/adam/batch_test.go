package adam_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/adam"
)

// recorder is a one-parameter Batched problem, the mean of (x-r)^2 over rows
// r = 0..n-1, that records the rows of every BatchGrad call and counts full
// gradients.
type recorder struct {
	n       int
	batches [][]int
	grads   int
}

func newRecorder(n int) *recorder { return &recorder{n: n} }

func (r *recorder) Dim() int  { return 1 }
func (r *recorder) Rows() int { return r.n }

func (r *recorder) Func(x []float64) float64 {
	s := 0.0
	for i := range r.n {
		d := x[0] - float64(i)
		s += d * d
	}
	return s / float64(r.n)
}

func (r *recorder) Grad(grad, x []float64) float64 {
	r.grads++
	rows := make([]int, r.n)
	for i := range rows {
		rows[i] = i
	}
	return r.meanGrad(grad, x, rows)
}

func (r *recorder) BatchGrad(grad, x []float64, rows []int) float64 {
	r.batches = append(r.batches, slices.Clone(rows))
	return r.meanGrad(grad, x, rows)
}

func (r *recorder) meanGrad(grad, x []float64, rows []int) float64 {
	s, g := 0.0, 0.0
	for _, i := range rows {
		d := x[0] - float64(i)
		s += d * d
		g += 2 * d
	}
	grad[0] = g / float64(len(rows))
	return s / float64(len(rows))
}

var _ optimize.Batched = (*recorder)(nil)

// runBatches runs epochs epochs of Adam with batch size on rows rows, with
// the random source seeded by seed, and returns the problem's record.
func runBatches(t *testing.T, rows, size, epochs int, seed uint64) *recorder {
	t.Helper()
	cfg := adam.DefaultConfig()
	cfg.BatchSize, cfg.Epochs = size, epochs
	m := cfg.Method()
	p := newRecorder(rows)
	loc := start(t, m, p, []float64{0.5}, optimize.Env{Rand: rand.New(rand.NewPCG(seed, 0))})
	for i := 1; i <= epochs; i++ {
		s := step(t, m, p, loc)
		if (s == optimize.IterationLimit) != (i == epochs) {
			t.Fatalf("epoch %d of %d: status %v", i, epochs, s)
		}
		if f := p.Func(loc.X); loc.F != f {
			t.Errorf("epoch %d: loc.F = %v, full-data loss %v", i, loc.F, f)
		}
	}
	return p
}

// epochOrders splits the recorded batches into epochs of rows rows each.
func epochOrders(t *testing.T, p *recorder, rows, size int) [][]int {
	t.Helper()
	perEpoch := (rows + size - 1) / size
	if len(p.batches)%perEpoch != 0 {
		t.Fatalf("%d batches, not a multiple of %d per epoch", len(p.batches), perEpoch)
	}
	var orders [][]int
	for e := 0; e < len(p.batches); e += perEpoch {
		var order []int
		for k, b := range p.batches[e : e+perEpoch] {
			want := size
			if k == perEpoch-1 {
				want = rows - size*(perEpoch-1)
			}
			if len(b) != want {
				t.Errorf("batch %d of an epoch has %d rows, want %d", k, len(b), want)
			}
			order = append(order, b...)
		}
		orders = append(orders, order)
	}
	return orders
}

func TestMinibatchesVisitEveryRowOnce(t *testing.T) {
	const rows, size, epochs = 10, 3, 4
	p := runBatches(t, rows, size, epochs, 1)
	if p.grads != 0 {
		t.Errorf("%d full-batch gradients with minibatches", p.grads)
	}
	orders := epochOrders(t, p, rows, size)
	if len(orders) != epochs {
		t.Fatalf("%d epochs of batches, want %d", len(orders), epochs)
	}
	for e, order := range orders {
		sorted := slices.Sorted(slices.Values(order))
		for i, r := range sorted {
			if r != i {
				t.Fatalf("epoch %d visits rows %v, not each of 0..%d once", e+1, order, rows-1)
			}
		}
	}
	if slices.Equal(orders[0], orders[1]) {
		t.Errorf("epochs 1 and 2 use the same order %v: rows are not reshuffled", orders[0])
	}
}

func TestMinibatchOrderDependsOnSeed(t *testing.T) {
	const rows, size, epochs = 10, 4, 3
	a := epochOrders(t, runBatches(t, rows, size, epochs, 7), rows, size)
	b := epochOrders(t, runBatches(t, rows, size, epochs, 7), rows, size)
	c := epochOrders(t, runBatches(t, rows, size, epochs, 8), rows, size)
	for e := range a {
		if !slices.Equal(a[e], b[e]) {
			t.Errorf("epoch %d: same seed gave orders %v and %v", e+1, a[e], b[e])
		}
	}
	if slices.EqualFunc(a, c, slices.Equal) {
		t.Errorf("seeds 7 and 8 gave the same orders %v", a)
	}
}

func TestBatchSizeAtLeastRowsIsFullBatch(t *testing.T) {
	for _, size := range []int{0, 5, 6} {
		p := runBatches(t, 5, size, 3, 1)
		if len(p.batches) != 0 || p.grads != 3 {
			t.Errorf("batch_size %d on 5 rows: %d batches and %d full gradients, want 0 and 3", size, len(p.batches), p.grads)
		}
	}
	// Full batch needs no random source.
	cfg := adam.DefaultConfig()
	cfg.BatchSize = 5
	if err := cfg.Method().Init(newRecorder(5), &optimize.Location{X: []float64{0}}, optimize.Env{}); err != nil {
		t.Errorf("batch_size = rows without Env.Rand: %v", err)
	}
}

// slope is a Batched problem whose every row has the loss 2*x, so every
// batch has the gradient 2; it records x at each BatchGrad call.
type slope struct{ xs []float64 }

func (s *slope) Dim() int                       { return 1 }
func (s *slope) Rows() int                      { return 4 }
func (s *slope) Func(x []float64) float64       { return 2 * x[0] }
func (s *slope) Grad(grad, x []float64) float64 { grad[0] = 2; return 2 * x[0] }
func (s *slope) BatchGrad(grad, x []float64, rows []int) float64 {
	s.xs = append(s.xs, x[0])
	return s.Grad(grad, x)
}

// TestMinibatchUpdates checks that each minibatch is one Adam update and
// that bias correction counts updates, not epochs (PyTorch's "step"). With a
// constant gradient g, m = (1-b1^t) g and v = (1-b2^t) g² after t updates,
// so every bias-corrected update is lr*g/(|g|+eps) = 0.25/(1+5e-9): 4 rows
// in batches of 2 for 2 epochs give 4 updates of 0.25 (to 2e-9) from 10.
// Had the correction used the epoch count, the second update of an epoch
// would be 0.25*1.9/sqrt(1.999) ≈ 0.336.
func TestMinibatchUpdates(t *testing.T) {
	cfg := adam.DefaultConfig()
	cfg.BatchSize, cfg.Epochs, cfg.LearningRate = 2, 2, 0.25
	m := cfg.Method()
	p := &slope{}
	loc := start(t, m, p, []float64{10}, optimize.Env{Rand: rand.New(rand.NewPCG(3, 3))})
	step(t, m, p, loc)
	if s := step(t, m, p, loc); s != optimize.IterationLimit {
		t.Fatalf("status %v after 2 epochs", s)
	}
	want := []float64{10, 9.75, 9.5, 9.25}
	if len(p.xs) != len(want) {
		t.Fatalf("%d batches in 2 epochs, want %d", len(p.xs), len(want))
	}
	for k, w := range want {
		if math.Abs(p.xs[k]-w) > 1e-8 {
			t.Errorf("batch %d saw x = %.12g, want %v", k+1, p.xs[k], w)
		}
	}
	if math.Abs(loc.X[0]-9) > 1e-8 || loc.F != 2*loc.X[0] {
		t.Errorf("after 4 updates x = %.12g, F = %v; want x = 9 and F = 2x", loc.X[0], loc.F)
	}
}
