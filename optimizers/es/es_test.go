package es_test

import (
	"context"
	"errors"
	"github.com/nnexp/nnexp/optimizers/internal/methodtest"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/es"
)

// TestQuadraticMinimum: on the 10-D quadratic from the origin (loss
// 65.3125), generations of 20 pairs (sigma 0.1, 40 evaluations each: the
// mean's loss is the runner's) reach a loss below 1e-3 with every
// coordinate within 0.03 of the minimum, for seeds 1 to 4: Adam at 0.05
// in 200 generations (8,001 evaluations with the start's; seed 1 ends at
// 6.6e-5), SGD at 0.3 in 300 (12,001; seed 1 at 7.8e-5).
func TestQuadraticMinimum(t *testing.T) {
	for _, c := range []es.Config{
		{Population: 20, Sigma: 0.1, LearningRate: 0.05, Generations: 200},
		{Population: 20, Sigma: 0.1, LearningRate: 0.3, Update: es.UpdateSGD, Generations: 300},
	} {
		for seed := uint64(1); seed <= 4; seed++ {
			p := &methodtest.Counted{N: 10, F: methodtest.Quadratic(methodtest.Centre)}
			m, loc := methodtest.Start(t, c, p, make([]float64, 10), seed)
			if fs := methodtest.RunToEnd(t, m, loc, p.F); len(fs) != c.Generations {
				t.Fatalf("%s seed %d: %d generations, want %d", c.Update, seed, len(fs), c.Generations)
			}
			if !(loc.F < 1e-3) {
				t.Errorf("%s seed %d: loss %g after %d generations, want below 1e-3", c.Update, seed, loc.F, c.Generations)
			}
			for i, v := range methodtest.Centre {
				if math.Abs(loc.X[i]-v) > 0.03 {
					t.Errorf("%s seed %d: x[%d] = %g, want within 0.03 of %g", c.Update, seed, i, loc.X[i], v)
				}
			}
			if want := 1 + c.Generations*40; p.Calls != want {
				t.Errorf("%s seed %d: %d evaluations, want %d", c.Update, seed, p.Calls, want)
			}
		}
	}
}

// TestRosenbrock: from (-1.2, 1), where the loss is 24.2, 1000
// generations of 10 pairs (sigma 0.01, Adam at 0.01; 20,001 evaluations)
// end within 0.05 of (1, 1) with a loss below 1e-3, for seeds 1 to 3 (seed
// 1: 2.2e-4 at (0.986, 0.971)).
func TestRosenbrock(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		p := &methodtest.Counted{N: 2, F: methodtest.Rosenbrock}
		m, loc := methodtest.Start(t, es.Config{Population: 10, Sigma: 0.01, LearningRate: 0.01, Generations: 1000}, p, []float64{-1.2, 1}, seed)
		methodtest.RunToEnd(t, m, loc, p.F)
		if !(loc.F < 1e-3) || math.Abs(loc.X[0]-1) > 0.05 || math.Abs(loc.X[1]-1) > 0.05 {
			t.Errorf("seed %d: loss %g at %v, want below 1e-3 within 0.05 of (1, 1)", seed, loc.F, loc.X)
		}
		if p.Calls != 1+1000*20 {
			t.Errorf("seed %d: %d evaluations, want 20001", seed, p.Calls)
		}
	}
}

