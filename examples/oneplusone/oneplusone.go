package oneplusone

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/nnexp/nnexp/optimize"
)

// Search is a running (1+1)-ES. Make one with Config.Method; the runner
// makes a fresh one per job.
type Search struct {
	cfg Config

	p         optimize.Problem
	env       optimize.Env // its Context says when the run is interrupted
	rng       *rand.Rand
	candidate []float64 // the point being tried, allocated once in Init
	samples   int
	sigma     float64 // the current step size
	iters     int
}

var (
	_ optimize.Method    = (*Search)(nil)
	_ optimize.StepLimit = (*Search)(nil)
)

// Init implements optimize.Method. It allocates every buffer Step needs, so
// Step does not allocate.
func (s *Search) Init(p optimize.Problem, loc *optimize.Location, env optimize.Env) error {
	if err := s.cfg.Validate(); err != nil {
		return fmt.Errorf("one_plus_one: %w", err)
	}
	if p == nil {
		return errors.New("one_plus_one: no problem")
	}
	if len(loc.X) != p.Dim() {
		return fmt.Errorf("one_plus_one: start has %d parameters, the problem %d", len(loc.X), p.Dim())
	}
	// Every draw comes from the job's source, so runs are reproducible and
	// do not depend on what other jobs do; never use the global source.
	if env.Rand == nil {
		return errors.New("one_plus_one: needs a random source (optimize.Env.Rand is nil)")
	}
	s.p = p
	s.env = env
	s.rng = env.Rand
	s.candidate = make([]float64, len(loc.X))
	s.samples = s.cfg.Samples
	if s.samples == 0 {
		s.samples = max(1, len(loc.X))
	}
	s.sigma = s.cfg.Sigma
	s.iters = 0
	return nil
}

// MaxSteps implements optimize.StepLimit, so progress can show an ETA.
func (s *Search) MaxSteps() int { return s.cfg.Iterations }

// Sigma returns the current step size, for tests and curious users.
func (s *Search) Sigma() float64 { return s.sigma }

// Step implements optimize.Method: one iteration of Samples tries. Each try
// adds sigma times a standard normal vector to the current point and moves
// there only if the loss there is finite and strictly lower (or the current
// loss is NaN), so the loss never increases. Then sigma is multiplied by Grow
// if more than 1/5 of the tries succeeded, by Shrink otherwise. It returns
// Converged when the iteration improved the loss by less than Tolerance (if
// positive), IterationLimit after Iterations iterations.
func (s *Search) Step(loc *optimize.Location) (optimize.Status, error) {
	if s.p == nil {
		return optimize.Running, errors.New("one_plus_one: Step before Init")
	}
	if len(loc.X) != len(s.candidate) {
		return optimize.Running, fmt.Errorf("one_plus_one: location has %d parameters, the problem %d", len(loc.X), len(s.candidate))
	}
	before := loc.F
	successes := 0
	for range s.samples {
		// One try is one loss evaluation, which on big data can take
		// long: honour Ctrl-C between tries. loc stays a valid point.
		if err := s.env.Err(); err != nil {
			return optimize.Running, fmt.Errorf("one_plus_one: %w", err)
		}
		for i, x := range loc.X {
			s.candidate[i] = x + s.sigma*s.rng.NormFloat64()
		}
		if f := s.p.Func(s.candidate); improves(f, loc.F) {
			copy(loc.X, s.candidate)
			loc.F = f
			successes++
		}
	}
	// The 1/5th success rule: succeeding often means the steps are too
	// cautious, rarely means they overshoot.
	if 5*successes > s.samples {
		s.sigma *= s.cfg.Grow
	} else {
		s.sigma *= s.cfg.Shrink
	}
	s.iters++
	switch {
	case s.cfg.Tolerance > 0 && before-loc.F < s.cfg.Tolerance:
		return optimize.Converged, nil
	case s.iters >= s.cfg.Iterations:
		return optimize.IterationLimit, nil
	}
	return optimize.Running, nil
}

// improves reports whether a candidate's loss f replaces the current one. A
// NaN current loss (a start where the model overflows) loses to any finite
// candidate, so the search can leave it.
func improves(f, current float64) bool {
	finite := !math.IsNaN(f) && !math.IsInf(f, 0)
	return finite && (f < current || math.IsNaN(current))
}
