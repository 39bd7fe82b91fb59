package neldermead

import (
	"errors"
	"fmt"
	"math"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/registry"
)

// Limits that keep every accepted setting runnable: every iteration is a
// record of the job's history, and the patience window is held in memory.
const (
	MaxIterations = 1_000_000
	// MaxSimplexSize bounds simplex_size, far past any useful parameter
	// scale, so that start + size stays finite.
	MaxSimplexSize = 1e6
	// MaxParameters bounds the problem: the simplex holds n+1 points of n
	// parameters, n² numbers, and Nelder-Mead is hopeless long before.
	MaxParameters = 2000
)

// Config is Nelder-Mead's settings. A zero field means its default, except
// Tolerance, where zero disables early stopping.
type Config struct {
	// Iterations is the most major iterations, one Step each.
	Iterations int `hcl:"iterations,optional"`
	// SimplexSize is the distance of each vertex of the initial simplex
	// from the start, along one parameter each.
	SimplexSize float64 `hcl:"simplex_size,optional"`
	// Tolerance stops the run once the best loss has improved by less
	// than Tolerance·(1+|F|) over the last Patience iterations.
	Tolerance float64 `hcl:"tolerance,optional"`
	// Patience is that window; zero means 10·(n+1) for n parameters, since
	// an iteration replaces one vertex of n+1 and may leave the best alone.
	Patience int `hcl:"patience,optional"`
}

// DefaultConfig returns 1000 iterations from a simplex of size 0.1 (about
// the scale of PyTorch's initial weights), tolerance 1e-10.
func DefaultConfig() Config {
	return Config{Iterations: 1000, SimplexSize: 0.1, Tolerance: 1e-10}
}

func init() {
	registry.RegisterOptimizer(registry.Optimizer{
		Name: "nelder_mead",
		Doc:  "Nelder-Mead simplex (gonum), derivative-free, for small nets: the first step spends one evaluation per parameter",
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

// CheckProblem refuses problems of more than MaxParameters parameters,
// before a pipeline's earlier stages spend their time.
func (c Config) CheckProblem(p optimize.Problem) error {
	if n := p.Dim(); n > MaxParameters {
		return fmt.Errorf("nelder_mead: the model has %d parameters; Nelder-Mead holds n+1 points of n and runs on at most %d", n, MaxParameters)
	}
	return nil
}

// Method returns a fresh Nelder-Mead with zero fields replaced by their
// defaults. Settings that are still invalid are reported by Init.
func (c Config) Method() optimize.Method { return &NelderMead{cfg: c.withDefaults()} }

// UsesGradient reports false: Nelder-Mead needs only the loss.
func (c Config) UsesGradient() bool { return false }

// Validate checks the settings as decoded from a file, where absent
// attributes already hold their defaults.
func (c Config) Validate() error {
	var errs []error
	if c.Iterations < 1 || c.Iterations > MaxIterations {
		errs = append(errs, registry.Invalid("iterations", "must be from 1 to %d, got %d", MaxIterations, c.Iterations))
	}
	if !(c.SimplexSize > 0 && c.SimplexSize <= MaxSimplexSize) {
		errs = append(errs, registry.Invalid("simplex_size", "must be a number above 0 and at most %g, got %g", MaxSimplexSize, c.SimplexSize))
	}
	if !(c.Tolerance >= 0) || math.IsInf(c.Tolerance, 1) {
		errs = append(errs, registry.Invalid("tolerance", "must be a finite number >= 0 (0 disables early stopping), got %g", c.Tolerance))
	}
	if c.Patience < 0 || c.Patience > MaxIterations {
		errs = append(errs, registry.Invalid("patience", "must be from 0 to %d (0 means 10·(parameters+1)), got %d", MaxIterations, c.Patience))
	}
	return errors.Join(errs...)
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.Iterations != 0 {
		d.Iterations = c.Iterations
	}
	if c.SimplexSize != 0 {
		d.SimplexSize = c.SimplexSize
	}
	d.Tolerance, d.Patience = c.Tolerance, c.Patience
	return d
}
