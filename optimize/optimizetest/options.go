package optimizetest

import (
	"errors"
	"fmt"
	"slices"

	"github.com/nnexp/nnexp/optimize"
)

// Options says what TestMethod runs the method on. The zero value runs it
// on Problem{} from its Start with seed 0, and uses the defaults below.
type Options struct {
	// Problem is what the method minimizes; nil means Problem{}. Each run
	// goes through a wrapper that offers the method exactly the
	// capabilities Problem has, counts evaluations and checks arguments.
	Problem optimize.Problem
	// Start is the first point; nil means Problem's Start() []float64 when
	// it has one (Problem{} does), else the origin. It is copied.
	Start []float64
	// Seed seeds every run's Env.Rand (a PCG with both words Seed).
	Seed uint64
	// MaxSteps is how many Steps a method that does not implement
	// optimize.StepLimit (or whose MaxSteps is not positive) may take
	// before it must return a Status other than Running; 0 means 1000.
	MaxSteps int
	// The cancellation run cancels Env.Context at the CancelAt-th
	// evaluation counted from the start of Step number CancelStep (0 means
	// 1 for both), and allows CancelWithin more evaluations after that
	// one before Step must return (0 means 100, which lets a coordinate
	// method finish one parameter of a 100-value grid). See TestMethod.
	CancelStep, CancelAt, CancelWithin int
}

// config is Options with the defaults filled in.
type config struct {
	problem                          optimize.Problem
	start                            []float64
	seed                             uint64
	maxSteps                         int
	cancelStep, cancelAt, cancelWith int
}

func (o Options) config() (config, error) {
	c := config{problem: o.Problem, seed: o.Seed, maxSteps: o.MaxSteps,
		cancelStep: o.CancelStep, cancelAt: o.CancelAt, cancelWith: o.CancelWithin}
	if c.problem == nil {
		c.problem = Problem{}
	}
	switch s, ok := c.problem.(interface{ Start() []float64 }); {
	case o.Start != nil:
		c.start = slices.Clone(o.Start)
	case ok:
		c.start = slices.Clone(s.Start())
	default:
		c.start = make([]float64, c.problem.Dim())
	}
	if len(c.start) != c.problem.Dim() {
		return c, fmt.Errorf("optimizetest: Start has %d parameters, the problem %d", len(c.start), c.problem.Dim())
	}
	if c.maxSteps < 0 || c.cancelStep < 0 || c.cancelAt < 0 || c.cancelWith < 0 {
		return c, errors.New("optimizetest: negative MaxSteps or Cancel option")
	}
	c.maxSteps = defaultTo(c.maxSteps, 1000)
	c.cancelStep = defaultTo(c.cancelStep, 1)
	c.cancelAt = defaultTo(c.cancelAt, 1)
	c.cancelWith = defaultTo(c.cancelWith, 100)
	return c, nil
}

func defaultTo(v, d int) int {
	if v == 0 {
		return d
	}
	return v
}
