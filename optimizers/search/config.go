package search

import (
	"errors"
	"fmt"
	"math"
	"slices"

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
	// WeightValues and BiasValues are explicit candidate sets, an
	// alternative to a range and steps for their kind (not both). They are
	// sorted and de-duplicated. A parameter searched over a set only ever
	// holds one of its values: when its current value is not in the set
	// (the start, a revived unit) it is not a candidate, so that visit may
	// raise the loss; once on the set, the loss never increases.
	WeightValues []float64 `hcl:"weight_values,optional"`
	BiasValues   []float64 `hcl:"bias_values,optional"`
	// Layers gives single layers their own grids or sets (layer blocks).
	Layers []LayerGrid `hcl:"layer,block"`
	// ReviveDead re-draws, before each sweep, the incoming weights and bias
	// of every hidden ReLU-family unit that outputs zero on every training
	// row, from U(±1/sqrt(fan_in)) with Env.Rand; it needs a problem that
	// reports its dead units (optimize.DeadUnits). A revival may raise the
	// loss.
	ReviveDead bool `hcl:"revive_dead,optional"`
	// BatchSize, when positive and below the number of rows, chooses each
	// parameter's value on a random minibatch of that many rows instead of
	// the full data: the choice the plain loop would make on those rows,
	// found by the problem's own (exact) scorer over them. It needs a
	// problem whose loss is a mean over rows (optimize.RowSubsets). The
	// loss may rise, so a sweep ends with one full-data evaluation for the
	// history. 0, the default, is the full data.
	BatchSize int `hcl:"batch_size,optional"`
	// BatchEvery is how many parameters, in index order, share a
	// minibatch. 0, the default, draws one per unit: a unit's incoming
	// weights (its fan-in, stored together) share one, a layer's biases
	// theirs; a fresh batch costs a forward pass over its rows to build
	// the scorer's cache, which a unit's weights then share.
	BatchEvery int `hcl:"batch_every,optional"`
}

// LayerGrid is a layer's own grid: a layer block. Index counts the model's
// linear layers from 0 (inputs to the first hidden layer) to the output
// layer. A kind (weights, biases) the block says nothing about keeps the
// optimizer's grid; a range without steps (or steps without a range) takes
// the missing part from the optimizer's settings.
type LayerGrid struct {
	Index        int       `hcl:"index"`
	WeightRange  []float64 `hcl:"weight_range,optional"`
	WeightSteps  int       `hcl:"weight_steps,optional"`
	WeightValues []float64 `hcl:"weight_values,optional"`
	BiasRange    []float64 `hcl:"bias_range,optional"`
	BiasSteps    int       `hcl:"bias_steps,optional"`
	BiasValues   []float64 `hcl:"bias_values,optional"`
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
	_ registry.MethodConfig   = (*Config)(nil)
	_ registry.Validator      = (*Config)(nil)
	_ registry.GradientUser   = (*Config)(nil)
	_ registry.ProblemChecker = (*Config)(nil)
)

// CheckProblem reports whether search with these settings can run on p:
// batch_size needs a loss that is a mean over rows, and layer blocks a
// problem that reports its layers, of which each block's index must be
// one. The runner asks before a pipeline's first stage runs, so a later
// stage that cannot run costs no earlier one's time.
func (c Config) CheckProblem(p optimize.Problem) error {
	c = c.withDefaults()
	if err := c.Validate(); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if _, err := c.subsets(p); err != nil {
		return err
	}
	_, err := c.layersOf(p)
	return err
}

// layersOf returns p's layers when the settings have layer blocks (nil
// without), checking that p reports them and has each block's index.
func (c Config) layersOf(p optimize.Problem) (optimize.ParameterLayers, error) {
	if len(c.Layers) == 0 {
		return nil, nil
	}
	pl, ok := p.(optimize.ParameterLayers)
	if !ok {
		return nil, errors.New("search: layer blocks need a problem that reports its parameters' layers (optimize.ParameterLayers, a model's objective); this one does not")
	}
	for _, l := range c.Layers {
		if l.Index >= pl.Layers() {
			return nil, fmt.Errorf("search: layer block index %d, but the model has layers 0 to %d", l.Index, pl.Layers()-1)
		}
	}
	return pl, nil
}

