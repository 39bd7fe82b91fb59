package lbfgs

import (
	"errors"
	"fmt"
	"math"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/registry"
)

// Limits that keep every accepted setting runnable: every iteration is a
// record of the job's history, and the history holds 2·history vectors of
// the parameters.
const (
	MaxIterations = 1_000_000
	MaxHistory    = 1000
	// MaxHistoryNumbers bounds history × parameters (the history is twice
	// that many numbers, 400 MB at this bound).
	MaxHistoryNumbers = 25_000_000
)

// Config is L-BFGS's settings. A zero Iterations or History means its
// default; zero tolerances disable their test.
type Config struct {
	// Iterations is the most major iterations (line searches), one Step each.
	Iterations int `hcl:"iterations,optional"`
	// History is how many past steps approximate the inverse Hessian.
	History int `hcl:"history,optional"`
	// Tolerance stops the run once an iteration lowers the loss by less
	// than Tolerance·(1+|F|).
	Tolerance float64 `hcl:"tolerance,optional"`
	// GradientTolerance stops the run once every component of the
	// gradient is smaller than it in magnitude.
	GradientTolerance float64 `hcl:"gradient_tolerance,optional"`
}

// DefaultConfig returns 1000 iterations, a history of 10 (scipy's
// L-BFGS-B default), tolerance 1e-12 and gradient tolerance 1e-8.
func DefaultConfig() Config {
	return Config{Iterations: 1000, History: 10, Tolerance: 1e-12, GradientTolerance: 1e-8}
}

func init() {
	registry.RegisterOptimizer(registry.Optimizer{
		Name: "lbfgs",
		Doc:  "limited-memory BFGS (gonum) with a Wolfe line search on the full-batch gradient (needs a gradient)",
		New: func() registry.OptimizerConfig {
			c := DefaultConfig()
			return &c
		},
	})
}

var (
	_ registry.MethodConfig   = (*Config)(nil)
	_ registry.Validator      = (*Config)(nil)
	_ registry.GradientUser   = (*Config)(nil)
	_ registry.ProblemChecker = (*Config)(nil)
)

// Method returns a fresh L-BFGS with zero fields replaced by their
// defaults. Settings that are still invalid are reported by Init.
func (c Config) Method() optimize.Method { return &LBFGS{cfg: c.withDefaults()} }

// UsesGradient reports true: L-BFGS follows the gradient.
func (c Config) UsesGradient() bool { return true }

// Validate checks the settings as decoded from a file, where absent
// attributes already hold their defaults.
func (c Config) Validate() error {
	var errs []error
	if c.Iterations < 1 || c.Iterations > MaxIterations {
		errs = append(errs, registry.Invalid("iterations", "must be from 1 to %d, got %d", MaxIterations, c.Iterations))
	}
	if c.History < 1 || c.History > MaxHistory {
		errs = append(errs, registry.Invalid("history", "must be from 1 to %d, got %d", MaxHistory, c.History))
	}
	if !(c.Tolerance >= 0) || math.IsInf(c.Tolerance, 1) {
		errs = append(errs, registry.Invalid("tolerance", "must be a finite number >= 0 (0 disables the test), got %g", c.Tolerance))
	}
	if !(c.GradientTolerance >= 0) || math.IsInf(c.GradientTolerance, 1) {
		errs = append(errs, registry.Invalid("gradient_tolerance", "must be a finite number >= 0 (0 disables the test), got %g", c.GradientTolerance))
	}
	return errors.Join(errs...)
}

// CheckProblem reports whether L-BFGS can run on p: it needs a gradient,
// and its history must fit MaxHistoryNumbers.
func (c Config) CheckProblem(p optimize.Problem) error {
	c = c.withDefaults()
	if p == nil {
		return errors.New("lbfgs: no problem")
	}
	if _, ok := p.(optimize.Differentiable); !ok {
		return errors.New("lbfgs: needs a differentiable problem (the loss has no gradient)")
	}
	if n := p.Dim(); n > MaxHistoryNumbers/c.History {
		return fmt.Errorf("lbfgs: a history of %d steps of %d parameters is more than %d numbers; lower history", c.History, n, MaxHistoryNumbers)
	}
	return nil
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.Iterations != 0 {
		d.Iterations = c.Iterations
	}
	if c.History != 0 {
		d.History = c.History
	}
	d.Tolerance, d.GradientTolerance = c.Tolerance, c.GradientTolerance
	return d
}
