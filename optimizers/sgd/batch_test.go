package sgd_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimize/optimizetest"
	"github.com/nnexp/nnexp/optimizers/sgd"
)

// trajectory runs 6 epochs of minibatch SGD with momentum on optimizetest's
// 8-row network from its start, with Env.Rand seeded by seed, and returns
// the parameters and loss after every epoch.
func trajectory(t *testing.T, seed uint64) [][]float64 {
	t.Helper()
	p := optimizetest.Problem{}
	m := sgd.Config{LearningRate: 0.2, Momentum: 0.5, BatchSize: 3, Epochs: 6}.Method()
	loc := start(t, m, p, p.Start(), optimize.Env{Rand: rand.New(rand.NewPCG(seed, 0))})
	var out [][]float64
	for s := optimize.Running; s == optimize.Running; {
		s = step(t, m, p, loc)
		out = append(out, append(slices.Clone(loc.X), loc.F))
	}
	return out
}

// The same seed gives a bit-identical trajectory; another seed shuffles the
// minibatches differently and so moves differently.
func TestDeterminism(t *testing.T) {
	a, b, c := trajectory(t, 7), trajectory(t, 7), trajectory(t, 8)
	if len(a) != 6 {
		t.Fatalf("%d epochs, want 6", len(a))
	}
	for e := range a {
		if !slices.Equal(a[e], b[e]) {
			t.Errorf("epoch %d: seed 7 gave %v and %v", e+1, a[e], b[e])
		}
	}
	if slices.Equal(a[0], c[0]) {
		t.Errorf("seeds 7 and 8 gave the same first epoch %v: the row order does not come from Env.Rand", a[0])
	}
}

// counting is optimizetest's problem counting minibatch gradients and
// cancelling its context on the given one, as a Ctrl-C arriving in the
// middle of an epoch would.
type counting struct {
	optimizetest.Problem
	cancel  context.CancelFunc
	at      int
	batches int
	funcs   int
}

func (c *counting) Func(x []float64) float64 {
	c.funcs++
	return c.Problem.Func(x)
}

func (c *counting) BatchGrad(grad, x []float64, rows []int) float64 {
	c.batches++
	if c.batches == c.at {
		c.cancel()
	}
	return c.Problem.BatchGrad(grad, x, rows)
}

// With batch size 1, an epoch is 8 minibatches; the context is cancelled
// during the 11th, the 3rd of epoch 2, and Step returns the context's error
// right after it, with no further evaluation.
func TestCancellationStopsAnEpochBetweenMinibatches(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := &counting{cancel: cancel, at: 11}
	m := sgd.Config{BatchSize: 1, Epochs: 1000}.Method()
	loc := start(t, m, p, p.Start(), optimize.Env{Rand: rand.New(rand.NewPCG(1, 2)), Context: ctx})
	if status, err := m.Step(loc); status != optimize.Running || err != nil {
		t.Fatalf("epoch 1: %v %v", status, err)
	}
	funcs := p.funcs
	_, err := m.Step(loc)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("epoch 2 returned %v, want the context's error", err)
	}
	if p.batches != 11 || p.funcs != funcs {
		t.Errorf("%d minibatches and %d more losses ran; the epoch should stop right after the 11th minibatch", p.batches, p.funcs-funcs)
	}
}

func TestMinibatchesVisitEveryRowOnce(t *testing.T) {
	p := &rowRecorder{}
	m := sgd.Config{BatchSize: 3, Epochs: 2}.Method()
	loc := start(t, m, p, optimizetest.Problem{}.Start(), optimize.Env{Rand: rand.New(rand.NewPCG(1, 1))})
	run(t, m, p, loc)
	if len(p.batches) != 6 {
		t.Fatalf("%d minibatches in 2 epochs of 8 rows by 3, want 6", len(p.batches))
	}
	for e := range 2 {
		var rows []int
		for k, b := range p.batches[3*e : 3*e+3] {
			if want := []int{3, 3, 2}[k]; len(b) != want {
				t.Errorf("epoch %d batch %d has %d rows, want %d", e+1, k+1, len(b), want)
			}
			rows = append(rows, b...)
		}
		if slices.Sort(rows); !slices.Equal(rows, []int{0, 1, 2, 3, 4, 5, 6, 7}) {
			t.Errorf("epoch %d visits rows %v, not each of 0..7 once", e+1, rows)
		}
	}
}

type rowRecorder struct {
	optimizetest.Problem
	batches [][]int
}

func (r *rowRecorder) BatchGrad(grad, x []float64, rows []int) float64 {
	r.batches = append(r.batches, slices.Clone(rows))
	return r.Problem.BatchGrad(grad, x, rows)
}
