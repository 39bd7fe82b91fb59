package search_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/search"
)

// benchObjective is the notebook's shape: 442 rows of 10 standard-normal
// features (the diabetes table's size, standardised), repeated reps times,
// ReLU hidden layers, one output, MSE, parameters from U[-5, 5].
func benchObjective(reps int, hidden []int) (*objective.Objective, []float64) {
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
	return objective.New(m, d, losses.MSE{}), x
}

// benchConfigs are the configurations: the notebook's (442 rows,
// 10-5-4-1), ten times its rows, and a wide net on those rows.
var benchConfigs = []struct {
	name   string
	reps   int
	hidden []int
}{
	{"notebook", 1, []int{5, 4}},
	{"notebook_x10", 10, []int{5, 4}},
	{"wide", 10, []int{64, 32}},
}

// BenchmarkSearchCandidates reports grid candidates scored per second
// (cand/s) by path (plain: one forward pass over the data per candidate;
// incremental; bulk, the default fast path), worker count and scope:
//
//   - param: one iteration is one parameter of the first sweep, in sweep
//     order from the initial parameters (starting again after a sweep).
//     Every path has it; plain and the incremental path on the wide net
//     need a fixed small -benchtime (about 1 s per parameter for plain).
//   - first: one iteration is the whole first sweep from the initial
//     parameters as the search method makes it (its choices deferring
//     their refresh where the objective offers that), the cache's rebuild
//     included.
//   - run: one iteration is a whole search run as nnexp does it (the
//     default 30 sweeps, tolerance 1e-6), through search.Config.Method.
//
// Plain costs the same per candidate in every sweep, so the ratio of a
// fast path's first or run cand/s to plain's param cand/s is its speedup
// over the first sweep or over a whole run.
func BenchmarkSearchCandidates(b *testing.B) {
	grid := search.Grid(-5, 5, 100)
	for _, c := range benchConfigs {
		for _, path := range []string{"plain", "incremental", "bulk"} {
			scopes := []string{"param", "first", "run"}
			switch {
			case path == "plain":
				scopes = []string{"param"}
			case path == "incremental" && c.name == "wide":
				scopes = []string{"param"}
			case path == "incremental":
				scopes = []string{"param", "first"}
			}
			workers := []int{1}
			if path != "plain" && c.name != "notebook_x10" {
				workers = []int{1, 2}
			}
			for _, scope := range scopes {
				for _, w := range workers {
					name := fmt.Sprintf("%s/%s/%s/workers=%d", c.name, path, scope, w)
					b.Run(name, func(b *testing.B) {
						o, x := benchObjective(c.reps, c.hidden)
						o.SetWorkers(w)
						defer o.Close()
						if path == "incremental" {
							o.SetScoring(objective.ScoreIncremental)
						}
						switch scope {
						case "param":
							benchParams(b, o, x, grid, path == "plain")
						case "first":
							benchFirstSweep(b, o, x, grid)
						case "run":
							benchRun(b, o, x, path == "incremental")
						}
					})
				}
			}
		}
	}
}

// benchParams scores one parameter per iteration, in first-sweep order.
func benchParams(b *testing.B, o *objective.Objective, x, grid []float64, plain bool) {
	losses := make([]float64, len(grid))
	x0 := slices.Clone(x)
	f0 := o.Func(x)
	f := f0
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		if plain {
			f = search.Coordinate(o, x, i, f, grid)
		} else {
			f = search.CoordinateExact(o, x, i, f, grid, losses)
		}
		if i++; i == len(x) {
			i = 0
			copy(x, x0)
			f = f0
		}
	}
	b.ReportMetric(float64(b.N*len(grid))/b.Elapsed().Seconds(), "cand/s")
}

// benchFirstSweep runs the first sweep from x per iteration, as the
// search method does it (one Step of the default configuration, whose
// grids are the benchmark's): on a problem that chooses coordinates
// (optimize.CoordinateChooser) its choices defer their refresh, and the
// sweep ends with the exact loss.
func benchFirstSweep(b *testing.B, o *objective.Objective, x0, grid []float64) {
	cfg := search.DefaultConfig()
	cfg.Iterations = 1
	if g := search.Grid(cfg.WeightRange[0], cfg.WeightRange[1], cfg.WeightSteps); !slices.Equal(g, grid) {
		b.Fatal("the default grid is not the benchmark's")
	}
	p := o.Problem()
	f0 := o.Func(x0)
	loc := &optimize.Location{X: slices.Clone(x0)}
	b.ReportAllocs()
	for b.Loop() {
		copy(loc.X, x0)
		loc.F = f0
		m := cfg.Method()
		if err := m.Init(p, loc, optimize.Env{}); err != nil {
			b.Fatal(err)
		}
		if _, err := m.Step(loc); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(x0)*len(grid))/b.Elapsed().Seconds(), "cand/s")
}

// benchRun runs a whole default search per iteration.
func benchRun(b *testing.B, o *objective.Objective, x0 []float64, _ bool) {
	cfg := search.DefaultConfig()
	p := o.Problem()
	f0 := o.Func(x0)
	sweeps := 0
	for b.Loop() {
		m := cfg.Method()
		loc := &optimize.Location{X: slices.Clone(x0), F: f0}
		if err := m.Init(p, loc, optimize.Env{}); err != nil {
			b.Fatal(err)
		}
		for {
			st, err := m.Step(loc)
			if err != nil {
				b.Fatal(err)
			}
			sweeps++
			if st != optimize.Running {
				break
			}
		}
	}
	cands := float64(sweeps * len(x0) * cfg.WeightSteps)
	b.ReportMetric(cands/b.Elapsed().Seconds(), "cand/s")
	b.ReportMetric(float64(sweeps)/float64(b.N), "sweeps/op")
}
