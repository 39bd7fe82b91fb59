package search_test

import (
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

// start initialises a search on p at x and returns it with its location.
func start(t *testing.T, cfg search.Config, p optimize.Problem, x []float64) (optimize.Method, *optimize.Location) {
	t.Helper()
	m := cfg.Method()
	loc := &optimize.Location{X: x, F: p.Func(x)}
	if err := m.Init(p, loc, optimize.Env{}); err != nil {
		t.Fatal(err)
	}
	return m, loc
}

func step(t *testing.T, m optimize.Method, loc *optimize.Location) optimize.Status {
	t.Helper()
	s, err := m.Step(loc)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// wild is a random function with couplings between coordinates that is NaN
// or +Inf on parts of the space, as an overflowing model is.
func wild(rng *rand.Rand, n int) func(x []float64) float64 {
	a := make([]float64, n)
	c := make([]float64, n)
	for i := range a {
		a[i] = rng.Float64()*3 + 0.1
		c[i] = rng.Float64()*8 - 4
	}
	coupling := rng.Float64()
	freq := 1 + rng.Float64()*5
	return func(x []float64) float64 {
		s := 0.0
		for i, v := range x {
			if math.Sin(freq*v) > 0.8 {
				return math.NaN()
			}
			s += a[i] * (v - c[i]) * (v - c[i])
		}
		if x[0] > 3.5 {
			return math.Inf(1)
		}
		if x[n-1] < -4.5 {
			return math.Inf(-1)
		}
		return s + coupling*math.Sin(x[0]*x[n-1])
	}
}

func TestLossNeverIncreases(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 100 {
		n := 1 + rng.IntN(5)
		f := wild(rng, n)
		x := make([]float64, n)
		for {
			for i := range x {
				x[i] = rng.Float64()*6 - 3
			}
			if finite(f(x)) {
				break
			}
		}
		cfg := search.Config{WeightRange: []float64{-5, 5}, WeightSteps: 3 + rng.IntN(20), Iterations: 4}
		m, loc := start(t, cfg, optimize.Func{N: n, F: f}, x)
		for range 4 {
			before := loc.F
			step(t, m, loc)
			if !(loc.F <= before) || !finite(loc.F) {
				t.Fatalf("trial %d: loss went from %v to %v", trial, before, loc.F)
			}
			if got := f(loc.X); got != loc.F {
				t.Fatalf("trial %d: loc.F = %v but f(loc.X) = %v", trial, loc.F, got)
			}
		}
	}
}

func TestLeavesANaNStart(t *testing.T) {
	// At x0 = 1 the loss is NaN; any finite grid value must replace it.
	f := func(x []float64) float64 {
		if x[0] == 1 {
			return math.NaN()
		}
		return (x[0] - 0.5) * (x[0] - 0.5)
	}
	cfg := search.Config{WeightRange: []float64{-1, 1}, WeightSteps: 5, Iterations: 1}
	m, loc := start(t, cfg, optimize.Func{N: 1, F: f}, []float64{1})
	step(t, m, loc)
	if loc.X[0] != 0.5 || loc.F != 0 {
		t.Errorf("got x=%v F=%v, want x=0.5 F=0", loc.X[0], loc.F)
	}
}

// bruteSweep is the oracle for one sweep: for each parameter in order it
// scores every grid value, takes the first of the lowest finite scores, and
// keeps it only if strictly below the loss before.
func bruteSweep(p optimize.Problem, isBias func(int) bool, x []float64, weights, biases []float64) (moved []bool) {
	f := p.Func(x)
	moved = make([]bool, len(x))
	for i := range x {
		grid := weights
		if isBias(i) {
			grid = biases
		}
		old := x[i]
		scores := make([]float64, len(grid))
		for k, v := range grid {
			x[i] = v
			scores[k] = p.Func(x)
		}
		arg := -1
		for k, s := range scores {
			if finite(s) && (arg < 0 || s < scores[arg]) {
				arg = k
			}
		}
		x[i] = old
		if arg >= 0 && scores[arg] < f {
			x[i], f, moved[i] = grid[arg], scores[arg], true
		}
	}
	return moved
}

func TestSweepIsGridArgminOnMLP(t *testing.T) {
	model, err := nn.NewMLP(2, []int{2}, []nn.Activation{activations.ReLU}, 1)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	data := &nn.Data{Rows: 8, Inputs: 2, TargetDim: 1, Task: nn.Regression}
	for range data.Rows {
		a, b := rng.Float64()*2-1, rng.Float64()*2-1
		data.X = append(data.X, a, b)
		data.Y = append(data.Y, 3*a-2*b+0.5+0.1*rng.NormFloat64())
	}
	obj := objective.New(model, data, losses.MSE{})
	x0 := make([]float64, obj.Dim())
	model.Init(x0, rng, &nn.Range{Lo: -1, Hi: 1}, &nn.Range{Lo: -1, Hi: 1})

	// Different weight and bias grids, so using the wrong one shows.
	cfg := search.Config{
		WeightRange: []float64{-3, 3}, WeightSteps: 13,
		BiasRange: []float64{-1, 1}, BiasSteps: 6,
		Iterations: 1,
	}
	want := slices.Clone(x0)
	moved := bruteSweep(obj, model.IsBias, want, search.Grid(-3, 3, 13), search.Grid(-1, 1, 6))
	var movedWeight, movedBias bool
	for i, mv := range moved {
		if mv && model.IsBias(i) {
			movedBias = true
		} else if mv {
			movedWeight = true
		}
	}
	if !movedWeight || !movedBias {
		t.Fatalf("oracle moved weights %v, biases %v: the test needs both to move", movedWeight, movedBias)
	}

	m, loc := start(t, cfg, obj, slices.Clone(x0))
	if s := step(t, m, loc); s != optimize.IterationLimit {
		t.Errorf("status %v after the only iteration, want %v", s, optimize.IterationLimit)
	}
	for i := range want {
		if loc.X[i] != want[i] {
			t.Errorf("%s = %v, oracle chose %v", model.ParamName(i), loc.X[i], want[i])
		}
	}
	if f := obj.Func(want); loc.F != f {
		t.Errorf("loc.F = %v, oracle's loss %v", loc.F, f)
	}
}

func TestTies(t *testing.T) {
	doubleWell := func(x []float64) float64 { d := x[0]*x[0] - 4; return d * d }
	cfg := search.Config{WeightRange: []float64{-4, 4}, WeightSteps: 9, Iterations: 1}
	cases := []struct {
		name  string
		f     func([]float64) float64
		start float64
		want  float64
	}{
		// Every grid value ties with the current one: it stays.
		{"flat keeps current", func([]float64) float64 { return 1 }, 0.3, 0.3},
		// -2 and 2 are both minima (loss 0) below the start's 16: the lower wins.
		{"equal grid minima pick lowest", doubleWell, 0, -2},
		// Starting on the minimum at 2, the grid's -2 only ties it.
		{"current wins tie with grid", doubleWell, 2, 2},
	}
	for _, c := range cases {
		m, loc := start(t, cfg, optimize.Func{N: 1, F: c.f}, []float64{c.start})
		step(t, m, loc)
		if loc.X[0] != c.want {
			t.Errorf("%s: x = %v, want %v", c.name, loc.X[0], c.want)
		}
	}
}

func TestBiasGridFromParameterKinds(t *testing.T) {
	// Both parameters want 0.7; only the bias grid [0.7, 0.9] contains it.
	f := func(x []float64) float64 { return math.Abs(x[0]-0.7) + math.Abs(x[1]-0.7) }
	p := kinds{n: 2, f: f, biases: map[int]bool{1: true}}
	cfg := search.Config{
		WeightRange: []float64{-1, 1}, WeightSteps: 3,
		BiasRange: []float64{0.7, 0.9}, BiasSteps: 2,
		Iterations: 1,
	}
	m, loc := start(t, cfg, p, []float64{5, 5})
	step(t, m, loc)
	if loc.X[0] != 1 || loc.X[1] != 0.7 {
		t.Errorf("x = %v, want [1 0.7] (weight grid -1,0,1; bias grid 0.7,0.9)", loc.X)
	}
}

func TestStopping(t *testing.T) {
	grid := search.Config{WeightRange: []float64{-2, 2}, WeightSteps: 5}

	// The first sweep reaches the minimum 0 from 9; the second gains
	// nothing, which is less than the tolerance.
	cfg := grid
	cfg.Iterations, cfg.Tolerance = 10, 1e-6
	m, loc := start(t, cfg, optimize.Func{N: 2, F: sumSquares}, []float64{3, 0})
	if s := step(t, m, loc); s != optimize.Running {
		t.Fatalf("first sweep: %v, want running", s)
	}
	if s := step(t, m, loc); s != optimize.Converged {
		t.Fatalf("second sweep: %v, want converged", s)
	}

	// With tolerance 0 the same problem runs every iteration.
	cfg.Iterations, cfg.Tolerance = 3, 0
	m, loc = start(t, cfg, optimize.Func{N: 2, F: sumSquares}, []float64{3, 0})
	for k, want := range []optimize.Status{optimize.Running, optimize.Running, optimize.IterationLimit} {
		if s := step(t, m, loc); s != want {
			t.Fatalf("sweep %d: %v, want %v", k+1, s, want)
		}
	}
}

func TestCoordinateScorerMakesThePlainChoices(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 50 {
		n := 1 + rng.IntN(4)
		c := make([]float64, n)
		for i := range c {
			c[i] = rng.Float64()*4 - 2
		}
		// Rounded to quarters, so many grid values tie exactly; the
		// scorer's noise then reorders them.
		f := func(x []float64) float64 {
			s := 0.0
			for i, v := range x {
				s += math.Round(4*(v-c[i])*(v-c[i])) / 4
			}
			if x[0] > 2.5 {
				return math.NaN()
			}
			return s
		}
		x0 := make([]float64, n)
		for i := range x0 {
			x0[i] = rng.Float64()*6 - 3
		}
		cfg := search.Config{WeightRange: []float64{-3, 3}, WeightSteps: 4 + rng.IntN(30), Iterations: 3}

		plain := &counting{n: n, f: f}
		m, want := start(t, cfg, plain, slices.Clone(x0))
		fast := &scorer{counting: counting{n: n, f: f}, noise: func() float64 { return rng.Float64()*2 - 1 }}
		mf, got := start(t, cfg, fast, slices.Clone(x0))
		plain.calls, fast.calls = 0, 0
		for range 3 {
			step(t, m, want)
			step(t, mf, got)
		}
		if !slices.Equal(got.X, want.X) || got.F != want.F {
			t.Fatalf("trial %d: scorer path x=%v F=%v, plain x=%v F=%v", trial, got.X, got.F, want.X, want.F)
		}
		if fast.calls >= plain.calls {
			t.Fatalf("trial %d: scorer path made %d Func calls, plain %d: fast path unused", trial, fast.calls, plain.calls)
		}
	}
}

func TestZeroConfigUsesDefaults(t *testing.T) {
	// Defaults: 100-point grids and 30 sweeps, so one sweep over two
	// parameters scores 200 values; tolerance stays 0 as written.
	p := &counting{n: 2, f: func(x []float64) float64 { return math.Abs(x[0]) + math.Abs(x[1]-1) }}
	m, loc := start(t, search.Config{}, p, []float64{0.3, 0.2})
	p.calls = 0
	sweeps := 0
	for {
		s := step(t, m, loc)
		sweeps++
		if s != optimize.Running {
			if s != optimize.IterationLimit {
				t.Fatalf("stopped with %v, want %v (tolerance 0)", s, optimize.IterationLimit)
			}
			break
		}
	}
	if sweeps != 30 || p.calls != 30*200 {
		t.Errorf("%d sweeps, %d Func calls; want 30 sweeps, 6000 calls", sweeps, p.calls)
	}
}

func TestStepDoesNotAllocate(t *testing.T) {
	cfg := search.Config{Iterations: 1000}
	m, loc := start(t, cfg, optimize.Func{N: 3, F: sumSquares}, []float64{1, 2, 3})
	fast := &scorer{counting: counting{n: 3, f: sumSquares}, noise: func() float64 { return 0 }}
	mf, locf := start(t, cfg, fast, []float64{1, 2, 3})
	if a := testing.AllocsPerRun(20, func() { m.Step(loc) }); a != 0 {
		t.Errorf("plain Step allocates %v times", a)
	}
	if a := testing.AllocsPerRun(20, func() { mf.Step(locf) }); a != 0 {
		t.Errorf("scorer Step allocates %v times", a)
	}
}

func TestInitErrors(t *testing.T) {
	p := optimize.Func{N: 2, F: sumSquares}
	cases := []struct {
		cfg  search.Config
		x    []float64
		want string
	}{
		{search.Config{WeightRange: []float64{1, 1}}, []float64{0, 0}, "search: weight_range: lo must be less than hi, got [1, 1]"},
		{search.Config{BiasSteps: 1}, []float64{0, 0}, "search: bias_steps: must be from 2 to 1000000, got 1"},
		{search.Config{}, []float64{0}, "search: start has 1 parameters, the problem 2"},
	}
	for _, c := range cases {
		err := c.cfg.Method().Init(p, &optimize.Location{X: c.x}, optimize.Env{})
		if err == nil || err.Error() != c.want {
			t.Errorf("Init error %v, want %q", err, c.want)
		}
	}
	if _, err := (search.Config{}).Method().Step(&optimize.Location{}); err == nil {
		t.Error("Step before Init: no error")
	}
}
