package search

import (
	"math"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/registry"
)

// Config is the search optimizer's settings. A zero field means its default,
// except Tolerance, where zero disables early stopping.
type Config struct {
	// WeightRange is the [lo, hi] interval of the grid for weights.
	WeightRange []float64 `hcl:"weight_range,optional"`
	// BiasRange is the [lo, hi] interval of the grid for biases; it is used
	// only when the problem tells biases apart (optimize.ParameterKinds).
	BiasRange []float64 `hcl:"bias_range,optional"`
	// WeightSteps and BiasSteps are the number of grid points, ends included.
	WeightSteps int `hcl:"weight_steps,optional"`
	BiasSteps   int `hcl:"bias_steps,optional"`
	// Iterations is the maximum number of sweeps.
	Iterations int `hcl:"iterations,optional"`
	// Tolerance stops the search once a sweep improves the loss by less;
	// zero is meaningful and means "always run every iteration".
	Tolerance float64 `hcl:"tolerance,optional"`
	// Plain turns off the scoring fast path: every grid value is scored by
	// its own Func call (a full forward pass over the data), as the research
	// notebook does. Left false, a problem that scores a parameter's values
	// in bulk (optimize.CoordinateScorer, which objective.Objective is) is
	// asked to. Both make the same choices and count the same evaluations; plain
	// is kept as the oracle and for timing comparisons.
	Plain bool `hcl:"plain,optional"`
}

// DefaultConfig returns the notebook's settings: 100-point grids on [-5, 5]
// for weights and biases, 30 sweeps, tolerance 1e-6.
func DefaultConfig() Config {
	return Config{
		WeightRange: []float64{-5, 5},
		BiasRange:   []float64{-5, 5},
		WeightSteps: 100,
		BiasSteps:   100,
		Iterations:  30,
		Tolerance:   1e-6,
	}
}

func init() {
	registry.RegisterOptimizer(registry.Optimizer{
		Name: "search",
		Doc:  "coordinate grid search: each sweep sets every parameter in turn to its best grid value (no gradient needed)",
		New: func() registry.OptimizerConfig {
			c := DefaultConfig()
			return &c
		},
	})
}

var (
	_ registry.MethodConfig = (*Config)(nil)
	_ registry.Validator    = (*Config)(nil)
	_ registry.GradientUser = (*Config)(nil)
)

// Method returns a fresh search with zero fields replaced by their defaults.
// Settings that are still invalid are reported by Init.
func (c Config) Method() optimize.Method {
	return &Search{cfg: c.withDefaults()}
}

// UsesGradient reports false: search needs only the loss.
func (c Config) UsesGradient() bool { return false }

// Validate checks the settings as decoded from a file, where absent
// attributes already hold their defaults; so an explicit zero is reported
// rather than silently replaced.
func (c Config) Validate() error {
	if err := validateRange("weight_range", c.WeightRange); err != nil {
		return err
	}
	if err := validateRange("bias_range", c.BiasRange); err != nil {
		return err
	}
	if c.WeightSteps < 2 || c.WeightSteps > MaxSteps {
		return registry.Invalid("weight_steps", "must be from 2 to %d, got %d", MaxSteps, c.WeightSteps)
	}
	if c.BiasSteps < 2 || c.BiasSteps > MaxSteps {
		return registry.Invalid("bias_steps", "must be from 2 to %d, got %d", MaxSteps, c.BiasSteps)
	}
	if c.Iterations < 1 || c.Iterations > MaxIterations {
		return registry.Invalid("iterations", "must be from 1 to %d, got %d", MaxIterations, c.Iterations)
	}
	if !(c.Tolerance >= 0) || math.IsInf(c.Tolerance, 1) {
		return registry.Invalid("tolerance", "must be a finite number >= 0 (0 disables early stopping), got %g", c.Tolerance)
	}
	return nil
}

// Limits that keep every accepted setting runnable: a grid is held in
// memory (8 bytes a point, with its scores), and every sweep is a record
// of the job's history.
const (
	MaxSteps      = 1_000_000
	MaxIterations = 1_000_000
)

func validateRange(name string, r []float64) error {
	if len(r) != 2 {
		return registry.Invalid(name, "must be a list of two numbers [lo, hi], got %d", len(r))
	}
	lo, hi := r[0], r[1]
	if !finite(lo) || !finite(hi) {
		return registry.Invalid(name, "bounds must be finite, got [%g, %g]", lo, hi)
	}
	if !(lo < hi) {
		return registry.Invalid(name, "lo must be less than hi, got [%g, %g]", lo, hi)
	}
	return nil
}

// withDefaults returns a copy with zero fields set to their defaults and
// ranges copied, so the method does not share the caller's slices.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if len(c.WeightRange) != 0 {
		d.WeightRange = append([]float64(nil), c.WeightRange...)
	}
	if len(c.BiasRange) != 0 {
		d.BiasRange = append([]float64(nil), c.BiasRange...)
	}
	if c.WeightSteps != 0 {
		d.WeightSteps = c.WeightSteps
	}
	if c.BiasSteps != 0 {
		d.BiasSteps = c.BiasSteps
	}
	if c.Iterations != 0 {
		d.Iterations = c.Iterations
	}
	d.Tolerance = c.Tolerance
	d.Plain = c.Plain
	return d
}
