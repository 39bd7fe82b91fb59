package lbfgs

import (
	"errors"
	"fmt"
	"math"

	gopt "gonum.org/v1/gonum/optimize"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/internal/gonumrun"
)

// LBFGS is a running L-BFGS. Make one with Config.Method.
type LBFGS struct {
	cfg   Config
	run   *gonumrun.Run
	iters int
}

var (
	_ optimize.Method    = (*LBFGS)(nil)
	_ optimize.StepLimit = (*LBFGS)(nil)
)

// Init implements optimize.Method. gonum's method starts on the first Step.
func (m *LBFGS) Init(p optimize.Problem, loc *optimize.Location, env optimize.Env) error {
	if err := m.cfg.Validate(); err != nil {
		return fmt.Errorf("lbfgs: %w", err)
	}
	if err := m.cfg.CheckProblem(p); err != nil {
		return err
	}
	if len(loc.X) != p.Dim() || len(loc.X) == 0 {
		return fmt.Errorf("lbfgs: start has %d parameters, the problem %d", len(loc.X), p.Dim())
	}
	if math.IsNaN(loc.F) || math.IsInf(loc.F, 0) {
		return fmt.Errorf("lbfgs: the loss at the start is %v", loc.F)
	}
	if m.run != nil {
		m.run.Stop()
	}
	// NaN turns off gonum's own gradient test; Step applies ours.
	lb := &gopt.LBFGS{Store: m.cfg.History, GradStopThreshold: math.NaN(), Linesearcher: &gopt.Bisection{}}
	run, err := gonumrun.New("lbfgs", lb, p, *loc, env, gonumrun.Options{Gradient: true, SkipStart: true})
	if err != nil {
		return err
	}
	m.run, m.iters = run, 0
	gonumrun.Abandon(m, run)
	return nil
}

// MaxSteps implements optimize.StepLimit: one Step per iteration.
func (m *LBFGS) MaxSteps() int { return m.cfg.Iterations }

// Step implements optimize.Method: one line search along the L-BFGS
// direction, after which loc is the point it accepted. It returns Converged
// when a tolerance stops the run or the line search can make no more
// progress (gonum ends its method then), IterationLimit after Iterations
// steps.
func (m *LBFGS) Step(loc *optimize.Location) (optimize.Status, error) {
	if m.run == nil {
		return optimize.Running, errors.New("lbfgs: Step before Init")
	}
	major, err := m.run.Next()
	if errors.Is(err, gonumrun.ErrEnded) {
		return optimize.Converged, nil
	}
	if err != nil {
		return optimize.Running, err
	}
	prev := loc.F
	copy(loc.X, major.X)
	loc.F = major.F
	m.iters++
	switch {
	case m.converged(prev, loc.F, major.Gradient):
		m.run.Stop()
		return optimize.Converged, nil
	case m.iters >= m.cfg.Iterations:
		m.run.Stop()
		return optimize.IterationLimit, nil
	}
	return optimize.Running, nil
}

// converged applies the tolerances: the loss fell from prev to f by less
// than Tolerance·(1+|f|), or max_i |grad_i| < GradientTolerance.
func (m *LBFGS) converged(prev, f float64, grad []float64) bool {
	if t := m.cfg.Tolerance; t > 0 && prev-f < t*(1+math.Abs(f)) {
		return true
	}
	if t := m.cfg.GradientTolerance; t > 0 && len(grad) > 0 {
		for _, g := range grad {
			if !(math.Abs(g) < t) {
				return false
			}
		}
		return true
	}
	return false
}
