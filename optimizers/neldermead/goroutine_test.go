package neldermead_test

import (
	"context"
	"github.com/nnexp/nnexp/optimizers/internal/methodtest"
	"runtime"
	"testing"
	"time"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/neldermead"
)

// waitGoroutines fails unless the goroutine count comes back to baseline
// (the count when the test began) within a second.
func waitGoroutines(t *testing.T, baseline int) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for runtime.NumGoroutine() > baseline {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines, %d before:\n%s", runtime.NumGoroutine(), baseline, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(time.Millisecond)
	}
}

// gonum's method runs on a goroutine of its own; it ends when the run ends
// by its iterations, by its tolerance, when the context is cancelled
// between steps, and when the runner drops a method part-way (a budget).
func TestNoGoroutineLeaks(t *testing.T) {
	baseline := runtime.NumGoroutine() + 1 // the subtest's own
	start := func(cfg neldermead.Config, env optimize.Env) (optimize.Method, *optimize.Location) {
		p := &methodtest.Counted{N: 2, F: methodtest.Rosenbrock}
		loc := &optimize.Location{X: []float64{-1.2, 1}}
		loc.F = p.Func(loc.X)
		m := cfg.Method()
		if err := m.Init(p, loc, env); err != nil {
			t.Fatal(err)
		}
		return m, loc
	}
	t.Run("iterations", func(t *testing.T) {
		m, loc := start(neldermead.Config{Iterations: 3}, optimize.Env{})
		for range 3 {
			if _, err := m.Step(loc); err != nil {
				t.Fatal(err)
			}
		}
		waitGoroutines(t, baseline)
	})
	t.Run("tolerance", func(t *testing.T) {
		m, loc := start(neldermead.DefaultConfig(), optimize.Env{})
		for {
			s, err := m.Step(loc)
			if err != nil {
				t.Fatal(err)
			}
			if s == optimize.Converged {
				break
			}
		}
		waitGoroutines(t, baseline)
	})
	t.Run("cancelled between steps", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		m, loc := start(neldermead.DefaultConfig(), optimize.Env{Context: ctx})
		if _, err := m.Step(loc); err != nil {
			t.Fatal(err)
		}
		if runtime.NumGoroutine() <= baseline {
			t.Fatal("no goroutine runs gonum's method between steps; the test checks nothing")
		}
		cancel()
		waitGoroutines(t, baseline)
	})
	t.Run("dropped", func(t *testing.T) {
		m, loc := start(neldermead.DefaultConfig(), optimize.Env{})
		if _, err := m.Step(loc); err != nil {
			t.Fatal(err)
		}
		m = nil
		deadline := time.Now().Add(2 * time.Second)
		for runtime.NumGoroutine() > baseline && time.Now().Before(deadline) {
			runtime.GC()
			time.Sleep(time.Millisecond)
		}
		waitGoroutines(t, baseline)
	})
}
