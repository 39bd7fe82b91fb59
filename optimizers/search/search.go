package search

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/nnexp/nnexp/optimize"
)

// Search is a running coordinate grid search. Make one with Config.Method.
type Search struct {
	cfg Config

	p      optimize.Problem
	scorer optimize.CoordinateScorer // nil without the capability or when plain
	exact  bool                      // scorer settles near-ties itself
	// chooser makes full-data grid choices without evaluating them when
	// the problem offers it (optimize.CoordinateChooser); nil otherwise.
	chooser optimize.CoordinateChooser
	// grids[0] is the weights', grids[1] the biases', then two per layer
	// block (its weights', its biases').
	grids []grid
	// gridOf[i] indexes parameter i's grid in grids; nil when it is
	// grids[0] or grids[1] by isBias alone.
	gridOf   []int32
	isBias   []bool // nil when the problem does not tell biases apart
	dead     optimize.DeadUnits
	revivals int
	losses   []float64
	mini     *minibatch // nil on the full data
	dim      int
	sweeps   int
	env      optimize.Env
}

// grid is one parameter kind's candidates.
type grid struct {
	values []float64
	// set marks an explicit candidate set: a current value not in it is
	// not a candidate.
	set bool
}

var (
	_ optimize.Method    = (*Search)(nil)
	_ optimize.StepLimit = (*Search)(nil)
	_ optimize.Reviver   = (*Search)(nil)
)

// MaxSteps implements optimize.StepLimit: one Step per sweep.
func (s *Search) MaxSteps() int { return s.cfg.Iterations }

// Revivals is the number of dead units revive_dead has re-drawn so far
// (a unit revived in several sweeps counts once a sweep); it implements
// optimize.Reviver, which the runner reports.
func (s *Search) Revivals() int { return s.revivals }

// Init implements optimize.Method. It builds the grids and every buffer the
// sweeps need, so Step does not allocate.
func (s *Search) Init(p optimize.Problem, loc *optimize.Location, env optimize.Env) error {
	if err := s.cfg.Validate(); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if p == nil {
		return errors.New("search: no problem")
	}
	if len(loc.X) != p.Dim() {
		return fmt.Errorf("search: start has %d parameters, the problem %d", len(loc.X), p.Dim())
	}
	rs, err := s.cfg.subsets(p)
	if err != nil {
		return err
	}
	s.mini = nil
	if rs != nil {
		if env.Rand == nil {
			return errors.New("search: batch_size needs Env.Rand")
		}
		s.mini = newMinibatch(rs, s.cfg.BatchSize, s.cfg.BatchEvery)
	}
	s.p = p
	s.env = env
	s.dim = len(loc.X)
	s.scorer, s.exact = s.scorerOf(p)
	s.chooser = nil
	if ch, ok := p.(optimize.CoordinateChooser); ok && s.exact && s.mini == nil {
		s.chooser = ch
	}
	s.isBias = nil
	if kinds, ok := p.(optimize.ParameterKinds); ok {
		s.isBias = make([]bool, p.Dim())
		for i := range s.isBias {
			s.isBias[i] = kinds.IsBias(i)
		}
	}
	if err := s.buildGrids(p); err != nil {
		return err
	}
	s.dead = nil
	if s.cfg.ReviveDead {
		d, ok := p.(optimize.DeadUnits)
		if !ok {
			return errors.New("search: revive_dead needs a problem that reports its dead units (optimize.DeadUnits, a model's objective); this one does not")
		}
		if env.Rand == nil {
			return errors.New("search: revive_dead needs Env.Rand")
		}
		s.dead = d
	}
	s.losses = nil
	if s.scorer != nil || (s.mini != nil && !s.cfg.Plain) {
		n := 0
		for _, g := range s.grids {
			n = max(n, len(g.values))
		}
		s.losses = make([]float64, n)
	}
	s.sweeps, s.revivals = 0, 0
	return nil
}

