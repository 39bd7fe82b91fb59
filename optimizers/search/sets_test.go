package search_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimize/optimizetest"
	"github.com/nnexp/nnexp/optimizers/search"
	"github.com/nnexp/nnexp/registry"
)

// A hand-checked set: f = (x0 - 0.4)² + (x1 + 2)² from (0.4, -2), the
// minimum, with weight_values {1, -1, 0, 1} (unsorted, a duplicate). The
// start is not on the set, so the first sweep must leave it: x0 goes to 0
// (0.16 beats 0.36 and 1.96) and x1 to -1 (1 beats 4 and 9), and the loss
// rises from 0 to 1.16. The second sweep keeps (0, -1).
func TestSetHandChecked(t *testing.T) {
	f := func(x []float64) float64 { return (x[0]-0.4)*(x[0]-0.4) + (x[1]+2)*(x[1]+2) }
	p := &counting{n: 2, f: f}
	cfg := search.Config{WeightValues: []float64{1, -1, 0, 1}, Iterations: 5, Tolerance: 1e-9}
	m, loc := start(t, cfg, p, []float64{0.4, -2})
	if loc.F != 0 {
		t.Fatalf("start loss %v", loc.F)
	}
	p.calls = 0
	if s := step(t, m, loc); s != optimize.Running {
		t.Fatalf("first sweep returned %v: a sweep onto the set must not count as converged", s)
	}
	if !slices.Equal(loc.X, []float64{0, -1}) || loc.F != f([]float64{0, -1}) {
		t.Fatalf("after one sweep x=%v F=%v, want (0, -1) and F=%v", loc.X, loc.F, f([]float64{0, -1}))
	}
	if p.calls != 6 {
		t.Errorf("first sweep made %d Func calls, want 6 (3 values, 2 parameters)", p.calls)
	}
	if s := step(t, m, loc); s != optimize.Converged || !slices.Equal(loc.X, []float64{0, -1}) {
		t.Errorf("second sweep: %v x=%v, want converged at (0, -1)", s, loc.X)
	}
}

// Ties within a set go to the lowest value, as on a grid; a current value
// on the set wins ties as before.
func TestSetTies(t *testing.T) {
	sq := func(x []float64) float64 { return x[0] * x[0] }
	m, loc := start(t, search.Config{WeightValues: []float64{2, 1, -1}, Iterations: 1}, optimize.Func{N: 1, F: sq}, []float64{0})
	step(t, m, loc)
	if loc.X[0] != -1 || loc.F != 1 {
		t.Errorf("off-set start: x=%v F=%v, want -1 and 1", loc.X[0], loc.F)
	}
	m, loc = start(t, search.Config{WeightValues: []float64{2, 1, -1}, Iterations: 1}, optimize.Func{N: 1, F: sq}, []float64{1})
	step(t, m, loc)
	if loc.X[0] != 1 {
		t.Errorf("on-set start 1: moved to %v, want to stay (the current value wins ties)", loc.X[0])
	}
}

// A set none of whose values has a finite loss still moves the parameter
// onto it (its first value), with loc.F that value's exact loss.
func TestSetWithNoFiniteValue(t *testing.T) {
	f := func(x []float64) float64 {
		if x[0] >= 1 {
			return math.NaN()
		}
		return x[0]
	}
	m, loc := start(t, search.Config{WeightValues: []float64{1, 2}, Iterations: 1}, optimize.Func{N: 1, F: f}, []float64{0})
	step(t, m, loc)
	if loc.X[0] != 1 || !math.IsNaN(loc.F) {
		t.Errorf("x=%v F=%v, want 1 and NaN", loc.X[0], loc.F)
	}
}

// With sets, the scorer path (noisy scores, rescored near-ties) makes the
// plain path's choices, every parameter ends on its set, and after the
// first sweep the loss never increases.
func TestSetsScorerMakesThePlainChoices(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	for trial := range 50 {
		n := 1 + rng.IntN(4)
		c := make([]float64, n)
		for i := range c {
			c[i] = rng.Float64()*4 - 2
		}
		f := func(x []float64) float64 {
			s := 0.0
			for i, v := range x {
				s += math.Round(4*(v-c[i])*(v-c[i])) / 4
			}
			if x[0] > 2.5 {
				return math.NaN()
			}
			return s
		}
		x0 := make([]float64, n)
		for i := range x0 {
			x0[i] = rng.Float64()*6 - 3
		}
		set := make([]float64, 1+rng.IntN(8))
		for k := range set {
			set[k] = math.Round(rng.Float64()*12-6) / 2
		}
		cfg := search.Config{WeightValues: set, Iterations: 3}
		plain := &counting{n: n, f: f}
		m, want := start(t, cfg, plain, slices.Clone(x0))
		fast := &scorer{counting: counting{n: n, f: f}, noise: func() float64 { return rng.Float64()*2 - 1 }}
		mf, got := start(t, cfg, fast, slices.Clone(x0))
		for sweep := range 3 {
			before := want.F
			step(t, m, want)
			step(t, mf, got)
			if !slices.Equal(got.X, want.X) || math.Float64bits(got.F) != math.Float64bits(want.F) {
				t.Fatalf("trial %d sweep %d: scorer path x=%v F=%v, plain x=%v F=%v", trial, sweep, got.X, got.F, want.X, want.F)
			}
			if f := f(want.X); math.Float64bits(f) != math.Float64bits(want.F) {
				t.Fatalf("trial %d: loc.F = %v, f(loc.X) = %v", trial, want.F, f)
			}
			for _, v := range want.X {
				if !slices.Contains(set, v) {
					t.Fatalf("trial %d sweep %d: x=%v leaves the set %v", trial, sweep, want.X, set)
				}
			}
			if sweep > 0 && finite(before) && !(want.F <= before) {
				t.Fatalf("trial %d sweep %d: loss rose from %v to %v on the set", trial, sweep, before, want.F)
			}
		}
	}
}