// TestOneGenerationByHand follows one SGD generation of one pair on the
// linear loss 3x0 − 2x1: the two evaluations are θ+σε and θ−σε (mirrored),
// the worse gets centred rank 0.5 and the better −0.5, so the estimate is
// ±ε/2 and θ moves by lr·ε/2 away from the worse; weight decay adds wd·θ.
// The mean's loss is not evaluated: ES leaves it to the runner, so
// loc.F stays the NaN the runner hands a step.
func TestOneGenerationByHand(t *testing.T) {
	var tried [][]float64
	p := optimize.Func{N: 2, F: func(x []float64) float64 {
		tried = append(tried, slices.Clone(x))
		return 3*x[0] - 2*x[1]
	}}
	theta := []float64{0.5, -1}
	const sigma, lr, wd = 0.2, 0.1, 0.3
	m, loc := methodtest.Start(t, es.Config{Population: 1, Sigma: sigma, LearningRate: lr, WeightDecay: wd, Update: es.UpdateSGD, Generations: 1}, p, slices.Clone(theta), 11)
	tried = nil
	if !m.(optimize.LeavesLoss).LeavesLoss() {
		t.Fatal("ES does not leave the loss to the runner")
	}
	loc.F = math.NaN()
	if s, err := m.Step(loc); err != nil || s != optimize.IterationLimit {
		t.Fatalf("Step = %v, %v; want completed after 1 generation", s, err)
	}
	if len(tried) != 2 {
		t.Fatalf("%d evaluations, want the pair's two", len(tried))
	}
	if !math.IsNaN(loc.F) {
		t.Errorf("loc.F = %v after the step, want the NaN it was handed", loc.F)
	}
	eps := make([]float64, 2)
	for j := range eps {
		eps[j] = (tried[0][j] - theta[j]) / sigma
		if math.Abs(tried[1][j]-(theta[j]-sigma*eps[j])) > 1e-15 {
			t.Fatalf("second sample %v is not the mirror of %v about %v", tried[1], tried[0], theta)
		}
	}
	w := 0.5 // u(+) − u(−) = 1 over 2 samples
	if 3*eps[0]-2*eps[1] < 0 {
		w = -0.5
	}
	for j := range theta {
		want := theta[j] - lr*(w*eps[j]+wd*theta[j])
		if math.Abs(loc.X[j]-want) > 1e-12 {
			t.Errorf("θ[%d] = %.17g, want %.17g", j, loc.X[j], want)
		}
	}
}

// TestWeightDecayOnAFlatLoss: every sample ties, so the ranks cancel and
// only the decay moves θ: SGD multiplies it by 1 − lr·wd = 0.95 per
// generation, and Adam's first step moves each coordinate by lr against
// its sign.
func TestWeightDecayOnAFlatLoss(t *testing.T) {
	flat := optimize.Func{N: 3, F: func([]float64) float64 { return 7 }}
	m, loc := methodtest.Start(t, es.Config{Population: 4, LearningRate: 0.1, WeightDecay: 0.5, Update: es.UpdateSGD, Generations: 3}, flat, []float64{1, -2, 0}, 1)
	methodtest.RunToEnd(t, m, loc, flat.F)
	for j, x0 := range []float64{1, -2, 0} {
		if want := x0 * 0.95 * 0.95 * 0.95; math.Abs(loc.X[j]-want) > 1e-15 {
			t.Errorf("SGD: θ[%d] = %v after 3 generations, want %v", j, loc.X[j], want)
		}
	}
	m, loc = methodtest.Start(t, es.Config{Population: 4, LearningRate: 0.1, WeightDecay: 0.5, Generations: 1}, flat, []float64{1, -2, 0}, 1)
	methodtest.RunToEnd(t, m, loc, flat.F)
	for j, want := range []float64{0.9, -1.9, 0} {
		if math.Abs(loc.X[j]-want) > 1e-7 {
			t.Errorf("Adam: θ[%d] = %v after 1 generation, want %v", j, loc.X[j], want)
		}
	}
}