// buildGrids makes s.grids and, with layer blocks, s.gridOf.
func (s *Search) buildGrids(p optimize.Problem) error {
	c := s.cfg
	w := makeGrid(c.WeightValues, c.WeightRange, c.WeightSteps)
	b := makeGrid(c.BiasValues, c.BiasRange, c.BiasSteps)
	s.grids = []grid{w, b}
	s.gridOf = nil
	if len(c.Layers) == 0 {
		return nil
	}
	pl, err := c.layersOf(p)
	if err != nil {
		return err
	}
	layers := pl.Layers()
	block := make([]int32, layers) // grids index of layer l's weights, or 0
	for _, l := range c.Layers {
		block[l.Index] = int32(len(s.grids))
		s.grids = append(s.grids,
			layerGrid(w, l.WeightValues, l.WeightRange, c.WeightRange, l.WeightSteps, c.WeightSteps),
			layerGrid(b, l.BiasValues, l.BiasRange, c.BiasRange, l.BiasSteps, c.BiasSteps))
	}
	s.gridOf = make([]int32, s.dim)
	for i := range s.gridOf {
		kind := int32(0)
		if s.isBias != nil && s.isBias[i] {
			kind = 1
		}
		g := kind
		if l := pl.Layer(i); l >= 0 && l < layers && block[l] != 0 {
			g = block[l] + kind
		}
		s.gridOf[i] = g
	}
	return nil
}

// makeGrid is a kind's candidates: the sorted, de-duplicated set when
// values is given, else the range's grid.
func makeGrid(values, r []float64, steps int) grid {
	if values != nil {
		v := slices.Clone(values)
		slices.Sort(v)
		return grid{values: slices.Compact(v), set: true}
	}
	return grid{values: Grid(r[0], r[1], steps)}
}

// layerGrid is a layer block's grid for one kind: base when the block says
// nothing about the kind, else its set or its range and steps, the one it
// leaves out taken from the optimizer's.
func layerGrid(base grid, values, r, defRange []float64, steps, defSteps int) grid {
	switch {
	case values != nil:
		return makeGrid(values, nil, 0)
	case r == nil && steps == 0:
		return base
	}
	if r == nil {
		r = defRange
	}
	if steps == 0 {
		steps = defSteps
	}
	return makeGrid(nil, r, steps)
}

func (s *Search) gridFor(i int) grid {
	switch {
	case s.gridOf != nil:
		return s.grids[s.gridOf[i]]
	case s.isBias != nil && s.isBias[i]:
		return s.grids[1]
	}
	return s.grids[0]
}

// inSet reports whether v is one of the sorted values.
func inSet(values []float64, v float64) bool {
	_, found := slices.BinarySearch(values, v)
	return found
}

