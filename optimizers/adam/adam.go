package adam

import (
	"errors"
	"fmt"
	"github.com/nnexp/nnexp/optimizers/internal/adamstep"
	"math/rand/v2"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/internal/plateau"
)

// Adam is a running Adam optimizer. Make one with Config.Method.
type Adam struct {
	cfg Config

	p       optimize.Differentiable
	batched optimize.Batched // nil for one full-batch update per epoch
	rng     *rand.Rand
	sched   *plateau.Schedule // nil without a schedule
	// env's context is checked between minibatches, since one epoch over
	// big data can outlast the second an interrupted run may take to stop.
	env optimize.Env

	grad    []float64
	moments *adamstep.State
	rows    []int // row order of the current epoch
	epochs  int
	lr      float64
}

var (
	_ optimize.Method     = (*Adam)(nil)
	_ optimize.StepLimit  = (*Adam)(nil)
	_ optimize.LeavesLoss = (*Adam)(nil)
)

// CheckProblem reports whether Adam with these settings can minimize p:
// the settings must be valid (as Init checks them), it needs a gradient,
// and minibatches need a loss that is a mean over rows. The hybrid
// optimizer calls it before its search stage so that a run fails at once
// rather than after the search.
func (c Config) CheckProblem(p optimize.Problem) error {
	c = c.withDefaults()
	if err := c.Validate(); err != nil {
		return fmt.Errorf("adam: %w", err)
	}
	_, _, err := c.problem(p)
	return err
}

// problem returns p's capabilities for these settings; batched is nil when
// every epoch is one full-batch update.
func (c Config) problem(p optimize.Problem) (d optimize.Differentiable, batched optimize.Batched, err error) {
	d, ok := p.(optimize.Differentiable)
	if !ok {
		return nil, nil, errors.New("adam: needs a differentiable problem (the loss has no gradient)")
	}
	if c.BatchSize <= 0 {
		return d, nil, nil
	}
	b, ok := p.(optimize.Batched)
	if !ok {
		return nil, nil, fmt.Errorf("adam: batch_size %d needs a problem whose loss is a mean over rows", c.BatchSize)
	}
	if c.BatchSize >= b.Rows() {
		return d, nil, nil
	}
	return d, b, nil
}

// Init implements optimize.Method. It allocates every buffer the epochs
// need, so Step does not allocate.
func (a *Adam) Init(p optimize.Problem, loc *optimize.Location, env optimize.Env) error {
	if err := a.cfg.Validate(); err != nil {
		return fmt.Errorf("adam: %w", err)
	}
	if p == nil {
		return errors.New("adam: no problem")
	}
	d, batched, err := a.cfg.problem(p)
	if err != nil {
		return err
	}
	if len(loc.X) != p.Dim() {
		return fmt.Errorf("adam: start has %d parameters, the problem %d", len(loc.X), p.Dim())
	}
	a.rows = nil
	if batched != nil {
		if env.Rand == nil {
			return errors.New("adam: minibatches need a random source (Env.Rand)")
		}
		a.rows = make([]int, batched.Rows())
	}
	a.p, a.batched, a.rng, a.env = d, batched, env.Rand, env
	n := len(loc.X)
	a.grad, a.moments = make([]float64, n), adamstep.New(n)
	a.epochs = 0
	a.lr = a.cfg.LearningRate
	a.sched = nil
	if a.cfg.Plateau != nil {
		a.sched = plateau.New(a.cfg.Plateau)
	}
	return nil
}

// LearningRate is the rate the next update will use, after any plateau
// reductions so far.
func (a *Adam) LearningRate() float64 { return a.lr }

// LeavesLoss implements optimize.LeavesLoss: only a plateau schedule
// reads the loss after an epoch.
func (a *Adam) LeavesLoss() bool { return a.sched == nil }

// MaxSteps implements optimize.StepLimit: one Step per epoch.
func (a *Adam) MaxSteps() int { return a.cfg.Epochs }

// Step implements optimize.Method: one epoch. With a plateau schedule it
// then sets loc.F to the full-data loss at the new parameters, which
// drives the schedule; without one it leaves loc.F to the driver
// (LeavesLoss).
// It returns IterationLimit after Epochs epochs. When the run's context is
// cancelled before a minibatch it returns the context's error at once,
// leaving loc.X part-way through the epoch and loc.F stale.
func (a *Adam) Step(loc *optimize.Location) (optimize.Status, error) {
	if a.p == nil {
		return optimize.Running, errors.New("adam: Step before Init")
	}
	if len(loc.X) != len(a.grad) {
		return optimize.Running, fmt.Errorf("adam: location has %d parameters, the problem %d", len(loc.X), len(a.grad))
	}
	// The context is checked after every gradient as well as before: an
	// evaluation refused for a budget cancels it and returns a zero
	// gradient, which must not move the parameters.
	if a.batched == nil {
		a.p.Grad(a.grad, loc.X)
		if err := a.env.Err(); err != nil {
			return optimize.Running, err
		}
		a.update(loc.X)
	} else {
		a.shuffleRows()
		size := a.cfg.BatchSize
		for start := 0; start < len(a.rows); start += size {
			if err := a.env.Err(); err != nil {
				return optimize.Running, err
			}
			a.batched.BatchGrad(a.grad, loc.X, a.rows[start:min(start+size, len(a.rows))])
			if err := a.env.Err(); err != nil {
				return optimize.Running, err
			}
			a.update(loc.X)
		}
	}
	if a.sched != nil {
		// Only the schedule reads the loss: without one the runner
		// evaluates it (LeavesLoss), a report, not Adam's cost.
		loc.F = a.p.Func(loc.X)
		if err := a.env.Err(); err != nil {
			return optimize.Running, err
		}
		a.lr = a.sched.Step(loc.F, a.lr)
	}
	a.epochs++
	if a.epochs >= a.cfg.Epochs {
		return optimize.IterationLimit, nil
	}
	return optimize.Running, nil
}

// shuffleRows draws the epoch's row order afresh from the identity, like
// torch.randperm, so it depends only on the random source's state.
func (a *Adam) shuffleRows() {
	for i := range a.rows {
		a.rows[i] = i
	}
	a.rng.Shuffle(len(a.rows), func(i, j int) { a.rows[i], a.rows[j] = a.rows[j], a.rows[i] })
}

// update applies one Adam step with the gradient in a.grad.
func (a *Adam) update(x []float64) {
	a.moments.Step(x, a.grad, a.lr, a.cfg.Beta1, a.cfg.Beta2, a.cfg.Epsilon)
}