// TestNonFiniteLossesAreWorst: samples past x0 = 1 score NaN and past
// x0 = −1 score +Inf, around a mean that walks towards them under the
// linear loss −x0 (and towards the finite region's edge). They rank as
// worst, so the mean turns back, and θ and loc.F stay finite.
func TestNonFiniteLossesAreWorst(t *testing.T) {
	f := func(x []float64) float64 {
		switch {
		case x[0] > 1:
			return math.NaN()
		case x[0] < -1:
			return math.Inf(1)
		}
		return -x[0]
	}
	p := optimize.Func{N: 2, F: f}
	m, loc := methodtest.Start(t, es.Config{Population: 8, Sigma: 0.5, LearningRate: 0.05, Generations: 300}, p, []float64{0, 0}, 3)
	fs := methodtest.RunToEnd(t, m, loc, p.F)
	for g, v := range fs {
		if !finite(v) {
			t.Fatalf("generation %d: mean's loss %v", g+1, v)
		}
	}
	if !(loc.X[0] > 0.3 && loc.X[0] <= 1) || !finite(loc.X[1]) {
		t.Errorf("mean at %v, want x0 pushed up towards 1 but not past it", loc.X)
	}
	// Every sample non-finite: the ranks tie and the estimate is zero.
	nan := optimize.Func{N: 2, F: func([]float64) float64 { return math.NaN() }}
	m, loc = methodtest.Start(t, es.Config{Population: 5, Generations: 2}, nan, []float64{1, 2}, 3)
	methodtest.RunToEnd(t, m, loc, nan.F)
	if !slices.Equal(loc.X, []float64{1, 2}) {
		t.Errorf("moved to %v on a loss that is NaN everywhere", loc.X)
	}
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// trajectory runs cfg on the quadratic and returns every point and loss.
func trajectory(t *testing.T, cfg es.Config, seed uint64) [][]float64 {
	t.Helper()
	p := optimize.Func{N: 10, F: methodtest.Quadratic(methodtest.Centre)}
	m, loc := methodtest.Start(t, cfg, p, make([]float64, 10), seed)
	var tr [][]float64
	for {
		s, err := m.Step(loc)
		if err != nil {
			t.Fatal(err)
		}
		tr = append(tr, append(slices.Clone(loc.X), loc.F))
		if s != optimize.Running {
			return tr
		}
	}
}

func TestSeedDecidesTheTrajectory(t *testing.T) {
	cfg := es.Config{Population: 5, Generations: 5}
	a, b, c := trajectory(t, cfg, 7), trajectory(t, cfg, 7), trajectory(t, cfg, 8)
	same := func(x, y [][]float64) bool {
		return slices.EqualFunc(x, y, func(u, v []float64) bool {
			return slices.EqualFunc(u, v, func(p, q float64) bool { return math.Float64bits(p) == math.Float64bits(q) })
		})
	}
	if !same(a, b) {
		t.Error("seed 7 gave two different trajectories")
	}
	if same(a, c) {
		t.Error("seeds 7 and 8 gave the same trajectory")
	}
}

// Ctrl-C arrives as a cancelled Env.Context: a generation stops before
// its next sample.
func TestStopsBetweenSamplesWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	q := methodtest.Quadratic(methodtest.Centre)
	p := optimize.Func{N: 10, F: func(x []float64) float64 {
		calls++
		if calls == 1+40+7 { // the 7th sample of the second generation
			cancel()
		}
		return q(x)
	}}
	x := make([]float64, 10)
	loc := &optimize.Location{X: x, F: p.F(x)}
	m := es.Config{Population: 20}.Method()
	if err := m.Init(p, loc, optimize.Env{Rand: rand.New(rand.NewPCG(1, 2)), Context: ctx}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Step(loc); err != nil {
		t.Fatal(err)
	}
	_, err := m.Step(loc)
	if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "es: stopped at 7 of 40 samples") {
		t.Fatalf("Step returned %v, want a cancellation after 7 samples", err)
	}
	if calls != 1+40+7 {
		t.Errorf("%d evaluations, want none after the cancelling one (%d)", calls, 1+40+7)
	}
}

func TestInitErrors(t *testing.T) {
	p := optimize.Func{N: 2, F: methodtest.Quadratic([]float64{0, 0})}
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []struct {
		name string
		cfg  es.Config
		p    optimize.Problem
		x    []float64
		env  optimize.Env
		want string
	}{
		{"no random source", es.Config{}, p, []float64{0, 0}, optimize.Env{}, "Env.Rand is nil"},
		{"wrong length", es.Config{}, p, []float64{0}, optimize.Env{Rand: rng}, "start has 1 parameters, the problem 2"},
		{"no problem", es.Config{}, nil, []float64{0}, optimize.Env{Rand: rng}, "no problem"},
		{"invalid", es.Config{Update: "rmsprop"}, p, []float64{0, 0}, optimize.Env{Rand: rng}, "update: must be"},
	}
	for _, c := range cases {
		loc := &optimize.Location{X: c.x}
		err := c.cfg.Method().Init(c.p, loc, c.env)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "es: ") {
			t.Errorf("%s: Init error %v, want es: ...%s", c.name, err, c.want)
		}
	}
	if _, err := es.DefaultConfig().Method().Step(&optimize.Location{}); err == nil {
		t.Error("Step before Init succeeded")
	}
}
