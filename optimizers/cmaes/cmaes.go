package cmaes

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/nnexp/nnexp/optimize"
)

// CMAES is a running CMA-ES, separable or full. Make one with
// Config.Method.
type CMAES struct {
	cfg  Config
	p    optimize.Problem
	env  optimize.Env
	sep  *sep  // nil in full mode
	full *full // nil in separable mode
	seen *seen
	gens int
}

// seen is what the samples taught: the best point so far and the
// generation's spread. It is apart from CMAES because gonum's goroutine
// reports to it, and must not keep the method reachable (see
// gonumrun.Abandon).
type seen struct {
	// best is the lowest loss sampled so far and its point (the start's
	// before any), what loc reports.
	best  []float64
	bestF float64
	gen   generation
}

var (
	_ optimize.Method    = (*CMAES)(nil)
	_ optimize.StepLimit = (*CMAES)(nil)
)

// Init implements optimize.Method.
func (m *CMAES) Init(p optimize.Problem, loc *optimize.Location, env optimize.Env) error {
	if err := m.cfg.Validate(); err != nil {
		return fmt.Errorf("cmaes: %w", err)
	}
	if err := m.cfg.CheckProblem(p); err != nil {
		return err
	}
	n := len(loc.X)
	if n != p.Dim() || n == 0 {
		return fmt.Errorf("cmaes: start has %d parameters, the problem %d", n, p.Dim())
	}
	if env.Rand == nil {
		return errors.New("cmaes: needs a random source (Env.Rand)")
	}
	if math.IsNaN(loc.F) || math.IsInf(loc.F, 0) {
		return fmt.Errorf("cmaes: the loss at the start is %v", loc.F)
	}
	if m.full != nil {
		m.full.stop()
	}
	m.p, m.env, m.gens = p, env, 0
	m.seen = &seen{best: slices.Clone(loc.X), bestF: loc.F, gen: newGeneration(n)}
	lambda := population(m.cfg.Population, n)
	if m.cfg.Full {
		f, err := newFull(m, p, loc, env, lambda)
		if err != nil {
			return err
		}
		m.sep, m.full = nil, f
		return nil
	}
	m.sep, m.full = newSep(loc.X, lambda, m.cfg.Sigma), nil
	return nil
}

// MaxSteps implements optimize.StepLimit: one Step per generation.
func (m *CMAES) MaxSteps() int { return m.cfg.Generations }

// Step implements optimize.Method: one generation of Population samples,
// each one evaluation, with the context checked between them. loc becomes
// the best point sampled so far. It returns Converged when a tolerance
// stops the run (or, in full mode, gonum's method stops itself: its
// covariance has collapsed), IterationLimit after Generations steps.
func (m *CMAES) Step(loc *optimize.Location) (optimize.Status, error) {
	if m.p == nil {
		return optimize.Running, errors.New("cmaes: Step before Init")
	}
	m.seen.gen.reset()
	var ended bool
	var err error
	if m.full != nil {
		ended, err = m.full.generation()
	} else {
		err = m.sep.generation(m)
	}
	if err != nil {
		return optimize.Running, err
	}
	copy(loc.X, m.seen.best)
	loc.F = m.seen.bestF
	m.gens++
	switch {
	case ended || m.seen.gen.converged(m.cfg.Tolerance, m.cfg.StepTolerance):
		m.stop()
		return optimize.Converged, nil
	case m.gens >= m.cfg.Generations:
		m.stop()
		return optimize.IterationLimit, nil
	}
	return optimize.Running, nil
}

func (m *CMAES) stop() {
	if m.full != nil {
		m.full.stop()
	}
}

// evaluate scores one sample: the context is checked first, the loss is
// Func's, and a lower finite loss becomes the best.
func (m *CMAES) evaluate(x []float64) (float64, error) {
	if err := m.env.Err(); err != nil {
		return 0, fmt.Errorf("cmaes: stopped between samples: %w", err)
	}
	f := m.p.Func(x)
	m.seen.observe(x, f)
	return f, nil
}

// observe records a sample's loss for the best point and the generation's
// tolerances. NaN is never below the best.
func (s *seen) observe(x []float64, f float64) {
	if f < s.bestF {
		s.bestF = f
		copy(s.best, x)
	}
	s.gen.add(x, f)
}
