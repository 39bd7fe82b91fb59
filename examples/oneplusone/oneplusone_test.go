package oneplusone_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/examples/oneplusone"
	"github.com/nnexp/nnexp/optimize"
)

// rough is a random rugged function: a quadratic bowl with a sinusoidal
// coupling between coordinates, ripples, and NaN and +Inf regions, as a
// model that overflows has.
func rough(rng *rand.Rand, n int) func(x []float64) float64 {
	a := make([]float64, n)
	c := make([]float64, n)
	for i := range a {
		a[i] = rng.Float64()*3 + 0.1
		c[i] = rng.Float64()*8 - 4
	}
	freq := 1 + rng.Float64()*5
	return func(x []float64) float64 {
		s := 0.0
		for i, v := range x {
			if math.Sin(freq*v) > 0.95 {
				return math.NaN()
			}
			s += a[i]*(v-c[i])*(v-c[i]) + math.Abs(math.Sin(7*v))
		}
		if x[0] > 4.5 {
			return math.Inf(1)
		}
		return s + math.Sin(x[0]*x[n-1])
	}
}

func TestLossNeverIncreases(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	improved := 0
	for trial := range 100 {
		n := 1 + rng.IntN(6)
		f := rough(rng, n)
		x := make([]float64, n)
		for {
			for i := range x {
				x[i] = rng.Float64()*6 - 3
			}
			if finite(f(x)) {
				break
			}
		}
		f0 := f(x)
		cfg := oneplusone.Config{Samples: 1 + rng.IntN(8), Sigma: 0.1 + 2*rng.Float64(), Iterations: 10}
		m, loc := start(t, cfg, optimize.Func{N: n, F: f}, x, uint64(trial))
		for it := range 10 {
			before := loc.F
			step(t, m, loc)
			if !(loc.F <= before) || !finite(loc.F) {
				t.Fatalf("trial %d iteration %d: loss went from %v to %v", trial, it, before, loc.F)
			}
			if got := f(loc.X); got != loc.F {
				t.Fatalf("trial %d iteration %d: loc.F = %v but f(loc.X) = %v", trial, it, loc.F, got)
			}
		}
		if loc.F < f0 {
			improved++
		}
	}
	// Guard against a method that passes by never moving.
	if improved < 90 {
		t.Errorf("the loss decreased in only %d of 100 trials", improved)
	}
}

func TestConvergesOnQuadratic(t *testing.T) {
	c := []float64{1, -2, 3, 0.5, -1}
	for seed := range uint64(10) {
		// Defaults but for the iterations: 5 samples (the dimension) per
		// iteration, sigma 0.5, grow 1.5, shrink 0.8.
		cfg := oneplusone.Config{Iterations: 60}
		m, loc := start(t, cfg, optimize.Func{N: len(c), F: quadratic(c)}, make([]float64, len(c)), seed)
		status := optimize.Running
		for status == optimize.Running {
			status = step(t, m, loc)
		}
		if status != optimize.IterationLimit {
			t.Errorf("seed %d: status %v, want %v", seed, status, optimize.IterationLimit)
		}
		if loc.F >= 1e-3 {
			t.Errorf("seed %d: loss %g after 60 iterations (sigma %g), want < 1e-3", seed, loc.F, m.Sigma())
		}
		// The 1/5th rule must have shrunk sigma to the scale of the
		// remaining distance, far below its initial 0.5.
		if m.Sigma() > 0.1 {
			t.Errorf("seed %d: sigma %g at the minimum, want it to have shrunk", seed, m.Sigma())
		}
	}
}

// trajectory runs 20 iterations from a fixed start and returns every point
// visited, with its loss.
func trajectory(t *testing.T, seed uint64) [][]float64 {
	t.Helper()
	c := []float64{3, -1, 2}
	f := func(x []float64) float64 { return quadratic(c)(x) + 0.3*math.Sin(5*x[0]*x[1]) }
	m, loc := start(t, oneplusone.Config{Iterations: 20}, optimize.Func{N: 3, F: f}, []float64{0, 0, 0}, seed)
	var out [][]float64
	for range 20 {
		step(t, m, loc)
		out = append(out, append(slices.Clone(loc.X), loc.F, m.Sigma()))
	}
	return out
}

func TestSameSeedSameTrajectory(t *testing.T) {
	a, b := trajectory(t, 7), trajectory(t, 7)
	for i := range a {
		if !slices.Equal(a[i], b[i]) {
			t.Fatalf("iteration %d: %v then %v from the same seed", i+1, a[i], b[i])
		}
	}
	c := trajectory(t, 8)
	if slices.EqualFunc(a, c, slices.Equal) {
		t.Error("seeds 7 and 8 gave identical trajectories: the method ignores env.Rand")
	}
}

