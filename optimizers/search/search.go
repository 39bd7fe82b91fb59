package search

import (
	"errors"
	"fmt"

	"github.com/nnexp/nnexp/optimize"
)

// Search is a running coordinate grid search. Make one with Config.Method.
type Search struct {
	cfg Config

	p          optimize.Problem
	scorer     optimize.CoordinateScorer // nil without the capability or when plain
	exact      bool                      // scorer settles near-ties itself
	weightGrid []float64
	biasGrid   []float64
	isBias     []bool // nil when the problem does not tell biases apart
	losses     []float64
	dim        int
	sweeps     int
	env        optimize.Env
}

var (
	_ optimize.Method    = (*Search)(nil)
	_ optimize.StepLimit = (*Search)(nil)
)

// MaxSteps implements optimize.StepLimit: one Step per sweep.
func (s *Search) MaxSteps() int { return s.cfg.Iterations }

// Init implements optimize.Method. It builds the grids and every buffer the
// sweeps need, so Step does not allocate.
func (s *Search) Init(p optimize.Problem, loc *optimize.Location, env optimize.Env) error {
	if err := s.cfg.Validate(); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if p == nil {
		return errors.New("search: no problem")
	}
	if len(loc.X) != p.Dim() {
		return fmt.Errorf("search: start has %d parameters, the problem %d", len(loc.X), p.Dim())
	}
	s.p = p
	s.env = env
	s.dim = len(loc.X)
	s.scorer, s.exact = nil, false
	if !s.cfg.Plain {
		s.scorer, _ = p.(optimize.CoordinateScorer)
		if es, ok := p.(optimize.ExactCoordinateScorer); ok && es.ScoresExactMinimum() {
			s.exact = true
		}
	}
	s.weightGrid = Grid(s.cfg.WeightRange[0], s.cfg.WeightRange[1], s.cfg.WeightSteps)
	s.biasGrid = Grid(s.cfg.BiasRange[0], s.cfg.BiasRange[1], s.cfg.BiasSteps)
	s.isBias = nil
	if kinds, ok := p.(optimize.ParameterKinds); ok {
		s.isBias = make([]bool, p.Dim())
		for i := range s.isBias {
			s.isBias[i] = kinds.IsBias(i)
		}
	}
	s.losses = nil
	if s.scorer != nil {
		s.losses = make([]float64, max(s.cfg.WeightSteps, s.cfg.BiasSteps))
	}
	s.sweeps = 0
	return nil
}

// Step implements optimize.Method: one sweep over every parameter in index
// order. It returns Converged when the sweep improved the loss by less than
// Tolerance (if positive), IterationLimit after Iterations sweeps. A sweep
// over big data can take minutes, so it checks Env.Context before each
// parameter and returns the context's error once it is cancelled, leaving
// loc a valid point (every parameter so far set to its best value).
func (s *Search) Step(loc *optimize.Location) (optimize.Status, error) {
	if s.p == nil {
		return optimize.Running, errors.New("search: Step before Init")
	}
	if len(loc.X) != s.dim {
		return optimize.Running, fmt.Errorf("search: location has %d parameters, the problem %d", len(loc.X), s.dim)
	}
	before := loc.F
	for i := range loc.X {
		if err := s.env.Err(); err != nil {
			return optimize.Running, fmt.Errorf("search: stopped at %d of %d parameters: %w", i, s.dim, err)
		}
		grid := s.weightGrid
		if s.isBias != nil && s.isBias[i] {
			grid = s.biasGrid
		}
		switch {
		case s.exact:
			loc.F = CoordinateExact(s.scorer, loc.X, i, loc.F, grid, s.losses)
		case s.scorer != nil:
			loc.F = CoordinateScored(s.scorer, loc.X, i, loc.F, grid, s.losses)
		default:
			loc.F = Coordinate(s.p, loc.X, i, loc.F, grid)
		}
	}
	s.sweeps++
	switch {
	case s.cfg.Tolerance > 0 && before-loc.F < s.cfg.Tolerance:
		return optimize.Converged, nil
	case s.sweeps >= s.cfg.Iterations:
		return optimize.IterationLimit, nil
	}
	return optimize.Running, nil
}
