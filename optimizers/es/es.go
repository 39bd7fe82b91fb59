package es

import (
	"errors"
	"fmt"
	"github.com/nnexp/nnexp/optimizers/internal/adamstep"
	"math/rand/v2"

	"github.com/nnexp/nnexp/optimize"
)

// ES is a running evolution strategy. Make one with Config.Method.
type ES struct {
	cfg Config

	p   optimize.Problem
	env optimize.Env
	rng *rand.Rand
	// noise regenerates pair k's ε from seeds[k], so a generation holds
	// one ε at a time rather than population of them.
	noiseSrc *rand.PCG
	noise    *rand.Rand
	seeds    [][2]uint64
	losses   []float64 // f(θ+σε_k) at 2k, f(θ−σε_k) at 2k+1
	utility  []float64 // their centred ranks
	order    []int
	eps, try []float64
	grad     []float64
	adam     *adamstep.State // nil for SGD
	gens     int
}

var (
	_ optimize.Method     = (*ES)(nil)
	_ optimize.StepLimit  = (*ES)(nil)
	_ optimize.LeavesLoss = (*ES)(nil)
)

// LeavesLoss implements optimize.LeavesLoss: a generation reads its
// samples' losses, never the mean's.
func (e *ES) LeavesLoss() bool { return true }

// MaxSteps implements optimize.StepLimit: one Step per generation.
func (e *ES) MaxSteps() int { return e.cfg.Generations }

// Init implements optimize.Method. It allocates every buffer the
// generations need.
func (e *ES) Init(p optimize.Problem, loc *optimize.Location, env optimize.Env) error {
	if err := e.cfg.Validate(); err != nil {
		return fmt.Errorf("es: %w", err)
	}
	if p == nil {
		return errors.New("es: no problem")
	}
	if len(loc.X) != p.Dim() {
		return fmt.Errorf("es: start has %d parameters, the problem %d", len(loc.X), p.Dim())
	}
	if env.Rand == nil {
		return errors.New("es: needs a random source (optimize.Env.Rand is nil)")
	}
	n, pairs := len(loc.X), e.cfg.Population
	e.p, e.env, e.rng = p, env, env.Rand
	e.noiseSrc = rand.NewPCG(0, 0)
	e.noise = rand.New(e.noiseSrc)
	e.seeds = make([][2]uint64, pairs)
	e.losses, e.utility, e.order = make([]float64, 2*pairs), make([]float64, 2*pairs), make([]int, 2*pairs)
	e.eps, e.try, e.grad = make([]float64, n), make([]float64, n), make([]float64, n)
	e.adam = nil
	if e.cfg.Update == UpdateAdam {
		e.adam = adamstep.New(n)
	}
	e.gens = 0
	return nil
}

// Step implements optimize.Method: one generation. For each pair k it
// draws a seed from Env.Rand, regenerates ε_k ~ N(0, I) from it and
// evaluates θ+σε_k and θ−σε_k, checking Env.Context before each. Then, with
// u the centred ranks of the 2·population losses, the gradient estimate is
//
//	g = Σ_k (u(θ+σε_k) − u(θ−σε_k)) ε_k / (2·population) + weight_decay·θ
//
// (OpenAI's estimate; its 1/σ is left to the learning rate, as there), θ
// takes one Adam or SGD step along −g. loc.F, the loss at the new θ, is
// left to the driver (LeavesLoss). It returns IterationLimit after
// Generations generations.
func (e *ES) Step(loc *optimize.Location) (optimize.Status, error) {
	if e.p == nil {
		return optimize.Running, errors.New("es: Step before Init")
	}
	if len(loc.X) != len(e.grad) {
		return optimize.Running, fmt.Errorf("es: location has %d parameters, the problem %d", len(loc.X), len(e.grad))
	}
	if err := e.sample(loc.X); err != nil {
		return optimize.Running, err
	}
	// The last sample may have been refused for a budget: then the
	// generation is incomplete and must not move the mean.
	if err := e.env.Err(); err != nil {
		return optimize.Running, fmt.Errorf("es: stopped after the last sample: %w", err)
	}
	centredRanks(e.utility, e.losses, e.order)
	e.estimate(loc.X)
	if e.adam != nil {
		adamUpdate(e.adam, loc.X, e.grad, e.cfg.LearningRate)
	} else {
		sgdStep(loc.X, e.grad, e.cfg.LearningRate)
	}
	e.gens++
	if e.gens >= e.cfg.Generations {
		return optimize.IterationLimit, nil
	}
	return optimize.Running, nil
}

// sample evaluates the generation's mirrored pairs around theta into
// e.losses, drawing each pair's seed from the job's source.
func (e *ES) sample(theta []float64) error {
	sigma := e.cfg.Sigma
	for k := range e.seeds {
		e.seeds[k] = [2]uint64{e.rng.Uint64(), e.rng.Uint64()}
		e.noiseSrc.Seed(e.seeds[k][0], e.seeds[k][1])
		for j := range e.eps {
			e.eps[j] = e.noise.NormFloat64()
		}
		for s, sign := range [2]float64{1, -1} {
			if err := e.env.Err(); err != nil {
				return fmt.Errorf("es: stopped at %d of %d samples: %w", 2*k+s, len(e.losses), err)
			}
			for j, t := range theta {
				e.try[j] = t + sign*sigma*e.eps[j]
			}
			e.losses[2*k+s] = e.p.Func(e.try)
		}
	}
	return nil
}

// estimate writes the gradient estimate into e.grad (see Step),
// regenerating each pair's ε from its seed.
func (e *ES) estimate(theta []float64) {
	clear(e.grad)
	for k, seed := range e.seeds {
		w := e.utility[2*k] - e.utility[2*k+1]
		if w == 0 {
			continue
		}
		e.noiseSrc.Seed(seed[0], seed[1])
		for j := range e.grad {
			e.grad[j] += w * e.noise.NormFloat64()
		}
	}
	inv := 1 / float64(len(e.losses))
	for j, t := range theta {
		e.grad[j] = e.grad[j]*inv + e.cfg.WeightDecay*t
	}
}