func TestOneFifthRule(t *testing.T) {
	// successEvery makes every k-th evaluation (after the start) a strict
	// improvement and every other one worse, whatever the point.
	successEvery := func(k int) optimize.Problem {
		calls := 0
		return optimize.Func{N: 2, F: func([]float64) float64 {
			calls++
			if calls > 1 && (calls-1)%k == 0 {
				return -float64(calls)
			}
			return math.Inf(1)
		}}
	}
	cases := []struct {
		name    string
		samples int
		every   int
		factor  float64
	}{
		{"all succeed", 5, 1, 1.5},
		{"none succeed", 5, 1000, 0.8},
		{"exactly 1/5 shrinks", 5, 5, 0.8},
		{"2/5 grows", 5, 2, 1.5},
		{"2/10 shrinks", 10, 5, 0.8},
	}
	for _, c := range cases {
		cfg := oneplusone.Config{Samples: c.samples, Iterations: 3}
		m, loc := start(t, cfg, successEvery(c.every), []float64{0, 0}, 1)
		sigma := m.Sigma()
		if sigma != 0.5 {
			t.Fatalf("%s: initial sigma %g, want the default 0.5", c.name, sigma)
		}
		for it := range 3 {
			step(t, m, loc)
			if want := sigma * c.factor; m.Sigma() != want {
				t.Errorf("%s: iteration %d: sigma %g, want %g", c.name, it+1, m.Sigma(), want)
			}
			sigma = m.Sigma()
		}
	}

	// grow = shrink = 1 keeps the step size fixed.
	m, loc := start(t, oneplusone.Config{Sigma: 0.25, Grow: 1, Shrink: 1}, successEvery(2), []float64{0, 0}, 1)
	for range 4 {
		step(t, m, loc)
	}
	if m.Sigma() != 0.25 {
		t.Errorf("grow = shrink = 1: sigma %g, want 0.25", m.Sigma())
	}
}

func TestSamplesPerIteration(t *testing.T) {
	for _, c := range []struct{ samples, dim, want int }{
		{0, 7, 7}, // the default: one per parameter
		{3, 7, 3},
		{12, 2, 12},
	} {
		p := &counting{n: c.dim, f: func(x []float64) float64 { return x[0] * x[0] }}
		x := make([]float64, c.dim)
		x[0] = 1
		m, loc := start(t, oneplusone.Config{Samples: c.samples}, p, x, 1)
		p.calls = 0
		step(t, m, loc)
		if p.calls != c.want {
			t.Errorf("samples %d, dim %d: %d evaluations in an iteration, want %d", c.samples, c.dim, p.calls, c.want)
		}
	}
}

func TestStopping(t *testing.T) {
	f := optimize.Func{N: 2, F: quadratic([]float64{1, 1})}
	// Without tolerance, every iteration runs and the last says so.
	m, loc := start(t, oneplusone.Config{Iterations: 4}, f, []float64{0, 0}, 1)
	for it := 1; it <= 4; it++ {
		want := optimize.Running
		if it == 4 {
			want = optimize.IterationLimit
		}
		if s := step(t, m, loc); s != want {
			t.Fatalf("iteration %d: status %v, want %v", it, s, want)
		}
	}

	// A flat function: no iteration improves, so a positive tolerance stops
	// the run after the first one.
	flat := optimize.Func{N: 2, F: func([]float64) float64 { return 1 }}
	m, loc = start(t, oneplusone.Config{Iterations: 10, Tolerance: 1e-9}, flat, []float64{0, 0}, 1)
	if s := step(t, m, loc); s != optimize.Converged {
		t.Errorf("flat function with tolerance: status %v, want %v", s, optimize.Converged)
	}

	// Far from the minimum an iteration improves by more than 1e-9.
	m, loc = start(t, oneplusone.Config{Iterations: 10, Tolerance: 1e-9, Samples: 50}, f, []float64{-5, 5}, 1)
	if s := step(t, m, loc); s != optimize.Running {
		t.Errorf("first iteration far from the minimum: status %v, want %v", s, optimize.Running)
	}
}

func TestLeavesANaNStart(t *testing.T) {
	// The start is NaN; any finite loss must replace it.
	f := func(x []float64) float64 {
		if x[0] == 0 {
			return math.NaN()
		}
		return x[0] * x[0]
	}
	m, loc := start(t, oneplusone.Config{Samples: 1, Iterations: 1}, optimize.Func{N: 1, F: f}, []float64{0}, 1)
	step(t, m, loc)
	if !finite(loc.F) || loc.X[0] == 0 || loc.F != f(loc.X) {
		t.Errorf("got x=%v F=%v, want a finite loss away from the NaN start", loc.X[0], loc.F)
	}
}