// hideExact offers an objective's scorer without its exactness promise, so
// that search takes the rescoring path on a real model.
type hideExact struct {
	optimize.CoordinateScorer
	optimize.ParameterKinds
	optimize.ParameterLayers
}

// On an MLP, sets and a layer block give identical choices, losses and (for
// the exact path) evaluation counts on the plain, exact and rescoring paths.
func TestSetsFastSearchMatchesPlainOnMLP(t *testing.T) {
	cfg := search.Config{
		WeightValues: []float64{-2, -1, -0.5, 0, 0.5, 1, 2, 3}, BiasValues: []float64{-3, 0, 3}, Iterations: 4,
		Layers: []search.LayerGrid{
			{Index: 1, WeightRange: []float64{-1, 1}, WeightSteps: 9},
			{Index: 2, BiasValues: []float64{-1, 1}},
			{Index: 0, WeightValues: []float64{0.75, -0.75}, BiasValues: []float64{4}},
		},
	}
	plainCfg := cfg
	plainCfg.Plain = true
	for _, c := range []struct {
		name string
		act  nn.Activation
		loss nn.Loss
	}{
		{"relu/mse", activations.ReLU, losses.MSE{}}, {"tanh/mae", activations.Tanh, losses.MAE{}},
		{"relu/cross_entropy", activations.ReLU, losses.CrossEntropy{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			o, x := mlpCase(5, c.act, c.loss, 60)
			wantH, wantX, wantE := sweepHistory(t, plainCfg, o, x, 4)
			for k := 1; k < len(wantH); k++ {
				if !(wantH[k] <= wantH[k-1]) {
					t.Fatalf("sweep %d raised the loss on the set: %v", k, wantH)
				}
			}
			o, x = mlpCase(5, c.act, c.loss, 60)
			gotH, gotX, gotE := sweepHistory(t, cfg, o, x, 4)
			if !bitsEqual(gotH, wantH) || !bitsEqual(gotX, wantX) || gotE != wantE {
				t.Fatalf("exact path: history %v evals %d; plain %v evals %d", gotH, gotE, wantH, wantE)
			}
			o, x = mlpCase(5, c.act, c.loss, 60)
			p := o.Problem()
			hp := hideExact{p.(optimize.CoordinateScorer), p.(optimize.ParameterKinds), p.(optimize.ParameterLayers)}
			loc := &optimize.Location{X: slices.Clone(x), F: hp.Func(x)}
			m := cfg.Method()
			if err := m.Init(hp, loc, optimize.Env{}); err != nil {
				t.Fatal(err)
			}
			for k := range 4 {
				if _, err := m.Step(loc); err != nil {
					t.Fatal(err)
				}
				if math.Float64bits(loc.F) != math.Float64bits(wantH[k]) {
					t.Fatalf("rescoring path sweep %d: F=%v, plain %v", k, loc.F, wantH[k])
				}
			}
			if !bitsEqual(loc.X, wantX) {
				t.Fatalf("rescoring path x differs from plain")
			}
			// Each layer's parameters hold only its set's values, or its
			// grid's values or their start.
			weights := []float64{-2, -1, -0.5, 0, 0.5, 1, 2, 3}
			for i, v := range wantX {
				var allowed []float64
				switch l, b := o.Layer(i), o.IsBias(i); {
				case l == 1 && !b:
					allowed = append(search.Grid(-1, 1, 9), x[i])
				case l == 0 && !b:
					allowed = []float64{-0.75, 0.75}
				case l == 0 && b:
					allowed = []float64{4}
				case l == 2 && b:
					allowed = []float64{-1, 1}
				case b:
					allowed = []float64{-3, 0, 3}
				default:
					allowed = weights
				}
				if !slices.Contains(allowed, v) {
					t.Fatalf("%s = %v is not one of %v", o.Model.ParamName(i), v, allowed)
				}
			}
		})
	}
}

