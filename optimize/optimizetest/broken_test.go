package optimizetest_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/nnexp/nnexp/optimize"
)

// toy is a (1+1) random search that breaks one rule of the contract when
// flaw names it, so that the tests can see TestMethod catch each one.
type toy struct {
	flaw string

	p     optimize.Problem
	env   optimize.Env
	rng   *rand.Rand
	cand  []float64
	kept  []float64 // loc.X of Init, for the "keeps" flaw
	spare []float64 // two buffers of the method's own, for "double buffer"
	step  int
}

// samples is the tries per step: more than CancelWithin's default, so a
// method that never looks at the context overruns it.
const samples = 300

func (m *toy) Init(p optimize.Problem, loc *optimize.Location, env optimize.Env) error {
	m.p, m.env, m.rng = p, env, env.Rand
	if m.flaw == "unseeded" {
		m.rng = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())) // a new seed per job
	}
	m.cand = make([]float64, len(loc.X))
	m.kept = loc.X
	return nil
}

// LeavesLoss implements optimize.LeavesLoss for the "leaves" toy, which
// leaves loc.F to the driver (and is handed NaN at each step, so that it
// takes each step's first candidate).
func (m *toy) LeavesLoss() bool { return m.flaw == "leaves" }

func (m *toy) MaxSteps() int {
	switch m.flaw {
	case "endless", "idle":
		return 0 // cannot say, so Options.MaxSteps applies
	case "overstep":
		return 3
	}
	return 5
}

func (m *toy) Step(loc *optimize.Location) (optimize.Status, error) {
	switch m.flaw {
	case "parallel":
		// Scores four points at once, though the problem need not be safe
		// for concurrent use.
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() { m.p.Func(slices.Clone(loc.X)) })
		}
		wg.Wait()
		return optimize.IterationLimit, nil
	case "idle":
		return optimize.Running, nil // never evaluates, never stops
	case "fails":
		if m.step == 1 {
			return optimize.Running, errors.New("toy: out of ideas")
		}
	}
	for k := range samples {
		if err := m.env.Err(); err != nil && m.flaw != "deaf" {
			if m.flaw == "wrong error" {
				return optimize.Running, errors.New("toy: interrupted")
			}
			return optimize.Running, fmt.Errorf("toy: stopped at try %d: %w", k, err)
		}
		for i, x := range loc.X {
			z := 0.0
			if m.flaw == "global" {
				z = rand.NormFloat64() // the process's source, not the job's
			} else {
				z = m.rng.NormFloat64()
			}
			m.cand[i] = x + 0.1*z
		}
		x := m.cand
		if m.flaw == "short x" {
			x = x[:len(x)-1]
		}
		f := m.p.Func(x)
		if m.flaw == "bad row" && k == 7 {
			if b, ok := m.p.(optimize.Batched); ok {
				b.BatchGrad(make([]float64, len(x)), x, []int{b.Rows()})
			}
		}
		if f < loc.F || math.IsNaN(loc.F) {
			copy(loc.X, m.cand)
			loc.F = f
		} else if m.flaw == "liar" {
			copy(loc.X, m.cand) // moved, but loc.F still the old point's
		}
	}
	if m.flaw == "double buffer" {
		// Legitimate: the result goes to a buffer of the method's own,
		// which becomes loc.X; the one handed in is left alone after.
		if m.spare == nil {
			m.spare = make([]float64, 2*len(loc.X))
		}
		n := len(loc.X)
		buf := m.spare[n*(m.step%2) : n*(m.step%2+1)]
		copy(buf, loc.X)
		loc.X = buf
	}
	if m.flaw == "keeps" {
		copy(m.kept, loc.X)
	}
	if m.flaw == "shrinks" {
		loc.X = loc.X[:len(loc.X)-1]
	}
	if m.flaw == "panics" && m.step == 1 {
		var none []float64
		_ = none[3]
	}
	if m.flaw == "leaves" {
		// Not the loss at loc.X: the driver sets it (LeavesLoss).
		loc.F = 12345
	}
	m.step++
	if m.flaw == "endless" || m.flaw == "overstep" && m.step < 5 || m.step < m.MaxSteps() {
		return optimize.Running, nil
	}
	return optimize.IterationLimit, nil
}
