package adam_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/adam"
)

// cancelling is a Batched problem of 100 rows (the mean of (x-row)^2)
// that cancels its context on the given minibatch gradient, as a Ctrl-C
// arriving in the middle of an epoch would.
type cancelling struct {
	cancel  context.CancelFunc
	at      int
	batches int
}

func (c *cancelling) Dim() int  { return 1 }
func (c *cancelling) Rows() int { return 100 }

func (c *cancelling) Func(x []float64) float64 {
	sum := 0.0
	for r := range 100 {
		d := x[0] - float64(r)
		sum += d * d
	}
	return sum / 100
}

func (c *cancelling) Grad(grad, x []float64) float64 {
	rows := make([]int, 100)
	for i := range rows {
		rows[i] = i
	}
	return c.BatchGrad(grad, x, rows)
}

func (c *cancelling) BatchGrad(grad, x []float64, rows []int) float64 {
	c.batches++
	if c.batches == c.at {
		c.cancel()
	}
	grad[0] = 0
	sum := 0.0
	for _, r := range rows {
		d := x[0] - float64(r)
		grad[0] += 2 * d / float64(len(rows))
		sum += d * d
	}
	return sum / float64(len(rows))
}

func TestCancellationStopsAnEpochBetweenMinibatches(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// 10 minibatches an epoch; the context is cancelled during the 13th
	// minibatch, the 3rd of epoch 2.
	p := &cancelling{cancel: cancel, at: 13}
	cfg := adam.DefaultConfig()
	cfg.BatchSize, cfg.Epochs = 10, 1000
	m := cfg.Method()
	loc := &optimize.Location{X: []float64{0}}
	loc.F = p.Func(loc.X)
	if err := m.Init(p, loc, optimize.Env{Rand: rand.New(rand.NewPCG(1, 2)), Context: ctx}); err != nil {
		t.Fatal(err)
	}
	if status, err := m.Step(loc); status != optimize.Running || err != nil {
		t.Fatalf("epoch 1: %v %v", status, err)
	}
	_, err := m.Step(loc)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("epoch 2 returned %v, want the context's error", err)
	}
	if p.batches != 13 {
		t.Errorf("%d minibatches ran; the epoch should stop right after the 13th", p.batches)
	}
}

func TestNilContextNeverCancels(t *testing.T) {
	p := &cancelling{cancel: func() {}, at: -1}
	cfg := adam.DefaultConfig()
	cfg.BatchSize, cfg.Epochs = 10, 2
	m := cfg.Method()
	loc := &optimize.Location{X: []float64{0}}
	loc.F = p.Func(loc.X)
	if err := m.Init(p, loc, optimize.Env{Rand: rand.New(rand.NewPCG(1, 2))}); err != nil {
		t.Fatal(err)
	}
	for {
		status, err := m.Step(loc)
		if err != nil {
			t.Fatal(err)
		}
		if status != optimize.Running {
			break
		}
	}
	if p.batches != 20 {
		t.Errorf("%d minibatches, want 2 epochs of 10", p.batches)
	}
}
