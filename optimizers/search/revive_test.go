package search_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/search"
)

// deadReLU is a 1-2-1 ReLU net on inputs in [0, 1] whose hidden unit 1
// (weight -1, bias -10: parameters 1 and 3) outputs 0 on every row.
func deadReLU(t *testing.T) (*objective.Objective, []float64) {
	t.Helper()
	m, err := nn.NewMLP(1, []int{2}, []nn.Activation{activations.ReLU}, 1)
	if err != nil {
		t.Fatal(err)
	}
	d := &nn.Data{Rows: 5, Inputs: 1, TargetDim: 1, X: []float64{0, 0.25, 0.5, 0.75, 1}, Y: []float64{1, 0, 1, 0, 2}}
	// w0 (unit 0, unit 1), b0, w1, b1
	x := []float64{1, -1, 0.5, -10, 2, 3, 0.1}
	return objective.New(m, d, losses.MSE{}), x
}

// recorder is a plain problem that keeps the point of the first Func call
// after each DeadUnits call: the revived parameters.
type recorder struct {
	p       optimize.Problem
	armed   bool
	revived [][]float64
}

func (r *recorder) Dim() int { return r.p.Dim() }
func (r *recorder) Func(x []float64) float64 {
	if r.armed {
		r.revived, r.armed = append(r.revived, slices.Clone(x)), false
	}
	return r.p.Func(x)
}
func (r *recorder) DeadUnits(x []float64) []optimize.Unit {
	r.armed = true
	return r.p.(optimize.DeadUnits).DeadUnits(x)
}

// The dead unit is revived before the first sweep with weight and bias
// drawn from U(-1, 1) (fan-in 1) by Env.Rand, the revival is counted, the
// loss after it is evaluated, and loc.F stays exact.
func TestReviveDeadRedrawsFromEnvRand(t *testing.T) {
	o, x := deadReLU(t)
	if got := o.DeadUnits(x); !slices.Equal(got, []optimize.Unit{{Weights: 1, FanIn: 1, Bias: 3}}) {
		t.Fatalf("DeadUnits = %v", got)
	}
	rec := &recorder{p: o.Problem()}
	cfg := search.Config{ReviveDead: true, WeightRange: []float64{-1, 1}, WeightSteps: 5, BiasRange: []float64{-1, 1}, BiasSteps: 5, Iterations: 1}
	m := cfg.Method()
	loc := &optimize.Location{X: slices.Clone(x), F: o.Func(x)}
	if err := m.Init(rec, loc, optimize.Env{Rand: rand.New(rand.NewPCG(1, 2))}); err != nil {
		t.Fatal(err)
	}
	before := o.Evaluations()
	if _, err := m.Step(loc); err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(x)
	r := rand.New(rand.NewPCG(1, 2))
	want[1], want[3] = -1+2*r.Float64(), -1+2*r.Float64()
	if len(rec.revived) != 1 || !slices.Equal(rec.revived[0], want) {
		t.Fatalf("revived point %v, want %v", rec.revived, want)
	}
	if n := m.(interface{ Revivals() int }).Revivals(); n != 1 {
		t.Errorf("Revivals() = %d, want 1", n)
	}
	// DeadUnits, the loss after the revival, 7 parameters x 5 values.
	if got := o.Evaluations() - before; got != 1+1+7*5 {
		t.Errorf("the sweep counted %d evaluations, want %d", got, 1+1+7*5)
	}
	if f := o.Func(loc.X); math.Float64bits(f) != math.Float64bits(loc.F) {
		t.Errorf("loc.F = %v, Func(loc.X) = %v", loc.F, f)
	}
}

