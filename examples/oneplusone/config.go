package oneplusone

import (
	"math"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/registry"
)

// Config is the one_plus_one optimizer's settings, decoded from an
// optimizer "one_plus_one" { ... } block through the hcl tags. A zero field
// means its default; Samples zero means one sample per parameter, and
// Tolerance zero disables early stopping.
type Config struct {
	// Samples is the number of perturbations tried per iteration; 0 means
	// the problem's dimension (one per parameter, like a search sweep).
	Samples int `hcl:"samples,optional"`
	// Sigma is the initial standard deviation of the Gaussian steps.
	Sigma float64 `hcl:"sigma,optional"`
	// Grow multiplies sigma after an iteration in which more than 1/5 of
	// the samples improved the loss; Shrink multiplies it otherwise.
	// Grow = Shrink = 1 keeps the step size fixed.
	Grow   float64 `hcl:"grow,optional"`
	Shrink float64 `hcl:"shrink,optional"`
	// Iterations is the maximum number of iterations.
	Iterations int `hcl:"iterations,optional"`
	// Tolerance stops the run once an iteration improves the loss by less.
	// It is off by default: an iteration without a success is normal for a
	// random method (sigma then shrinks and the next one often succeeds).
	Tolerance float64 `hcl:"tolerance,optional"`
}

// DefaultConfig returns the defaults: one sample per parameter, sigma 0.5,
// grow 1.5, shrink 0.8, 30 iterations, no early stopping.
func DefaultConfig() Config {
	return Config{
		Samples:    0,
		Sigma:      0.5,
		Grow:       1.5,
		Shrink:     0.8,
		Iterations: 30,
		Tolerance:  0,
	}
}

// init makes the optimizer known by name to every binary that imports this
// package, blank or not.
func init() {
	registry.RegisterOptimizer(registry.Optimizer{
		Name: "one_plus_one",
		Doc:  "(1+1) evolution strategy: Gaussian steps kept only if they lower the loss, step size by the 1/5th rule (no gradient needed)",
		New: func() registry.OptimizerConfig {
			c := DefaultConfig()
			return &c
		},
	})
}

// The interfaces Config implements; the compiler checks them here.
var (
	_ registry.MethodConfig = (*Config)(nil)
	_ registry.Validator    = (*Config)(nil)
	_ registry.GradientUser = (*Config)(nil)
)

// Method returns a fresh method with zero fields replaced by their defaults.
// Settings that are still invalid are reported by Init.
func (c Config) Method() optimize.Method {
	return &Search{cfg: c.withDefaults()}
}

// UsesGradient reports false: the (1+1)-ES needs only the loss.
func (c Config) UsesGradient() bool { return false }

// MaxSamples and MaxIterations bound the settings as the built-in
// optimizers bound theirs: every value a file may give is one the job can
// run (an iteration is a history record, a sample an evaluation), so a
// typo of a few zeros is a diagnostic, not a job that never ends.
const (
	MaxSamples    = 1_000_000
	MaxIterations = 1_000_000
)

// Validate checks the settings as decoded from a file, where absent
// attributes already hold their defaults, so an explicit zero is reported
// rather than silently replaced. Each error names the attribute, so the
// experiment loader points at it.
func (c Config) Validate() error {
	if c.Samples < 0 || c.Samples > MaxSamples {
		return registry.Invalid("samples", "must be from 1 to %d (or 0 for one per parameter), got %d", MaxSamples, c.Samples)
	}
	if !(c.Sigma > 0) || math.IsInf(c.Sigma, 1) {
		return registry.Invalid("sigma", "must be a finite number > 0, got %g", c.Sigma)
	}
	if !(c.Grow >= 1) || math.IsInf(c.Grow, 1) {
		return registry.Invalid("grow", "must be a finite number >= 1, got %g", c.Grow)
	}
	if !(c.Shrink > 0 && c.Shrink <= 1) {
		return registry.Invalid("shrink", "must be in (0, 1], got %g", c.Shrink)
	}
	if c.Iterations < 1 || c.Iterations > MaxIterations {
		return registry.Invalid("iterations", "must be from 1 to %d, got %d", MaxIterations, c.Iterations)
	}
	if !(c.Tolerance >= 0) || math.IsInf(c.Tolerance, 1) {
		return registry.Invalid("tolerance", "must be a finite number >= 0 (0 disables early stopping), got %g", c.Tolerance)
	}
	return nil
}

// withDefaults returns a copy with zero fields set to their defaults.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	d.Samples = c.Samples // 0 is resolved against the problem in Init
	if c.Sigma != 0 {
		d.Sigma = c.Sigma
	}
	if c.Grow != 0 {
		d.Grow = c.Grow
	}
	if c.Shrink != 0 {
		d.Shrink = c.Shrink
	}
	if c.Iterations != 0 {
		d.Iterations = c.Iterations
	}
	d.Tolerance = c.Tolerance
	return d
}
