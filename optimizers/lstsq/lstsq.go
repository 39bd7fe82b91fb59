package lstsq

import (
	"errors"
	"fmt"
	"math"

	"github.com/nnexp/nnexp/optimize"
)

// LSTSQ is a running lstsq stage. Make one with Config.Method.
type LSTSQ struct {
	cfg Config
	p   optimize.OutputLayer
	env optimize.Env
	lay optimize.OutputLayout

	h, y, cand []float64
	done       bool

	rank     int
	solver   string
	accepted bool
}

var (
	_ optimize.Method    = (*LSTSQ)(nil)
	_ optimize.StepLimit = (*LSTSQ)(nil)
)

// Init implements optimize.Method.
func (m *LSTSQ) Init(p optimize.Problem, loc *optimize.Location, env optimize.Env) error {
	if err := m.cfg.Validate(); err != nil {
		return fmt.Errorf("lstsq: %w", err)
	}
	if p == nil {
		return errors.New("lstsq: no problem")
	}
	ol, ok := p.(optimize.OutputLayer)
	if !ok {
		return errNoOutputLayer
	}
	if len(loc.X) != p.Dim() {
		return fmt.Errorf("lstsq: start has %d parameters, the problem %d", len(loc.X), p.Dim())
	}
	m.p, m.env, m.lay = ol, env, ol.OutputLayout()
	m.h = make([]float64, m.lay.Rows*m.lay.Inputs)
	m.y = make([]float64, m.lay.Rows*m.lay.Outputs)
	m.cand = make([]float64, len(loc.X))
	m.done, m.rank, m.solver, m.accepted = false, 0, "", false
	return nil
}

// MaxSteps implements optimize.StepLimit: the fit is one step.
func (m *LSTSQ) MaxSteps() int { return 1 }

// Solver reports how the last step solved the system: SolverQR,
// SolverSVD (rank-deficient features), or SolverNone (nothing finite to
// solve); "" before a step.
func (m *LSTSQ) Solver() string { return m.solver }

// Rank is the numerical rank of the last step's system: the output
// layer's inputs plus one (the bias) when it is full.
func (m *LSTSQ) Rank() int { return m.rank }

// Accepted reports whether the last step kept the fit; it does not when
// the fit's loss is not below the loss it started from, which rounding can
// cause when the start is already the fit.
func (m *LSTSQ) Accepted() bool { return m.accepted }

// Step implements optimize.Method: one forward pass for the features, the
// solve, and one evaluation of the fit. It keeps the fit only if its loss
// is lower (a NaN start counts as the worst), so loc.F is Func(loc.X)
// either way. It returns the context's error when the run is cancelled
// before an evaluation.
func (m *LSTSQ) Step(loc *optimize.Location) (optimize.Status, error) {
	if m.p == nil {
		return optimize.Running, errors.New("lstsq: Step before Init")
	}
	if len(loc.X) != len(m.cand) {
		return optimize.Running, fmt.Errorf("lstsq: location has %d parameters, the problem %d", len(loc.X), len(m.cand))
	}
	if m.done {
		return optimize.IterationLimit, nil
	}
	if err := m.env.Err(); err != nil {
		return optimize.Running, fmt.Errorf("lstsq: stopped before the forward pass: %w", err)
	}
	m.p.OutputInputs(m.h, m.y, loc.X)
	m.done = true
	if m.lay.Rows == 0 {
		m.solver = SolverNone
		return optimize.IterationLimit, nil
	}
	f, ok := solve(m.h, m.y, m.lay.Rows, m.lay.Inputs, m.lay.Outputs, m.cfg.Ridge)
	m.rank, m.solver = f.rank, f.solver
	if !ok {
		return optimize.IterationLimit, nil
	}
	// The solve can take long on big data; the evaluation below is the
	// next point where stopping saves work.
	if err := m.env.Err(); err != nil {
		return optimize.Running, fmt.Errorf("lstsq: stopped after the solve: %w", err)
	}
	copy(m.cand, loc.X)
	for k := range m.lay.Outputs {
		for j := range m.lay.Inputs {
			m.cand[m.lay.Weight(k, j)] = f.beta.At(j, k)
		}
		m.cand[m.lay.Bias(k)] = f.beta.At(m.lay.Inputs, k)
	}
	if fc := m.p.Func(m.cand); fc < loc.F || math.IsNaN(loc.F) && !math.IsNaN(fc) {
		copy(loc.X, m.cand)
		loc.F = fc
		m.accepted = true
	}
	return optimize.IterationLimit, nil
}