// With revive_dead, a run is determined by its seed, keeps loc.F exact in
// every sweep, and makes the same choices on the plain and exact paths.
func TestReviveDeadDeterministicAndExact(t *testing.T) {
	// The first case with a dead unit at the start.
	caseSeed := uint64(1)
	for ; ; caseSeed++ {
		o, x := mlpCase(caseSeed, activations.ReLU, losses.MSE{}, 60)
		if len(o.DeadUnits(x)) > 0 {
			break
		}
	}
	run := func(plain bool, seed uint64) ([]float64, []float64, int) {
		o, x := mlpCase(caseSeed, activations.ReLU, losses.MSE{}, 60)
		cfg := search.Config{ReviveDead: true, WeightSteps: 21, BiasSteps: 21, Iterations: 5, Plain: plain}
		m := cfg.Method()
		p := o.Problem()
		loc := &optimize.Location{X: x, F: p.Func(x)}
		if err := m.Init(p, loc, optimize.Env{Rand: rand.New(rand.NewPCG(seed, 7))}); err != nil {
			t.Fatal(err)
		}
		var hist []float64
		for range 5 {
			if _, err := m.Step(loc); err != nil {
				t.Fatal(err)
			}
			if f := o.Func(loc.X); math.Float64bits(f) != math.Float64bits(loc.F) {
				t.Fatalf("loc.F = %v, Func(loc.X) = %v", loc.F, f)
			}
			hist = append(hist, loc.F)
		}
		return hist, loc.X, m.(*search.Search).Revivals()
	}
	h1, x1, n1 := run(false, 1)
	h2, x2, n2 := run(false, 1)
	hp, xp, np := run(true, 1)
	if n1 == 0 {
		t.Fatal("no unit revived: the case has no dead unit")
	}
	if !bitsEqual(h1, h2) || !bitsEqual(x1, x2) || n1 != n2 {
		t.Errorf("same seed, different runs: %v vs %v", h1, h2)
	}
	if !bitsEqual(h1, hp) || !bitsEqual(x1, xp) || n1 != np {
		t.Errorf("exact path %v (%d revivals), plain %v (%d)", h1, n1, hp, np)
	}
	h3, _, _ := run(false, 2)
	if bitsEqual(h1, h3) {
		t.Errorf("seeds 1 and 2 gave the same history %v", h1)
	}
	t.Logf("revivals over 5 sweeps: %d; losses %v", n1, h1)
}

func TestReviveDeadInitErrors(t *testing.T) {
	cfg := search.Config{ReviveDead: true}
	err := cfg.Method().Init(optimize.Func{N: 2, F: sumSquares}, &optimize.Location{X: []float64{0, 0}}, optimize.Env{Rand: rand.New(rand.NewPCG(1, 1))})
	if err == nil || !strings.Contains(err.Error(), "optimize.DeadUnits") {
		t.Errorf("revive_dead on a black box: %v", err)
	}
	o, x := deadReLU(t)
	err = cfg.Method().Init(o.Problem(), &optimize.Location{X: x, F: o.Func(x)}, optimize.Env{})
	if err == nil || !strings.Contains(err.Error(), "Env.Rand") {
		t.Errorf("revive_dead without Env.Rand: %v", err)
	}
}

// Revived parameters are off a candidate set, so the sweep after the
// revival moves them back onto it, exactly.
func TestReviveDeadWithSets(t *testing.T) {
	o, x := deadReLU(t)
	set := []float64{-2, -1, 0, 1, 2}
	cfg := search.Config{ReviveDead: true, WeightValues: set, BiasValues: set, Iterations: 3}
	m := cfg.Method()
	p := o.Problem()
	loc := &optimize.Location{X: slices.Clone(x), F: p.Func(x)}
	if err := m.Init(p, loc, optimize.Env{Rand: rand.New(rand.NewPCG(5, 6))}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := m.Step(loc); err != nil {
			t.Fatal(err)
		}
		for i, v := range loc.X {
			if !slices.Contains(set, v) {
				t.Fatalf("x[%d] = %v is off the set after a sweep", i, v)
			}
		}
		if f := o.Func(loc.X); math.Float64bits(f) != math.Float64bits(loc.F) {
			t.Fatalf("loc.F = %v, Func(loc.X) = %v", loc.F, f)
		}
	}
	if m.(*search.Search).Revivals() == 0 {
		t.Error("no revival")
	}
}
