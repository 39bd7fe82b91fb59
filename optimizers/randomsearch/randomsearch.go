package randomsearch

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/search"
)

// RandomSearch is a running RSO. Make one with Config.Method.
type RandomSearch struct {
	cfg Config

	p      optimize.Problem
	scorer optimize.CoordinateScorer // nil without the capability
	exact  bool                      // scorer settles near-ties itself
	mini   *minibatch                // nil on the full data
	rng    *rand.Rand
	env    optimize.Env
	fanIn  optimize.FanIn // nil under scale "none" or without the capability
	dim    int
	pair   []float64 // the two candidates w+d, w−d
	losses []float64 // their scores
	sweeps int
}

var (
	_ optimize.Method     = (*RandomSearch)(nil)
	_ optimize.StepLimit  = (*RandomSearch)(nil)
	_ optimize.LeavesLoss = (*RandomSearch)(nil)
)

// MaxSteps implements optimize.StepLimit: one Step per sweep.
func (r *RandomSearch) MaxSteps() int { return r.cfg.Iterations }

// Init implements optimize.Method. It allocates every buffer the sweeps
// need, so Step does not allocate.
func (r *RandomSearch) Init(p optimize.Problem, loc *optimize.Location, env optimize.Env) error {
	if err := r.cfg.Validate(); err != nil {
		return fmt.Errorf("random_search: %w", err)
	}
	if p == nil {
		return errors.New("random_search: no problem")
	}
	if len(loc.X) != p.Dim() {
		return fmt.Errorf("random_search: start has %d parameters, the problem %d", len(loc.X), p.Dim())
	}
	if env.Rand == nil {
		return errors.New("random_search: needs a random source (optimize.Env.Rand is nil)")
	}
	b, err := r.cfg.batched(p)
	if err != nil {
		return err
	}
	r.p, r.env, r.rng = p, env, env.Rand
	r.mini = nil
	if b != nil {
		r.mini = newMinibatch(b, r.cfg.BatchSize)
	}
	r.scorer, r.exact = nil, false
	if s, ok := p.(optimize.CoordinateScorer); ok && r.mini == nil {
		r.scorer = s
		if es, ok := p.(optimize.ExactCoordinateScorer); ok && es.ScoresExactMinimum() {
			r.exact = true
		}
	}
	r.fanIn = nil
	if f, ok := p.(optimize.FanIn); ok && r.cfg.Scale == ScaleFanIn {
		r.fanIn = f
	}
	r.dim = len(loc.X)
	r.pair, r.losses = make([]float64, 2), make([]float64, 2)
	r.sweeps = 0
	return nil
}

// sigmaOf is parameter i's standard deviation: sigma/sqrt(FanIn(i)) under
// scale "fan_in" when the problem reports fan-ins, else sigma (so "fan_in"
// falls back to "none" on a problem without the capability). It is
// computed per parameter rather than stored, as a model may have tens of
// millions.
func (r *RandomSearch) sigmaOf(i int) float64 {
	if r.fanIn != nil {
		if n := r.fanIn.FanIn(i); n > 1 {
			return r.cfg.Sigma / math.Sqrt(float64(n))
		}
	}
	return r.cfg.Sigma
}

// LeavesLoss implements optimize.LeavesLoss: a sweep on minibatches reads
// the full-data loss only to compare sweeps by Tolerance.
func (r *RandomSearch) LeavesLoss() bool { return r.mini != nil && !(r.cfg.Tolerance > 0) }

// Step implements optimize.Method: one sweep over every parameter in index
// order (the search's layer order). Each parameter i draws d = sigma_i·N(0,1)
// from Env.Rand and moves to the better of w+d and w−d when that is finite
// and strictly below the current loss (w+d wins a tie between them).
//
// On the full data the candidates cost two evaluations: two Func calls, or
// one ScoreCoordinate of the two values where the problem offers it (a
// scorer that is not exact adds a Func call for each near-lowest score, as
// search does, to make Func's choice), and loc.F is the loss the winner
// scored, so the sweep needs no further evaluation and never raises the
// loss. With minibatches each parameter costs three BatchGrad calls (w, w+d
// and w−d on a fresh random minibatch, drawn after d), and the sweep ends
// with one Func call for loc.F, the full-data loss at the new parameters,
// if Tolerance reads it; without a tolerance the sweep leaves it to the
// driver (LeavesLoss).
//
// It checks Env.Context before each parameter and returns its error once
// it is cancelled. It returns Converged when the sweep lowered loc.F by
// less than Tolerance (if positive), IterationLimit after Iterations sweeps.
func (r *RandomSearch) Step(loc *optimize.Location) (optimize.Status, error) {
	if r.p == nil {
		return optimize.Running, errors.New("random_search: Step before Init")
	}
	if len(loc.X) != r.dim {
		return optimize.Running, fmt.Errorf("random_search: location has %d parameters, the problem %d", len(loc.X), r.dim)
	}
	before := loc.F
	for i := range loc.X {
		if err := r.env.Err(); err != nil {
			return optimize.Running, fmt.Errorf("random_search: stopped at %d of %d parameters: %w", i, len(loc.X), err)
		}
		d := r.sigmaOf(i) * r.rng.NormFloat64()
		w, f := loc.X[i], loc.F
		r.pair[0], r.pair[1] = w+d, w-d
		switch {
		case r.mini != nil:
			r.mini.coordinate(r.rng, loc.X, i, r.pair)
		case r.exact:
			loc.F = search.CoordinateExact(r.scorer, loc.X, i, loc.F, r.pair, r.losses)
		case r.scorer != nil:
			loc.F = search.CoordinateScored(r.scorer, loc.X, i, loc.F, r.pair, r.losses)
		default:
			loc.F = search.Coordinate(r.p, loc.X, i, loc.F, r.pair)
		}
		if r.env.Refused() {
			// A budget refused some of the comparison's evaluations, so
			// the choice among the others need not be this method's: the
			// parameter keeps its value, and its progress is not counted.
			loc.X[i], loc.F = w, f
			return optimize.Running, fmt.Errorf("random_search: stopped at %d of %d parameters: %w", i, len(loc.X), r.env.Err())
		}
		r.env.Progress(loc, i+1, r.dim, r.mini == nil)
	}
	if r.mini != nil && !r.LeavesLoss() {
		loc.F = r.p.Func(loc.X)
	}
	r.sweeps++
	switch {
	case r.cfg.Tolerance > 0 && before-loc.F < r.cfg.Tolerance:
		return optimize.Converged, nil
	case r.sweeps >= r.cfg.Iterations:
		return optimize.IterationLimit, nil
	}
	return optimize.Running, nil
}
