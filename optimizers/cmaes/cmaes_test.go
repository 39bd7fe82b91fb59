package cmaes_test

import (
	"context"
	"errors"
	"github.com/nnexp/nnexp/optimizers/internal/methodtest"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimize/optimizetest"
	"github.com/nnexp/nnexp/optimizers/cmaes"
)

func env(seed uint64) optimize.Env {
	return optimize.Env{Rand: rand.New(rand.NewPCG(seed, 0x5eed))}
}

// result is a finished run: its trajectory (loss and point after each
// step), last status and evaluations.
type result struct {
	traj   []float64
	status optimize.Status
	evals  int
	loc    *optimize.Location
}

func runAll(t *testing.T, cfg cmaes.Config, n int, f func([]float64) float64, x []float64, e optimize.Env) result {
	t.Helper()
	p := &methodtest.Counted{N: n, F: f}
	loc := &optimize.Location{X: x, F: f(x)}
	m := cfg.Method()
	if err := m.Init(p, loc, e); err != nil {
		t.Fatal(err)
	}
	var r result
	for {
		s, err := m.Step(loc)
		if err != nil {
			t.Fatal(err)
		}
		if got := f(loc.X); math.Float64bits(got) != math.Float64bits(loc.F) {
			t.Fatalf("loc.F %v, Func(loc.X) %v", loc.F, got)
		}
		r.traj = append(append(r.traj, loc.F), loc.X...)
		if s != optimize.Running {
			r.status, r.evals, r.loc = s, p.Calls, loc
			return r
		}
	}
}

// Separable CMA-ES on the 10-D Rosenbrock function from 0 (seed 1): below
// 1e-6 within 80,000 evaluations (62,970 in fact; Rosenbrock's valley is
// not aligned with the axes, which a diagonal covariance cannot learn).
func TestSepRosenbrock10D(t *testing.T) {
	cfg := cmaes.DefaultConfig()
	cfg.Generations = 8000 // λ = 10
	r := runAll(t, cfg, 10, methodtest.Rosenbrock, make([]float64, 10), env(1))
	t.Logf("f %.3g after %d evaluations, %v", r.loc.F, r.evals, r.status)
	if !(r.loc.F < 1e-6) || r.evals > 80000 {
		t.Errorf("f = %g after %d evaluations; want < 1e-6 within 80000", r.loc.F, r.evals)
	}
}

// On a separable ellipsoid, sum 10^(6i/(n-1)) x_i² in 10-D (condition
// 1e6), the diagonal covariance is all there is to learn: below 1e-10
// within 4,000 evaluations from (1, ..., 1) (about 2,800 in fact), and the
// tolerance then stops the run.
func TestSepEllipsoid10D(t *testing.T) {
	f := func(x []float64) float64 {
		s := 0.0
		for i, v := range x {
			s += math.Pow(1e6, float64(i)/float64(len(x)-1)) * v * v
		}
		return s
	}
	x := []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	cfg := cmaes.Config{Tolerance: 1e-10, StepTolerance: 0}
	r := runAll(t, cfg, 10, f, x, env(1))
	t.Logf("f %.3g after %d evaluations, %v", r.loc.F, r.evals, r.status)
	if !(r.loc.F < 1e-10) || r.evals > 4000 || r.status != optimize.Converged {
		t.Errorf("f = %g after %d evaluations (%v); want converged below 1e-10 within 4000", r.loc.F, r.evals, r.status)
	}
}

// Full CMA-ES (gonum's CmaEsChol) on the 2-D Rosenbrock function from the
// classic start (-1.2, 1), seed 1: below 1e-6 within 3,000 evaluations.
func TestFullRosenbrock2D(t *testing.T) {
	cfg := cmaes.DefaultConfig()
	cfg.Full, cfg.Generations = true, 500 // λ = 6
	r := runAll(t, cfg, 2, methodtest.Rosenbrock, []float64{-1.2, 1}, env(1))
	t.Logf("f %.3g after %d evaluations, %v", r.loc.F, r.evals, r.status)
	if !(r.loc.F < 1e-6) || r.evals > 3000 {
		t.Errorf("f = %g after %d evaluations; want < 1e-6 within 3000", r.loc.F, r.evals)
	}
}

// The same seed gives the same trajectory bit for bit, in both modes; a
// different seed a different one.
func TestDeterminism(t *testing.T) {
	for _, full := range []bool{false, true} {
		cfg := cmaes.Config{Generations: 30, Full: full}
		start := []float64{0.5, -0.5, 1, 0}
		run := func(seed uint64) []float64 {
			return runAll(t, cfg, 4, methodtest.Rosenbrock, append([]float64(nil), start...), env(seed)).traj
		}
		a, b, c := run(7), run(7), run(8)
		if len(a) != len(b) {
			t.Fatalf("full %v: %d and %d numbers from one seed", full, len(a), len(b))
		}
		for i := range a {
			if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
				t.Fatalf("full %v: number %d differs from one seed: %v and %v", full, i, a[i], b[i])
			}
		}
		same := len(a) == len(c)
		for i := 0; same && i < len(a); i++ {
			same = a[i] == c[i]
		}
		if same {
			t.Errorf("full %v: seeds 7 and 8 give the same trajectory", full)
		}
	}
}

