package neldermead

import (
	"errors"
	"fmt"
	"math"

	gopt "gonum.org/v1/gonum/optimize"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/internal/gonumrun"
)

// NelderMead is a running Nelder-Mead. Make one with Config.Method.
type NelderMead struct {
	cfg   Config
	run   *gonumrun.Run
	stall stall
	iters int
}

var (
	_ optimize.Method    = (*NelderMead)(nil)
	_ optimize.StepLimit = (*NelderMead)(nil)
)

// Init implements optimize.Method. gonum's method starts on the first Step.
func (m *NelderMead) Init(p optimize.Problem, loc *optimize.Location, env optimize.Env) error {
	if err := m.cfg.Validate(); err != nil {
		return fmt.Errorf("nelder_mead: %w", err)
	}
	if p == nil {
		return errors.New("nelder_mead: no problem")
	}
	if len(loc.X) != p.Dim() || len(loc.X) == 0 {
		return fmt.Errorf("nelder_mead: start has %d parameters, the problem %d", len(loc.X), p.Dim())
	}
	if err := m.cfg.CheckProblem(p); err != nil {
		return err
	}
	if math.IsNaN(loc.F) || math.IsInf(loc.F, 0) {
		return fmt.Errorf("nelder_mead: the loss at the start is %v", loc.F)
	}
	if m.run != nil {
		m.run.Stop()
	}
	// gonum's reflection, expansion, contraction and shrink default to Gao
	// and Han's dimension-adapted values.
	nm := &gopt.NelderMead{SimplexSize: m.cfg.SimplexSize}
	run, err := gonumrun.New("nelder_mead", nm, p, *loc, env, gonumrun.Options{SkipStart: true})
	if err != nil {
		return err
	}
	m.run, m.iters = run, 0
	gonumrun.Abandon(m, run)
	patience := m.cfg.Patience
	if patience == 0 {
		patience = 10 * (len(loc.X) + 1)
	}
	m.stall = newStall(patience, m.cfg.Tolerance, loc.F)
	return nil
}

// MaxSteps implements optimize.StepLimit: one Step per iteration.
func (m *NelderMead) MaxSteps() int { return m.cfg.Iterations }

// Step implements optimize.Method: it runs gonum's method to its next major
// iteration and moves loc to the best vertex of the simplex. It returns
// Converged when the tolerance stops the run or gonum's method cannot go
// on, IterationLimit after Iterations steps.
func (m *NelderMead) Step(loc *optimize.Location) (optimize.Status, error) {
	if m.run == nil {
		return optimize.Running, errors.New("nelder_mead: Step before Init")
	}
	major, err := m.run.Next()
	if errors.Is(err, gonumrun.ErrEnded) {
		return optimize.Converged, nil
	}
	if err != nil {
		return optimize.Running, err
	}
	copy(loc.X, major.X)
	loc.F = major.F
	m.iters++
	switch {
	case m.stall.add(loc.F):
		m.run.Stop()
		return optimize.Converged, nil
	case m.iters >= m.cfg.Iterations:
		m.run.Stop()
		return optimize.IterationLimit, nil
	}
	return optimize.Running, nil
}