func TestStepDoesNotAllocate(t *testing.T) {
	f := optimize.Func{N: 20, F: quadratic(make([]float64, 20))}
	x := make([]float64, 20)
	for i := range x {
		x[i] = float64(i)
	}
	m, loc := start(t, oneplusone.Config{Iterations: oneplusone.MaxIterations}, f, x, 1)
	if allocs := testing.AllocsPerRun(100, func() { step(t, m, loc) }); allocs != 0 {
		t.Errorf("Step allocates %v times per call, want 0", allocs)
	}
}

func TestInitErrors(t *testing.T) {
	p := optimize.Func{N: 2, F: quadratic([]float64{0, 0})}
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []struct {
		name string
		cfg  oneplusone.Config
		p    optimize.Problem
		x    []float64
		env  optimize.Env
		want string
	}{
		{"no random source", oneplusone.Config{}, p, []float64{0, 0}, optimize.Env{}, "Env.Rand is nil"},
		{"wrong length", oneplusone.Config{}, p, []float64{0}, optimize.Env{Rand: rng}, "start has 1 parameters, the problem 2"},
		{"no problem", oneplusone.Config{}, nil, []float64{0}, optimize.Env{Rand: rng}, "no problem"},
		{"invalid", oneplusone.Config{Sigma: -1}, p, []float64{0, 0}, optimize.Env{Rand: rng}, "sigma: must be a finite number > 0, got -1"},
	}
	for _, c := range cases {
		loc := &optimize.Location{X: c.x}
		err := c.cfg.Method().Init(c.p, loc, c.env)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "one_plus_one: ") {
			t.Errorf("%s: Init error %v, want one_plus_one: ...%s", c.name, err, c.want)
		}
	}
	if _, err := oneplusone.DefaultConfig().Method().Step(&optimize.Location{}); err == nil {
		t.Error("Step before Init succeeded")
	}
}

func TestKeepsOnlyStrictImprovements(t *testing.T) {
	// On a plateau every step ties with the current loss: none is taken,
	// so the point stays and sigma shrinks every iteration.
	plateau := optimize.Func{N: 3, F: func(x []float64) float64 { return math.Floor(x[0] + 100) }}
	x := []float64{0.5, 1, 2}
	m, loc := start(t, oneplusone.Config{Sigma: 1e-3, Iterations: 5}, plateau, slices.Clone(x), 1)
	for range 5 {
		step(t, m, loc)
	}
	if !slices.Equal(loc.X, x) || loc.F != 100 {
		t.Errorf("moved on a plateau to %v (loss %v), want to stay at %v", loc.X, loc.F, x)
	}
	if want := 1e-3 * math.Pow(0.8, 5); math.Abs(m.Sigma()-want) > 1e-15 {
		t.Errorf("sigma %g after 5 iterations without success, want %g", m.Sigma(), want)
	}
}

// Ctrl-C arrives as a cancelled Env.Context; a long iteration stops at
// the next try instead of running to its end.
func TestStopsBetweenTriesWhenCancelled(t *testing.T) {
	sumSquares := func(x []float64) float64 {
		s := 0.0
		for _, v := range x {
			s += v * v
		}
		return s
	}
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	p := optimize.Func{N: 3, F: func(x []float64) float64 {
		calls++
		if calls == 4 {
			cancel()
		}
		return sumSquares(x)
	}}
	x := []float64{1, 2, 3}
	loc := &optimize.Location{X: x, F: p.F(x)}
	m := oneplusone.Config{Samples: 50}.Method()
	if err := m.Init(p, loc, optimize.Env{Rand: rand.New(rand.NewPCG(1, 2)), Context: ctx}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Step(loc); !errors.Is(err, context.Canceled) {
		t.Fatalf("Step returned %v, want the cancellation", err)
	}
	// The start, then three tries before the cancelling one was scored.
	if calls != 4 {
		t.Errorf("%d evaluations, want 4 (no try after the cancellation)", calls)
	}
	if loc.F != sumSquares(loc.X) {
		t.Errorf("loc.F %v is not the loss at loc.X", loc.F)
	}
	if got := m.(optimize.StepLimit).MaxSteps(); got != 30 {
		t.Errorf("MaxSteps %d, want the default 30 iterations", got)
	}
}