// NaN and +Inf losses rank last and never become the best: on a function
// that is NaN for x[0] < 0.5 and +Inf for x[1] > 3, the run still finds
// the minimum (1, 2) from a start next to the NaN region.
func TestNonFiniteLossesAreWorst(t *testing.T) {
	f := func(x []float64) float64 {
		if x[0] < 0.5 {
			return math.NaN()
		}
		if x[1] > 3 {
			return math.Inf(1)
		}
		return (x[0]-1)*(x[0]-1) + (x[1]-2)*(x[1]-2)
	}
	for _, full := range []bool{false, true} {
		r := runAll(t, cmaes.Config{Full: full}, 2, f, []float64{0.6, 0}, env(3))
		if !(r.loc.F < 1e-10) {
			t.Errorf("full %v: f = %g at %v, want < 1e-10 near (1, 2)", full, r.loc.F, r.loc.X)
		}
	}
	// Everything but the start is NaN: the start stays the best, and the
	// run ends by its generations without a NaN anywhere.
	nan := func(x []float64) float64 {
		if x[0] == 0 && x[1] == 0 {
			return 1
		}
		return math.NaN()
	}
	for _, full := range []bool{false, true} {
		r := runAll(t, cmaes.Config{Generations: 20, Full: full}, 2, nan, []float64{0, 0}, env(3))
		if r.loc.F != 1 || r.status != optimize.IterationLimit {
			t.Errorf("full %v: f = %v at %v (%v), want the start", full, r.loc.F, r.loc.X, r.status)
		}
	}
}

func TestConformance(t *testing.T) {
	for _, c := range []struct {
		name string
		cfg  cmaes.Config
		opt  optimizetest.Options
	}{
		{"separable", cmaes.Config{Generations: 40}, optimizetest.Options{}},
		{"separable, cancelled between samples", cmaes.DefaultConfig(), optimizetest.Options{CancelStep: 3, CancelAt: 2, CancelWithin: 1}},
		{"full", cmaes.Config{Generations: 40, Full: true}, optimizetest.Options{Seed: 5}},
		{"full, cancelled between samples", cmaes.Config{Full: true}, optimizetest.Options{CancelStep: 3, CancelAt: 2, CancelWithin: 1}},
	} {
		if err := optimizetest.TestMethod(c.cfg.Method, c.opt); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// A context cancelled during a generation stops it at the next sample with
// the context's error; in full mode gonum's goroutine ends too.
func TestCancelledMidGeneration(t *testing.T) {
	for _, full := range []bool{false, true} {
		baseline := methodtest.SettledGoroutines()
		ctx, cancel := context.WithCancel(context.Background())
		const at = 20 // in the third generation of 8 (n = 10)
		p := &methodtest.Counted{N: 10, F: methodtest.Rosenbrock}
		p.Hook = func() {
			if p.Calls == at {
				cancel()
			}
		}
		loc := &optimize.Location{X: make([]float64, 10)}
		loc.F = methodtest.Rosenbrock(loc.X)
		e := env(1)
		e.Context = ctx
		m := cmaes.Config{Full: full}.Method()
		if err := m.Init(p, loc, e); err != nil {
			t.Fatal(err)
		}
		var err error
		for steps := 0; err == nil; steps++ {
			_, err = m.Step(loc)
		}
		if !errors.Is(err, context.Canceled) || p.Calls != at {
			t.Errorf("full %v: Step returned %v after %d evaluations, want the context's error after %d", full, err, p.Calls, at)
		}
		deadline := time.Now().Add(time.Second)
		for runtime.NumGoroutine() > baseline {
			if time.Now().After(deadline) {
				t.Fatalf("full %v: %d goroutines, %d before", full, runtime.NumGoroutine(), baseline)
			}
			time.Sleep(time.Millisecond)
		}
		cancel()
	}
}

// A full-mode method the runner drops between steps (a budget, a diverged
// loss) does not keep gonum's goroutine: it ends once the method is
// garbage.
func TestDroppedFullMethodEndsItsGoroutine(t *testing.T) {
	baseline := methodtest.SettledGoroutines()
	func() {
		p := &methodtest.Counted{N: 3, F: methodtest.Rosenbrock}
		loc := &optimize.Location{X: make([]float64, 3)}
		loc.F = methodtest.Rosenbrock(loc.X)
		m := cmaes.Config{Full: true}.Method()
		if err := m.Init(p, loc, env(1)); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Step(loc); err != nil {
			t.Fatal(err)
		}
		if runtime.NumGoroutine() <= baseline {
			t.Fatal("no goroutine runs gonum's method between steps; the test checks nothing")
		}
	}()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > baseline {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines, %d before", runtime.NumGoroutine(), baseline)
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}

// Separable CMA-ES runs on 100,000 parameters: a generation is λ = 38
// samples of O(n) work each. With a step small enough for a sample to
// beat the start (sigma 1e-3: a sample's loss is the start's + nσ² ± 2σ·sqrt(n)·N(0,1)),
// the sphere's loss falls in the first generations.
func TestSepRunsOnALargeProblem(t *testing.T) {
	const n = 100_000
	sphere := func(x []float64) float64 {
		s := 0.0
		for _, v := range x {
			s += (v - 1) * (v - 1)
		}
		return s
	}
	r := runAll(t, cmaes.Config{Generations: 5, Sigma: 1e-3}, n, sphere, make([]float64, n), env(1))
	t.Logf("f %.6g (start %d) after %d evaluations", r.loc.F, n, r.evals)
	if r.evals != 5*38 || !(r.loc.F < n) {
		t.Errorf("f = %g after %d evaluations; want below %d after 190", r.loc.F, r.evals, n)
	}
}
