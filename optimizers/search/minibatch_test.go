package search_test

import (
	"context"
	"errors"
	"fmt"
	"math"
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

// batchOracle replays a minibatch sweep the slow way: it draws the rows as
// the sweep promises (a partial Fisher-Yates shuffle of a running
// permutation, with the same random source), builds each batch's data by
// hand and chooses every parameter by the plain loop (search.Coordinate,
// one Func call per grid value) on a fresh objective over those rows.
type batchOracle struct {
	o     *objective.Objective
	rng   *rand.Rand
	perm  []int
	size  int
	every int
	cfg   search.Config
}

func (b *batchOracle) draw() *objective.Objective {
	for k := range b.size {
		j := k + b.rng.IntN(len(b.perm)-k)
		b.perm[k], b.perm[j] = b.perm[j], b.perm[k]
	}
	d := b.o.Data
	sub := &nn.Data{Rows: b.size, Inputs: d.Inputs, TargetDim: d.TargetDim, Task: d.Task, Classes: d.Classes}
	for _, r := range b.perm[:b.size] {
		x, y := d.Row(r)
		sub.X = append(sub.X, x...)
		sub.Y = append(sub.Y, y...)
	}
	return objective.New(b.o.Model, sub, b.o.Loss)
}

// sweep is one sweep from x; blocks start where the sweep's rule says:
// every b.every parameters, or by default at each layer's start and then
// every fan-in parameters.
func (b *batchOracle) sweep(x []float64) {
	m := b.o.Model
	w := search.Grid(b.cfg.WeightRange[0], b.cfg.WeightRange[1], b.cfg.WeightSteps)
	bias := search.Grid(b.cfg.BiasRange[0], b.cfg.BiasRange[1], b.cfg.BiasSteps)
	var batch *objective.Objective
	f, start, layer := 0.0, 0, -1
	for i := range x {
		l, _ := m.Locate(i)
		fresh := i == 0
		if b.every > 0 {
			fresh = i%b.every == 0
		} else if l != layer || i-start >= m.FanIn(i) {
			fresh = true
		}
		if fresh {
			start, layer = i, l
			batch = b.draw()
			f = batch.Func(x)
		}
		g := w
		if m.IsBias(i) {
			g = bias
		}
		f = search.Coordinate(batch, x, i, f, g)
	}
}

// Every parameter of a minibatch sweep gets the value the plain loop picks
// on the same rows, bit for bit, for default (per-unit) blocks and fixed
// ones, on the exact scorer's paths (MSE's closed forms and bulk passes,
// cross-entropy's incremental path, MSE on one-hot classes), and loc.F is
// the full-data loss at the end of every sweep.
func TestMinibatchChoosesThePlainLoopsValueOnItsRows(t *testing.T) {
	cases := []struct {
		name string
		act  nn.Activation
		loss nn.Loss
	}{
		{"relu/mse", activations.ReLU, losses.MSE{}},
		{"tanh/cross_entropy", activations.Tanh, losses.CrossEntropy{}},
		{"leaky_relu/mse_classes", activations.LeakyReLU, losses.MSE{}.OnClasses()},
		{"relu/mae", activations.ReLU, losses.MAE{}},
	}
	for _, c := range cases {
		for _, every := range []int{0, 1, 7} {
			t.Run(fmt.Sprintf("%s/every=%d", c.name, every), func(t *testing.T) {
				cfg := search.Config{WeightRange: []float64{-3, 3}, BiasRange: []float64{-2, 2},
					WeightSteps: 13, BiasSteps: 9, Iterations: 3, BatchSize: 17, BatchEvery: every}
				o, x := mlpCase(uint64(len(c.name)+every), c.act, c.loss, 90)
				o.SetWorkers(2)
				defer o.Close()
				p := o.Problem()
				loc := &optimize.Location{X: slices.Clone(x), F: p.Func(x)}
				m := cfg.Method()
				if err := m.Init(p, loc, optimize.Env{Rand: rand.New(rand.NewPCG(5, 6))}); err != nil {
					t.Fatal(err)
				}
				oc, _ := mlpCase(uint64(len(c.name)+every), c.act, c.loss, 90)
				or := &batchOracle{o: oc, rng: rand.New(rand.NewPCG(5, 6)), size: 17, every: every, cfg: cfg}
				for r := range 90 {
					or.perm = append(or.perm, r)
				}
				want := slices.Clone(x)
				for sweep := range 3 {
					if _, err := m.Step(loc); err != nil {
						t.Fatal(err)
					}
					or.sweep(want)
					if k := firstDiff(loc.X, want); k >= 0 {
						t.Fatalf("sweep %d: parameter %d is %v, the plain loop on its batch chose %v", sweep+1, k, loc.X[k], want[k])
					}
					if f := oc.Func(loc.X); math.Float64bits(f) != math.Float64bits(loc.F) {
						t.Fatalf("sweep %d: loc.F = %v, the full-data loss %v", sweep+1, loc.F, f)
					}
				}
				if slices.Equal(loc.X, x) {
					t.Fatal("three sweeps moved nothing: the test proves nothing")
				}
			})
		}
	}
}

func firstDiff(a, b []float64) int {
	for k := range a {
		if math.Float64bits(a[k]) != math.Float64bits(b[k]) {
			return k
		}
	}
	return -1
}

// A linear model of exactly linear data: every batch has its minimum, 0,
// at the true weights, which are on the candidate sets, so minibatch
// sweeps reach them and the full-data loss 0.
func TestMinibatchFindsAKnownMinimum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const rows, inputs = 200, 3
	truth := []float64{2, -1, 0.5} // weights, then the bias 0.5 below
	d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: 1}
	for range rows {
		y := 0.5
		for k := range inputs {
			v := float64(rng.IntN(9) - 4)
			d.X = append(d.X, v)
			y += truth[k] * v
		}
		d.Y = append(d.Y, y)
	}
	m, err := nn.NewMLP(inputs, nil, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	o := objective.New(m, d, losses.MSE{})
	p := o.Problem()
	x := make([]float64, m.NumParams())
	loc := &optimize.Location{X: x, F: p.Func(x)}
	cfg := search.DefaultConfig()
	cfg.WeightValues = []float64{-2, -1, -0.5, 0, 0.5, 1, 2}
	cfg.BiasValues = []float64{-0.5, 0, 0.5}
	cfg.BatchSize, cfg.Iterations, cfg.Tolerance = 16, 20, 0
	s := cfg.Method()
	if err := s.Init(p, loc, optimize.Env{Rand: rand.New(rand.NewPCG(3, 4))}); err != nil {
		t.Fatal(err)
	}
	for range 20 {
		if _, err := s.Step(loc); err != nil {
			t.Fatal(err)
		}
	}
	if loc.F != 0 || !slices.Equal(loc.X, []float64{2, -1, 0.5, 0.5}) {
		t.Fatalf("ended at %v with loss %v; want [2 -1 0.5 0.5] and 0", loc.X, loc.F)
	}
}

