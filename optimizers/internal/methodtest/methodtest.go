package methodtest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/nnexp/nnexp/optimize"
)

// Counted is a plain problem (no capability) of N parameters whose loss
// is F; it counts its Func calls and calls Hook, when set, before each.
type Counted struct {
	N     int
	F     func(x []float64) float64
	Calls int
	Hook  func()
}

// Dim implements optimize.Problem.
func (c *Counted) Dim() int { return c.N }

// Func implements optimize.Problem.
func (c *Counted) Func(x []float64) float64 {
	c.Calls++
	if c.Hook != nil {
		c.Hook()
	}
	return c.F(x)
}

// Quadratic is sum (x_i - c_i)^2, minimum 0 at c.
func Quadratic(c []float64) func(x []float64) float64 {
	return func(x []float64) float64 {
		s := 0.0
		for i, v := range x {
			d := v - c[i]
			s += d * d
		}
		return s
	}
}

// Rosenbrock is sum over i of (1-x_i)^2 + 100 (x_{i+1}-x_i^2)^2, minimum 0
// at (1, ..., 1); in 2-D, (1-x0)^2 + 100 (x1-x0^2)^2.
func Rosenbrock(x []float64) float64 {
	s := 0.0
	for i := 0; i+1 < len(x); i++ {
		a, b := 1-x[i], x[i+1]-x[i]*x[i]
		s += a*a + 100*b*b
	}
	return s
}

// Centre is the 10-D quadratic's minimum the tests use.
var Centre = []float64{1, -2, 3, -4, 5, 0.5, -0.25, 2, -1, 0}

// Start initialises cfg's method on p at x with a PCG source seeded by
// seed (both words), failing t if Init does.
func Start(t testing.TB, cfg interface{ Method() optimize.Method }, p optimize.Problem, x []float64, seed uint64) (optimize.Method, *optimize.Location) {
	t.Helper()
	m := cfg.Method()
	loc := &optimize.Location{X: x, F: p.Func(x)}
	if err := m.Init(p, loc, optimize.Env{Rand: rand.New(rand.NewPCG(seed, seed))}); err != nil {
		t.Fatal(err)
	}
	return m, loc
}

// Step is one Step of m as the runner takes it: a method that reports
// optimize.LeavesLoss is handed loc.F = NaN, must not have evaluated the
// loss (an error if loc.F is no longer NaN after), and loc.F is then
// report's loss at loc.X, the runner's own evaluation, which a test
// passes uncounted (a Counted problem's F, not its Func). A method that
// does not leave the loss sets loc.F itself, and report is not called.
func Step(m optimize.Method, loc *optimize.Location, report func(x []float64) float64) (optimize.Status, error) {
	l, ok := m.(optimize.LeavesLoss)
	leaves := ok && l.LeavesLoss()
	if leaves {
		loc.F = math.NaN()
	}
	s, err := m.Step(loc)
	if err == nil && leaves && !math.IsNaN(loc.F) {
		err = fmt.Errorf("methodtest: loc.F = %v after a step that leaves the loss to the runner; it should not have been evaluated", loc.F)
	}
	if leaves {
		loc.F = report(loc.X)
	}
	return s, err
}

// RunToEnd steps m until it stops (Step, with report), failing t on an
// error, and returns the loss after each step.
func RunToEnd(t testing.TB, m optimize.Method, loc *optimize.Location, report func(x []float64) float64) []float64 {
	t.Helper()
	var fs []float64
	for {
		s, err := Step(m, loc, report)
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, loc.F)
		if s != optimize.Running {
			return fs
		}
	}
}

// SettledGoroutines is the number of goroutines once those that earlier
// tests' dropped methods leave behind (gonum's, which end when the
// collector finds their method) have ended: the count after it has stayed
// the same over five collections, or after two seconds. A test that
// counts goroutines takes its baseline from it, not from the moment.
func SettledGoroutines() int {
	n, same := runtime.NumGoroutine(), 0
	for deadline := time.Now().Add(2 * time.Second); same < 5 && time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(time.Millisecond)
		if m := runtime.NumGoroutine(); m == n {
			same++
		} else {
			n, same = m, 0
		}
	}
	return n
}