// Sets keep the optimize contract on each path.
func TestSetsConformance(t *testing.T) {
	set := search.Config{WeightValues: []float64{-1, -0.5, 0, 0.5, 1}, BiasValues: []float64{-0.25, 0.25}}
	plain := set
	plain.Plain = true
	for _, c := range []struct {
		name string
		cfg  search.Config
		opt  optimizetest.Options
	}{
		{"scored", set, optimizetest.Options{}},
		{"exact scores", set, optimizetest.Options{Problem: optimizetest.Problem{ExactScores: true}}},
		{"plain", plain, optimizetest.Options{}},
		{"cancelled mid-sweep", plain, optimizetest.Options{CancelStep: 2, CancelAt: 3, CancelWithin: 5}},
	} {
		if err := optimizetest.TestMethod(c.cfg.Method, c.opt); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

func TestSetAndLayerValidate(t *testing.T) {
	cases := []struct {
		edit    func(*search.Config)
		setting string
		want    string
	}{
		{func(c *search.Config) { c.WeightValues, c.WeightRange = []float64{0, 1}, []float64{-1, 1} }, "weight_values",
			"weight_values: weight_values and weight_range: give a set or a range and steps, not both"},
		{func(c *search.Config) { c.BiasValues, c.BiasSteps = []float64{0, 1}, 7 }, "bias_values",
			"bias_values: bias_values and bias_steps: give a set or a range and steps, not both"},
		{func(c *search.Config) { c.WeightValues = []float64{} }, "weight_values",
			"weight_values: must list at least one value"},
		{func(c *search.Config) { c.BiasValues = []float64{0, math.Inf(1)} }, "bias_values",
			"bias_values: values must be finite, got +Inf"},
		{func(c *search.Config) { c.WeightValues = make([]float64, search.MaxValues+1) }, "weight_values",
			"weight_values: must list at most 100000 values, got 100001"},
		{func(c *search.Config) { c.WeightRange = []float64{-1e308, 1e308} }, "weight_range",
			"weight_range: hi - lo must be a finite number, got [-1e+308, 1e+308]"},
		{func(c *search.Config) { c.Layers = []search.LayerGrid{{Index: -1}} }, "layer[0].index",
			"layer[0].index: must be >= 0 (0 is the first linear layer), got -1"},
		{func(c *search.Config) { c.Layers = []search.LayerGrid{{Index: 1}, {Index: 1}} }, "layer[1].index",
			"layer[1].index: layer 1 has two layer blocks"},
		{func(c *search.Config) {
			c.Layers = []search.LayerGrid{{Index: 0, WeightValues: []float64{1}, WeightSteps: 3}}
		}, "layer[0].weight_values",
			"layer[0].weight_values: layer 0: weight_values and weight_range or weight_steps: give a set or a range and steps, not both"},
		{func(c *search.Config) { c.Layers = []search.LayerGrid{{Index: 0, BiasRange: []float64{1, 0}}} }, "layer[0].bias_range",
			"layer[0].bias_range: lo must be less than hi, got [1, 0]"},
		{func(c *search.Config) { c.Layers = []search.LayerGrid{{Index: 2, WeightSteps: 1}} }, "layer[0].weight_steps",
			"layer[0].weight_steps: must be from 2 to 1000000, got 1"},
	}
	for _, c := range cases {
		cfg := search.DefaultConfig()
		c.edit(&cfg)
		err := cfg.Validate()
		var se *registry.SettingError
		if !errors.As(err, &se) {
			t.Errorf("%s: Validate() = %v, want a *registry.SettingError", c.setting, err)
			continue
		}
		if se.Setting != c.setting || err.Error() != c.want {
			t.Errorf("Validate() = %q (setting %q), want %q", err, se.Setting, c.want)
		}
	}
	ok := search.DefaultConfig()
	ok.WeightValues, ok.BiasValues = []float64{-1, 0, 1}, []float64{0}
	ok.Layers = []search.LayerGrid{{Index: 0, WeightValues: []float64{2}}, {Index: 3, BiasRange: []float64{-1, 1}}}
	if err := ok.Validate(); err != nil {
		t.Errorf("Validate(sets, layers) = %v, want nil", err)
	}
}

// Layer blocks need the parameters' layers; an index past the model's
// layers is reported at Init.
func TestLayerInitErrors(t *testing.T) {
	cfg := search.Config{Layers: []search.LayerGrid{{Index: 0, WeightSteps: 3}}}
	err := cfg.Method().Init(optimize.Func{N: 2, F: sumSquares}, &optimize.Location{X: []float64{0, 0}}, optimize.Env{})
	if err == nil || !strings.Contains(err.Error(), "optimize.ParameterLayers") {
		t.Errorf("layer block on a black box: %v", err)
	}
	o, x := mlpCase(1, activations.ReLU, losses.MSE{}, 10)
	cfg.Layers[0].Index = 3
	err = cfg.Method().Init(o.Problem(), &optimize.Location{X: x, F: o.Func(x)}, optimize.Env{})
	if err == nil || err.Error() != "search: layer block index 3, but the model has layers 0 to 2" {
		t.Errorf("layer block 3 on a 3-layer model: %v", err)
	}
}