// A minibatch sweep costs less than a full-data one and says so: its
// subsets' work is the objective's, each block counts one batch
// evaluation besides its candidates, and the sweep one full-data Func.
func TestMinibatchWorkIsTheJobsWork(t *testing.T) {
	cfg := search.Config{WeightRange: []float64{-3, 3}, BiasRange: []float64{-2, 2},
		WeightSteps: 13, BiasSteps: 9, Iterations: 1}
	run := func(batch int) (*objective.Objective, int64) {
		o, x := mlpCase(7, activations.ReLU, losses.MSE{}, 2000)
		c := cfg
		if batch > 0 {
			c.BatchSize, c.BatchEvery = batch, 10
		}
		p := o.Problem()
		loc := &optimize.Location{X: x, F: p.Func(x)}
		m := c.Method()
		if err := m.Init(p, loc, optimize.Env{Rand: rand.New(rand.NewPCG(1, 1))}); err != nil {
			t.Fatal(err)
		}
		before := o.Evaluations()
		if _, err := m.Step(loc); err != nil {
			t.Fatal(err)
		}
		return o, o.Evaluations() - before
	}
	full, fullEvals := run(0)
	mini, miniEvals := run(100)
	dim := int64(full.Dim())
	blocks := (dim + 9) / 10
	candidates := fullEvals // one per grid value, the same either way
	if miniEvals != candidates+blocks+1 {
		t.Errorf("minibatch sweep counted %d evaluations; want %d candidates + %d batches + 1 full-data Func", miniEvals, candidates, blocks)
	}
	if !(mini.Cost() > 0 && mini.Cost() < full.Cost()/2) {
		t.Errorf("minibatch sweep of 100 of 2000 rows cost %v, the full-data one %v", mini.Cost(), full.Cost())
	}
}

// Part-way through a minibatch sweep loc.F is no full-data loss, so the
// sweep offers Env.Checkpoint its progress only: a nil Location, with the
// share done rising to just below 1.
func TestMinibatchCheckpointsProgressOnly(t *testing.T) {
	o, x := mlpCase(3, activations.ReLU, losses.MSE{}, 60)
	p := o.Problem()
	loc := &optimize.Location{X: x, F: p.Func(x)}
	cfg := search.Config{WeightRange: []float64{-1, 1}, BiasRange: []float64{-1, 1}, WeightSteps: 5, BiasSteps: 5, Iterations: 1, BatchSize: 20}
	var dones []float64
	env := optimize.Env{Rand: rand.New(rand.NewPCG(1, 2)), Checkpoint: func(at *optimize.Location, done float64) {
		if at != nil {
			t.Fatalf("checkpoint at %v with a Location whose F is no full-data loss", done)
		}
		dones = append(dones, done)
	}}
	m := cfg.Method()
	if err := m.Init(p, loc, env); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Step(loc); err != nil {
		t.Fatal(err)
	}
	if len(dones) != len(x)-1 || !slices.IsSorted(dones) || dones[len(dones)-1] >= 1 {
		t.Errorf("progress %v; want %d rising shares below 1", dones, len(x)-1)
	}
}

// A minibatch sweep stops between parameters once its context is
// cancelled, as a full-data one does (the runner's budgets and Ctrl-C
// rely on it), having scored no more than the parameter under way.
func TestMinibatchStopsWhenCancelled(t *testing.T) {
	o, x := mlpCase(4, activations.ReLU, losses.MSE{}, 60)
	p := o.Problem()
	loc := &optimize.Location{X: x, F: p.Func(x)}
	cfg := search.Config{WeightRange: []float64{-1, 1}, BiasRange: []float64{-1, 1}, WeightSteps: 5, BiasSteps: 5, Iterations: 1, BatchSize: 20}
	ctx, cancel := context.WithCancel(context.Background())
	var atCancel int64
	env := optimize.Env{Rand: rand.New(rand.NewPCG(1, 2)), Context: ctx, Checkpoint: func(_ *optimize.Location, done float64) {
		if done >= 0.5 && atCancel == 0 {
			cancel()
			atCancel = o.Evaluations()
		}
	}}
	m := cfg.Method()
	if err := m.Init(p, loc, env); err != nil {
		t.Fatal(err)
	}
	_, err := m.Step(loc)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Step = %v, want the context's error", err)
	}
	if after := o.Evaluations() - atCancel; after != 0 {
		t.Errorf("%d evaluations after the cancel", after)
	}
}
