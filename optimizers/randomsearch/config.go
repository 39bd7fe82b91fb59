package randomsearch

import (
	"errors"
	"fmt"
	"math"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/registry"
)

// Limits that keep every accepted setting runnable: every sweep is a
// record of the job's history, and a perturbation of a finite sigma times a
// standard normal draw stays finite.
const (
	MaxIterations = 1_000_000
	MaxSigma      = 1e6
)

// The values of Config.Scale.
const (
	// ScaleFanIn divides sigma by sqrt(fan_in) of the parameter's unit,
	// where the problem reports it (optimize.FanIn), and is sigma itself
	// where it does not.
	ScaleFanIn = "fan_in"
	// ScaleNone uses sigma for every parameter.
	ScaleNone = "none"
)

// Config is random_search's settings. A zero field means its default,
// except BatchSize (0 is the full data) and Tolerance (0 disables early
// stopping).
type Config struct {
	// Sigma is the standard deviation of the perturbations, before Scale.
	Sigma float64 `hcl:"sigma,optional"`
	// Scale is "fan_in" (sigma/sqrt(fan_in) per layer) or "none".
	Scale string `hcl:"scale,optional"`
	// Iterations is the maximum number of sweeps; each is one Step.
	Iterations int `hcl:"iterations,optional"`
	// BatchSize, when positive and below the number of rows, compares each
	// parameter's candidates on a random minibatch of that many rows; it
	// needs a problem whose loss is a mean over rows (optimize.Batched).
	BatchSize int `hcl:"batch_size,optional"`
	// Tolerance stops the run once a sweep lowers the full-data loss by
	// less (or raises it, which a minibatch sweep can).
	Tolerance float64 `hcl:"tolerance,optional"`
}

// DefaultConfig returns sigma 1 scaled by 1/sqrt(fan_in) (PyTorch's
// nn.Linear initialises weights on that scale), 30 sweeps on the full data
// and no early stopping, since a sweep of random tries may find nothing.
func DefaultConfig() Config {
	return Config{
		Sigma:      1,
		Scale:      ScaleFanIn,
		Iterations: 30,
	}
}

func init() {
	registry.RegisterOptimizer(registry.Optimizer{
		Name: "random_search",
		Doc:  "RSO (Tripathi & Singh 2020): each sweep tries w±d, d Gaussian, for every parameter in turn and keeps the better if it lowers the loss (no gradient needed)",
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

// Method returns a fresh random_search with zero fields replaced by their
// defaults. Settings that are still invalid are reported by Init.
func (c Config) Method() optimize.Method {
	return &RandomSearch{cfg: c.withDefaults()}
}

// UsesGradient reports whether the settings need a gradient: with
// batch_size, candidates are compared by the minibatch loss that
// optimize.Batched returns with its gradient (unused), a capability of
// differentiable losses only; otherwise by the loss alone.
func (c Config) UsesGradient() bool { return c.BatchSize > 0 }

// CheckProblem reports whether random_search with these settings can run
// on p: the settings must be valid, and batch_size needs minibatch losses.
func (c Config) CheckProblem(p optimize.Problem) error {
	c = c.withDefaults()
	if err := c.Validate(); err != nil {
		return fmt.Errorf("random_search: %w", err)
	}
	_, err := c.batched(p)
	return err
}

// batched returns p's minibatch capability when the settings compare on
// minibatches, nil when they compare on the full data.
func (c Config) batched(p optimize.Problem) (optimize.Batched, error) {
	if c.BatchSize <= 0 {
		return nil, nil
	}
	b, ok := p.(optimize.Batched)
	if !ok {
		return nil, fmt.Errorf("random_search: batch_size %d needs a problem whose loss is a mean over rows with minibatch losses (optimize.Batched); a loss without a gradient has none", c.BatchSize)
	}
	if c.BatchSize >= b.Rows() {
		return nil, nil
	}
	return b, nil
}

// Validate checks the settings as decoded from a file, where absent
// attributes already hold their defaults; so an explicit zero is reported
// rather than silently replaced.
func (c Config) Validate() error {
	var errs []error
	if !(c.Sigma > 0 && c.Sigma <= MaxSigma) {
		errs = append(errs, registry.Invalid("sigma", "must be from %g (exclusive) to %g, got %g", 0.0, MaxSigma, c.Sigma))
	}
	if c.Scale != ScaleFanIn && c.Scale != ScaleNone {
		errs = append(errs, registry.Invalid("scale", "must be %q or %q, got %q", ScaleFanIn, ScaleNone, c.Scale))
	}
	if c.Iterations < 1 || c.Iterations > MaxIterations {
		errs = append(errs, registry.Invalid("iterations", "must be from 1 to %d, got %d", MaxIterations, c.Iterations))
	}
	if c.BatchSize < 0 {
		errs = append(errs, registry.Invalid("batch_size", "must be >= 0 (0 means the full data), got %d", c.BatchSize))
	}
	if !(c.Tolerance >= 0) || math.IsInf(c.Tolerance, 1) {
		errs = append(errs, registry.Invalid("tolerance", "must be a finite number >= 0 (0 disables early stopping), got %g", c.Tolerance))
	}
	return errors.Join(errs...)
}

// withDefaults returns a copy with zero fields set to their defaults.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.Sigma != 0 {
		d.Sigma = c.Sigma
	}
	if c.Scale != "" {
		d.Scale = c.Scale
	}
	if c.Iterations != 0 {
		d.Iterations = c.Iterations
	}
	d.BatchSize, d.Tolerance = c.BatchSize, c.Tolerance
	return d
}