// Step implements optimize.Method: one sweep over every parameter in index
// order. It returns Converged when the sweep improved the loss by less than
// Tolerance (if positive), IterationLimit after Iterations sweeps. A sweep
// that moved a parameter onto its candidate set from outside, or that
// followed a revival, may raise the loss and never counts as converged.
// A sweep over big data can take minutes, so it checks Env.Context before
// each parameter and returns the context's error once it is cancelled,
// leaving loc a valid point (every parameter so far set to its best value),
// and offers each such point to Env.Checkpoint.
//
// With batch_size, each block of parameters (BatchEvery) is chosen on a
// fresh minibatch drawn with Env.Rand: one Func call over the batch for
// the loss to beat, then each parameter's choice is the plain loop's on
// those rows, by the batch's own scorer. A choice may raise the full-data
// loss; the sweep ends with one full-data Func call for loc.F, and offers
// Env.Checkpoint only its progress (a nil Location), since loc.F is not
// known part-way. Tolerance then also stops a sweep that raised the loss.
func (s *Search) Step(loc *optimize.Location) (optimize.Status, error) {
	if s.p == nil {
		return optimize.Running, errors.New("search: Step before Init")
	}
	if len(loc.X) != s.dim {
		return optimize.Running, fmt.Errorf("search: location has %d parameters, the problem %d", len(loc.X), s.dim)
	}
	moved := false
	if s.dead != nil {
		if err := s.env.Err(); err != nil {
			return optimize.Running, fmt.Errorf("search: stopped before reviving dead units: %w", err)
		}
		moved = s.revive(loc)
	}
	before := loc.F
	// On the full data the choices are made on p and their loss is
	// loc.F's; with minibatches on the block's batch, whose loss at loc.X
	// is f's, while loc.F waits for the sweep's end. A chooser's choices
	// leave the loss unknown (unknown) until the runner gives it for a
	// point it records (Env.PointLoss) or KnownLoss is asked: before a
	// visit that needs it, at a stop and at the sweep's end.
	p, sc, exact, f := s.p, s.scorer, s.exact, loc.F
	chooser := s.chooser
	if chooser != nil && !chooser.ChoosesCoordinates() {
		chooser = nil
	}
	unknown := false
	learn := func() {
		if unknown {
			loc.F = chooser.KnownLoss(loc.X)
			f, unknown = loc.F, false
		}
	}
	for i := range loc.X {
		if err := s.env.Err(); err != nil {
			learn()
			return optimize.Running, fmt.Errorf("search: stopped at %d of %d parameters: %w", i, s.dim, err)
		}
		if s.mini != nil && s.mini.startsBlock(i) {
			p = s.mini.draw(s.env.Rand)
			sc, exact = s.scorerOf(p)
			f = p.Func(loc.X)
		}
		g := s.gridFor(i)
		off := g.set && !inSet(g.values, loc.X[i])
		choose := chooser != nil && !off
		if !choose {
			learn()
		}
		w, fw := loc.X[i], f
		if off {
			// The current value is not a candidate: start from the set's
			// first value with no loss to beat, which keeps an exact
			// scorer's promise about the set's own minimum.
			loc.X[i], f, moved = g.values[0], math.Inf(1), true
		}
		switch {
		case choose:
			k, fk, known := chooser.ChooseCoordinate(s.losses, loc.X, i, g.values)
			if k >= 0 {
				loc.X[i] = g.values[k]
			}
			if known {
				f, unknown = fk, false
			} else if k >= 0 {
				unknown = true
			}
		case exact:
			f = CoordinateExact(sc, loc.X, i, f, g.values, s.losses)
		case sc != nil:
			f = CoordinateScored(sc, loc.X, i, f, g.values, s.losses)
		default:
			f = Coordinate(p, loc.X, i, f, g.values)
		}
		if s.env.Refused() {
			// A budget refused some of this parameter's candidates (or
			// the batch's loss), so the choice among the others need not
			// be the plain loop's: the parameter keeps its value, and its
			// progress is not counted.
			loc.X[i] = w
			if s.mini == nil {
				loc.F = fw
				learn()
			}
			return optimize.Running, fmt.Errorf("search: stopped at %d of %d parameters: %w", i, s.dim, s.env.Err())
		}
		if off && math.IsInf(f, 1) {
			// No value of the set has a finite loss: x[i] is the set's
			// first, whose loss is evaluated once more to be exact.
			f = p.Func(loc.X)
		}
		known := s.mini == nil && !unknown
		if known {
			loc.F = f
		}
		if unknown && s.env.PointLoss != nil && i+1 < s.dim {
			// A point is due: the runner's own loss, not a refresh of
			// ours that only the history would need.
			if l, due := s.env.PointLoss(loc.X); due {
				loc.F, f, unknown, known = l, l, false, true
			}
		}
		s.env.Progress(loc, i+1, s.dim, known)
	}
	if s.mini != nil {
		// Not left to the runner (optimize.LeavesLoss) even without a
		// tolerance: this pass also catches the objective's cache of the
		// first layer up after the sweep's last block, the biases, moved
		// every unit at once, and the next sweep's batches read it. Left
		// to the runner, each of them computed its whole first layer on
		// its own rows instead: fashion_mnist.hcl's sweeps 2 and 3 cost
		// 11.8 and 11.2 passes against 8.8 and 8.2 with it, whose loss is
		// itself about 1% of a pass (the layers after the first).
		loc.F = s.p.Func(loc.X)
	}
	learn()
	s.sweeps++
	switch {
	case !moved && s.cfg.Tolerance > 0 && before-loc.F < s.cfg.Tolerance:
		return optimize.Converged, nil
	case s.sweeps >= s.cfg.Iterations:
		return optimize.IterationLimit, nil
	}
	return optimize.Running, nil
}

// scorerOf is p's coordinate scorer, and whether it is exact, as Init
// finds them; none when plain.
func (s *Search) scorerOf(p optimize.Problem) (optimize.CoordinateScorer, bool) {
	if s.cfg.Plain {
		return nil, false
	}
	sc, _ := p.(optimize.CoordinateScorer)
	es, ok := p.(optimize.ExactCoordinateScorer)
	return sc, ok && es.ScoresExactMinimum()
}

// revive re-draws the incoming weights and bias of every dead unit from
// U(±1/sqrt(fan_in)), PyTorch nn.Linear's default initialisation, with
// Env.Rand (weights in order, then the bias, unit after unit), and sets
// loc.F to the loss there. It reports whether any unit was revived.
func (s *Search) revive(loc *optimize.Location) bool {
	units := s.dead.DeadUnits(loc.X)
	if len(units) == 0 {
		return false
	}
	rng := s.env.Rand
	for _, u := range units {
		bound := 1 / math.Sqrt(float64(u.FanIn))
		for k := range u.FanIn {
			loc.X[u.Weights+k] = -bound + 2*bound*rng.Float64()
		}
		loc.X[u.Bias] = -bound + 2*bound*rng.Float64()
	}
	s.revivals += len(units)
	loc.F = s.p.Func(loc.X)
	return true
}
