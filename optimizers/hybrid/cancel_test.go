package hybrid_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/optimize"
)

// rowsMean is the mean of (x-r)^2 over rows r = 0..99, minibatchable; it
// cancels its context on the given minibatch gradient.
type rowsMean struct {
	cancel  context.CancelFunc
	at      int
	batches int
}

func (p *rowsMean) Dim() int  { return 1 }
func (p *rowsMean) Rows() int { return 100 }

func (p *rowsMean) Func(x []float64) float64 {
	sum := 0.0
	for r := range 100 {
		sum += (x[0] - float64(r)) * (x[0] - float64(r))
	}
	return sum / 100
}

func (p *rowsMean) Grad(grad, x []float64) float64 {
	rows := make([]int, 100)
	for i := range rows {
		rows[i] = i
	}
	return p.BatchGrad(grad, x, rows)
}

func (p *rowsMean) BatchGrad(grad, x []float64, rows []int) float64 {
	p.batches++
	if p.batches == p.at {
		p.cancel()
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

// Used as a plain Method, hybrid hands the run's context to its Adam
// stage, which stops between minibatches; the hybrid's error says so.
func TestHybridPassesCancellationOn(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := &rowsMean{cancel: cancel, at: 5}
	c := config()
	c.Adam.BatchSize, c.Adam.Epochs = 10, 1000
	m := c.Method()
	loc := &optimize.Location{X: []float64{0}}
	loc.F = p.Func(loc.X)
	if err := m.Init(p, loc, optimize.Env{Rand: rand.New(rand.NewPCG(1, 2)), Context: ctx}); err != nil {
		t.Fatal(err)
	}
	var err error
	steps := 0
	for ; steps < 20 && err == nil; steps++ {
		_, err = m.Step(loc)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("after %d steps: error %v, want the context's", steps, err)
	}
	// Two search sweeps, then the first Adam epoch, cut at its 5th batch.
	if steps != 3 || p.batches != 5 {
		t.Errorf("stopped at step %d after %d minibatches, want step 3 after 5", steps, p.batches)
	}
}
