package search_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/optimizers/search"
)

// benchObjective is the notebook's shape: 442 rows of 10 standard-normal
// features (the diabetes table's size, standardised), repeated reps times,
// ReLU hidden layers, one output, MSE, parameters from U[-5, 5].
func benchObjective(reps int, hidden []int) (*nn.Objective, []float64) {
	rng := rand.New(rand.NewPCG(1, 2))
	const base, inputs = 442, 10
	rows := base * reps
	d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: 1, X: make([]float64, rows*inputs), Y: make([]float64, rows)}
	for i := range base * inputs {
		d.X[i] = rng.NormFloat64()
	}
	for r := range base {
		d.Y[r] = rng.NormFloat64()
	}
	for k := 1; k < reps; k++ {
		copy(d.X[k*base*inputs:], d.X[:base*inputs])
		copy(d.Y[k*base:], d.Y[:base])
	}
	acts := make([]nn.Activation, len(hidden))
	for k := range acts {
		acts[k] = activations.ReLU
	}
	m, err := nn.NewMLP(inputs, hidden, acts, 1)
	if err != nil {
		panic(err)
	}
	x := make([]float64, m.NumParams())
	m.Init(x, rng, &nn.Range{Lo: -5, Hi: 5}, &nn.Range{Lo: -5, Hi: 5})
	return nn.NewObjective(m, d, losses.MSE{}), x
}

// benchSweeps is the notebook's sweep count: the benchmark runs sweeps
// from the start and begins again after this many.
const benchSweeps = 30

// BenchmarkSearchCandidates times search from the initial parameters, one
// parameter per iteration in sweep order, and reports grid candidates
// scored per second: plain (one forward pass over the data per candidate),
// incremental and bulk (the default fast path), by worker count.
func BenchmarkSearchCandidates(b *testing.B) {
	configs := []struct {
		name   string
		reps   int
		hidden []int
	}{
		{"notebook", 1, []int{5, 4}},
		{"notebook_x10", 10, []int{5, 4}},
		{"wide", 10, []int{64, 32}},
	}
	grid := search.Grid(-5, 5, 100)
	for _, c := range configs {
		for _, path := range []string{"plain", "incremental", "bulk"} {
			workers := []int{1}
			if path != "plain" && c.name != "notebook_x10" {
				workers = []int{1, 2}
			}
			for _, w := range workers {
				name := c.name + "/" + path
				if len(workers) > 1 {
					name += fmt.Sprintf("/workers=%d", w)
				}
				b.Run(name, func(b *testing.B) {
					o, x := benchObjective(c.reps, c.hidden)
					o.SetWorkers(w)
					defer o.Close()
					if path == "incremental" {
						o.SetScoring(nn.ScoreIncremental)
					}
					losses := make([]float64, len(grid))
					x0 := slices.Clone(x)
					f0 := o.Func(x)
					f := f0
					i, sweeps := 0, 0
					b.ReportAllocs()
					for b.Loop() {
						if path == "plain" {
							f = search.Coordinate(o, x, i, f, grid)
						} else {
							f = search.CoordinateExact(o, x, i, f, grid, losses)
						}
						if i++; i == len(x) {
							i = 0
							if sweeps++; sweeps == benchSweeps {
								// Back to the start, so that the mix of
								// accepted and kept values stays that of
								// a real run.
								copy(x, x0)
								f, sweeps = f0, 0
							}
						}
					}
					b.ReportMetric(float64(b.N*len(grid))/b.Elapsed().Seconds(), "cand/s")
				})
			}
		}
	}
}
