package sgd

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/internal/plateau"
)

// SGD is a running SGD optimizer. Make one with Config.Method.
type SGD struct {
	cfg Config

	p       optimize.Differentiable
	batched optimize.Batched // nil for one full-batch update per epoch
	rng     *rand.Rand
	sched   *plateau.Schedule // nil without a schedule
	// env's context is checked between minibatches, since one epoch over
	// big data can outlast the second an interrupted run may take to stop.
	env optimize.Env

	grad, buf []float64 // buf is the momentum buffer, nil without momentum
	rows      []int     // row order of the current epoch
	updates   int       // 0 until the first update fills buf
	epochs    int
	lr        float64
}

var (
	_ optimize.Method     = (*SGD)(nil)
	_ optimize.StepLimit  = (*SGD)(nil)
	_ optimize.LeavesLoss = (*SGD)(nil)
)

// CheckProblem implements registry.ProblemChecker: the settings must be
// valid (as Init checks them), SGD needs a gradient, and minibatches need
// a loss that is a mean over rows.
func (c Config) CheckProblem(p optimize.Problem) error {
	c = c.withDefaults()
	if err := c.Validate(); err != nil {
		return fmt.Errorf("sgd: %w", err)
	}
	_, _, err := c.problem(p)
	return err
}

// problem returns p's capabilities for these settings; batched is nil when
// every epoch is one full-batch update.
func (c Config) problem(p optimize.Problem) (d optimize.Differentiable, batched optimize.Batched, err error) {
	d, ok := p.(optimize.Differentiable)
	if !ok {
		return nil, nil, errors.New("sgd: needs a differentiable problem (the loss has no gradient)")
	}
	if c.BatchSize <= 0 {
		return d, nil, nil
	}
	b, ok := p.(optimize.Batched)
	if !ok {
		return nil, nil, fmt.Errorf("sgd: batch_size %d needs a problem whose loss is a mean over rows", c.BatchSize)
	}
	if c.BatchSize >= b.Rows() {
		return d, nil, nil
	}
	return d, b, nil
}

// Init implements optimize.Method. It allocates every buffer the epochs
// need, so Step does not allocate.
func (s *SGD) Init(p optimize.Problem, loc *optimize.Location, env optimize.Env) error {
	if err := s.cfg.Validate(); err != nil {
		return fmt.Errorf("sgd: %w", err)
	}
	if p == nil {
		return errors.New("sgd: no problem")
	}
	d, batched, err := s.cfg.problem(p)
	if err != nil {
		return err
	}
	if len(loc.X) != p.Dim() {
		return fmt.Errorf("sgd: start has %d parameters, the problem %d", len(loc.X), p.Dim())
	}
	s.rows = nil
	if batched != nil {
		if env.Rand == nil {
			return errors.New("sgd: minibatches need a random source (Env.Rand)")
		}
		s.rows = make([]int, batched.Rows())
	}
	s.p, s.batched, s.rng, s.env = d, batched, env.Rand, env
	n := len(loc.X)
	s.grad, s.buf = make([]float64, n), nil
	if s.cfg.Momentum != 0 {
		s.buf = make([]float64, n)
	}
	s.updates, s.epochs = 0, 0
	s.lr = s.cfg.LearningRate
	s.sched = nil
	if s.cfg.Plateau != nil {
		s.sched = plateau.New(s.cfg.Plateau)
	}
	return nil
}

// LearningRate is the rate the next update will use, after any plateau
// reductions so far.
func (s *SGD) LearningRate() float64 { return s.lr }

// LeavesLoss implements optimize.LeavesLoss: only a plateau schedule
// reads the loss after an epoch.
func (s *SGD) LeavesLoss() bool { return s.sched == nil }

// MaxSteps implements optimize.StepLimit: one Step per epoch.
func (s *SGD) MaxSteps() int { return s.cfg.Epochs }

// Step implements optimize.Method: one epoch. With a plateau schedule it
// then sets loc.F to the full-data loss at the new parameters, which
// drives the schedule; without one it leaves loc.F to the driver
// (LeavesLoss).
// It returns IterationLimit after Epochs epochs. When the run's context is
// cancelled before a minibatch it returns the context's error at once,
// leaving loc.X part-way through the epoch and loc.F stale.
func (s *SGD) Step(loc *optimize.Location) (optimize.Status, error) {
	if s.p == nil {
		return optimize.Running, errors.New("sgd: Step before Init")
	}
	if len(loc.X) != len(s.grad) {
		return optimize.Running, fmt.Errorf("sgd: location has %d parameters, the problem %d", len(loc.X), len(s.grad))
	}
	// The context is checked after every gradient as well as before: an
	// evaluation refused for a budget cancels it and returns a zero
	// gradient, on which momentum would still move the parameters.
	if s.batched == nil {
		s.p.Grad(s.grad, loc.X)
		if err := s.env.Err(); err != nil {
			return optimize.Running, fmt.Errorf("sgd: epoch %d stopped: %w", s.epochs+1, err)
		}
		s.update(loc.X)
	} else {
		s.shuffleRows()
		size := s.cfg.BatchSize
		for start := 0; start < len(s.rows); start += size {
			if err := s.env.Err(); err != nil {
				return optimize.Running, fmt.Errorf("sgd: epoch %d stopped before row %d: %w", s.epochs+1, start, err)
			}
			s.batched.BatchGrad(s.grad, loc.X, s.rows[start:min(start+size, len(s.rows))])
			if err := s.env.Err(); err != nil {
				return optimize.Running, fmt.Errorf("sgd: epoch %d stopped at row %d: %w", s.epochs+1, start, err)
			}
			s.update(loc.X)
		}
	}
	if s.sched != nil {
		// Only the schedule reads the loss: without one the runner
		// evaluates it (LeavesLoss), a report, not SGD's cost.
		loc.F = s.p.Func(loc.X)
		if err := s.env.Err(); err != nil {
			return optimize.Running, fmt.Errorf("sgd: epoch %d stopped before its loss: %w", s.epochs+1, err)
		}
		s.lr = s.sched.Step(loc.F, s.lr)
	}
	s.epochs++
	if s.epochs >= s.cfg.Epochs {
		return optimize.IterationLimit, nil
	}
	return optimize.Running, nil
}

// shuffleRows draws the epoch's row order afresh from the identity, like
// torch.randperm, so it depends only on the random source's state.
func (s *SGD) shuffleRows() {
	for i := range s.rows {
		s.rows[i] = i
	}
	s.rng.Shuffle(len(s.rows), func(i, j int) { s.rows[i], s.rows[j] = s.rows[j], s.rows[i] })
}

// update applies one SGD step with the gradient in s.grad, in
// torch.optim.SGD's order of operations (dampening 0):
//
//	g = g + wd*x                       (weight decay)
//	b = g on the first update, else b = mu*b + g
//	g = g + mu*b (Nesterov), else g = b
//	x = x - lr*g
func (s *SGD) update(x []float64) {
	wd, mu, lr := s.cfg.WeightDecay, s.cfg.Momentum, s.lr
	first := s.updates == 0
	s.updates++
	for j, g := range s.grad {
		if wd != 0 {
			g += wd * x[j]
		}
		if s.buf != nil {
			if first {
				s.buf[j] = g
			} else {
				s.buf[j] = mu*s.buf[j] + g
			}
			if s.cfg.Nesterov {
				g += mu * s.buf[j]
			} else {
				g = s.buf[j]
			}
		}
		x[j] -= lr * g
	}
}