// subsets returns p's row subsets when the settings choose on minibatches,
// nil when they choose on the full data.
func (c Config) subsets(p optimize.Problem) (optimize.RowSubsets, error) {
	if c.BatchSize <= 0 {
		return nil, nil
	}
	rs, ok := p.(optimize.RowSubsets)
	if !ok {
		return nil, fmt.Errorf("search: batch_size %d needs a problem whose loss is a mean over rows (optimize.RowSubsets, a model's objective); this one is not", c.BatchSize)
	}
	if c.BatchSize >= rs.Rows() {
		return nil, nil
	}
	return rs, nil
}

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
	var errs []error
	if err := validateRange("weight_range", c.WeightRange); err != nil {
		errs = append(errs, err)
	}
	if err := validateRange("bias_range", c.BiasRange); err != nil {
		errs = append(errs, err)
	}
	if c.WeightSteps < 2 || c.WeightSteps > MaxSteps {
		errs = append(errs, registry.Invalid("weight_steps", "must be from 2 to %d, got %d", MaxSteps, c.WeightSteps))
	}
	if c.BiasSteps < 2 || c.BiasSteps > MaxSteps {
		errs = append(errs, registry.Invalid("bias_steps", "must be from 2 to %d, got %d", MaxSteps, c.BiasSteps))
	}
	def := DefaultConfig()
	if err := validateSet("weight", c.WeightValues, c.WeightRange, def.WeightRange, c.WeightSteps, def.WeightSteps); err != nil {
		errs = append(errs, err)
	}
	if err := validateSet("bias", c.BiasValues, c.BiasRange, def.BiasRange, c.BiasSteps, def.BiasSteps); err != nil {
		errs = append(errs, err)
	}
	seen := map[int]bool{}
	for k, l := range c.Layers {
		if err := l.validate(fmt.Sprintf("layer[%d].", k)); err != nil {
			errs = append(errs, err)
		}
		if seen[l.Index] {
			errs = append(errs, registry.Invalid(fmt.Sprintf("layer[%d].index", k), "layer %d has two layer blocks", l.Index))
		}
		seen[l.Index] = true
	}
	if c.Iterations < 1 || c.Iterations > MaxIterations {
		errs = append(errs, registry.Invalid("iterations", "must be from 1 to %d, got %d", MaxIterations, c.Iterations))
	}
	if !(c.Tolerance >= 0) || math.IsInf(c.Tolerance, 1) {
		errs = append(errs, registry.Invalid("tolerance", "must be a finite number >= 0 (0 disables early stopping), got %g", c.Tolerance))
	}
	if c.BatchSize < 0 {
		errs = append(errs, registry.Invalid("batch_size", "must be >= 0 (0 means the full data), got %d", c.BatchSize))
	}
	if c.BatchEvery < 0 {
		errs = append(errs, registry.Invalid("batch_every", "must be >= 0 (0 means one minibatch per unit), got %d", c.BatchEvery))
	}
	if c.BatchEvery > 0 && c.BatchSize == 0 {
		errs = append(errs, registry.Invalid("batch_every", "is %d, but without batch_size every parameter is chosen on the full data: set batch_size or leave batch_every out", c.BatchEvery))
	}
	return errors.Join(errs...)
}

// Limits that keep every accepted setting runnable: a grid is held in
// memory (8 bytes a point, with its scores), and every sweep is a record
// of the job's history. An explicit set is written out in the file, and
// reading a million values from HCL took 42 s and 1 GB: a set of
// MaxValues takes about 4 s.
const (
	MaxSteps      = 1_000_000
	MaxValues     = 100_000
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
	if !finite(hi - lo) {
		// The grid's step would be infinite, and its values Inf or NaN.
		return registry.Invalid(name, "hi - lo must be a finite number, got [%g, %g]", lo, hi)
	}
	return nil
}

// validateSet checks a kind's candidate set, if any: finite, at most
// MaxValues values, and not given with a range or steps other than the
// defaults. (A file that spells out the default range next to a set cannot
// be told from one that leaves it out: the set is used.)
func validateSet(kind string, values, r, defRange []float64, steps, defSteps int) error {
	if values == nil {
		return nil
	}
	name := kind + "_values"
	if err := checkValues(name, values); err != nil {
		return err
	}
	if !slices.Equal(r, defRange) {
		return registry.Invalid(name, "%s and %s_range: give a set or a range and steps, not both", name, kind)
	}
	if steps != defSteps {
		return registry.Invalid(name, "%s and %s_steps: give a set or a range and steps, not both", name, kind)
	}
	return nil
}

func checkValues(name string, values []float64) error {
	if len(values) == 0 {
		return registry.Invalid(name, "must list at least one value")
	}
	if len(values) > MaxValues {
		return registry.Invalid(name, "must list at most %d values, got %d", MaxValues, len(values))
	}
	for _, v := range values {
		if !finite(v) {
			return registry.Invalid(name, "values must be finite, got %g", v)
		}
	}
	return nil
}

// validate checks a layer block; names start with at, which says which
// block it is ("layer[1]." for the second, registry.SettingError).
func (l LayerGrid) validate(at string) error {
	if l.Index < 0 {
		return registry.Invalid(at+"index", "must be >= 0 (0 is the first linear layer), got %d", l.Index)
	}
	for _, k := range []struct {
		kind   string
		r      []float64
		steps  int
		values []float64
	}{{"weight", l.WeightRange, l.WeightSteps, l.WeightValues}, {"bias", l.BiasRange, l.BiasSteps, l.BiasValues}} {
		if k.values != nil {
			if err := checkValues(at+k.kind+"_values", k.values); err != nil {
				return err
			}
			if k.r != nil || k.steps != 0 {
				return registry.Invalid(at+k.kind+"_values", "layer %d: %s_values and %s_range or %s_steps: give a set or a range and steps, not both",
					l.Index, k.kind, k.kind, k.kind)
			}
			continue
		}
		if k.r != nil {
			if err := validateRange(at+k.kind+"_range", k.r); err != nil {
				return err
			}
		}
		if k.steps != 0 && (k.steps < 2 || k.steps > MaxSteps) {
			return registry.Invalid(at+k.kind+"_steps", "must be from 2 to %d, got %d", MaxSteps, k.steps)
		}
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
	d.WeightValues = slices.Clone(c.WeightValues)
	d.BiasValues = slices.Clone(c.BiasValues)
	d.Layers = slices.Clone(c.Layers)
	d.ReviveDead = c.ReviveDead
	d.BatchSize, d.BatchEvery = c.BatchSize, c.BatchEvery
	return d
}
