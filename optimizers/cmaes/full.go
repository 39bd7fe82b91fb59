package cmaes

import (
	"errors"
	"math"
	"math/rand/v2"

	gopt "gonum.org/v1/gonum/optimize"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/internal/gonumrun"
)

// full is full CMA-ES: gonum's CmaEsChol run by gonumrun, one of its major
// iterations (a generation) per Step.
type full struct {
	run *gonumrun.Run
}

// newFull starts gonum's CmaEsChol at loc with step size sigma and λ
// samples. Its samples come from a PCG source seeded from the job's
// env.Rand: left nil, CmaEsChol would draw from the process's global
// generator. Its own stop, a covariance of log-determinant below
// n·ln(1e-16), is set explicitly: past it the Cholesky updates lose
// precision.
// Init has checked that env.Rand is set.
func newFull(m *CMAES, p optimize.Problem, loc *optimize.Location, env optimize.Env, lambda int) (*full, error) {
	cma := &gopt.CmaEsChol{
		InitStepSize: m.cfg.Sigma,
		Population:   lambda,
		StopLogDet:   float64(len(loc.X)) * math.Log(1e-16),
		Src:          rand.NewPCG(env.Rand.Uint64(), env.Rand.Uint64()),
	}
	run, err := gonumrun.New("cmaes", cma, p, *loc, env, gonumrun.Options{OnFunc: m.seen.observe, IgnoreF: true})
	if err != nil {
		return nil, err
	}
	gonumrun.Abandon(m, run)
	return &full{run: run}, nil
}

// generation runs gonum's method to its next major iteration; the samples
// reach the best point and the tolerances through observe. ended reports
// that gonum's method stopped itself.
func (f *full) generation() (ended bool, err error) {
	_, err = f.run.Next()
	if errors.Is(err, gonumrun.ErrEnded) {
		return true, nil
	}
	return false, err
}

func (f *full) stop() { f.run.Stop() }
