package hybrid_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/adam"
	"github.com/nnexp/nnexp/optimizers/hybrid"
	"github.com/nnexp/nnexp/optimizers/search"
	"github.com/nnexp/nnexp/registry"
)

// bowl is (x0-0.3)^2 + (x1+0.7)^2; it counts loss and gradient calls.
type bowl struct{ funcs, grads int }

func (b *bowl) Dim() int { return 2 }

func (b *bowl) Func(x []float64) float64 {
	b.funcs++
	return (x[0]-0.3)*(x[0]-0.3) + (x[1]+0.7)*(x[1]+0.7)
}

func (b *bowl) Grad(grad, x []float64) float64 {
	b.grads++
	grad[0], grad[1] = 2*(x[0]-0.3), 2*(x[1]+0.7)
	return (x[0]-0.3)*(x[0]-0.3) + (x[1]+0.7)*(x[1]+0.7)
}

// config is a 2-sweep search on the grid -1, -0.5, 0, 0.5, 1 without early
// stopping, then 3 full-batch Adam epochs with lr 0.05.
func config() hybrid.Config {
	c := hybrid.DefaultConfig()
	c.Search.WeightRange, c.Search.BiasRange = []float64{-1, 1}, []float64{-1, 1}
	c.Search.WeightSteps, c.Search.BiasSteps = 5, 5
	c.Search.Iterations, c.Search.Tolerance = 2, 0
	c.Adam.Epochs, c.Adam.LearningRate = 3, 0.05
	return c
}

func TestStages(t *testing.T) {
	h := config().Method().(*hybrid.Hybrid)
	a, b := h.Stages(), h.Stages()
	if len(a) != 2 || a[0].Name != "search" || a[1].Name != "adam" {
		t.Fatalf("Stages() = %+v, want search then adam", a)
	}
	if _, ok := a[0].Method.(*search.Search); !ok {
		t.Errorf("stage search is a %T", a[0].Method)
	}
	if _, ok := a[1].Method.(*adam.Adam); !ok {
		t.Errorf("stage adam is a %T", a[1].Method)
	}
	for i := range a {
		if a[i].Method == b[i].Method {
			t.Errorf("two Stages() calls share the %s method", a[i].Name)
		}
	}
}

// TestPlainMethod runs the hybrid as one Method and checks it against the
// two stages run by hand: 2 search sweeps, then 3 Adam epochs from the
// search's end, with no step in between.
func TestPlainMethod(t *testing.T) {
	cfg := config()
	p := &bowl{}
	m := cfg.Method()
	h := m.(*hybrid.Hybrid)
	if h.CurrentStage() != "" {
		t.Errorf("CurrentStage before Init = %q", h.CurrentStage())
	}
	loc := &optimize.Location{X: []float64{0, 0}, F: p.Func([]float64{0, 0})}
	if err := m.Init(p, loc, optimize.Env{}); err != nil {
		t.Fatal(err)
	}
	var stages []string
	var fs []float64
	status := optimize.Running
	for status == optimize.Running {
		stages = append(stages, h.CurrentStage())
		var err error
		if status, err = m.Step(loc); err != nil {
			t.Fatal(err)
		}
		fs = append(fs, loc.F)
		if len(stages) > 100 {
			t.Fatal("hybrid does not stop")
		}
	}
	if want := []string{"search", "search", "adam", "adam", "adam"}; !slices.Equal(stages, want) {
		t.Fatalf("steps ran stages %v, want %v", stages, want)
	}
	if status != optimize.IterationLimit {
		t.Errorf("final status %v, want Adam's %v", status, optimize.IterationLimit)
	}
	if p.grads != 3 {
		t.Errorf("%d gradient calls, want 3 (Adam epochs only)", p.grads)
	}
	if fs[4] > fs[1] {
		t.Errorf("final loss %v is above the search's %v", fs[4], fs[1])
	}
	if f := (&bowl{}).Func(loc.X); loc.F != f {
		t.Errorf("loc.F = %v, loss at loc.X = %v", loc.F, f)
	}

	// The same stages by hand.
	q := &bowl{}
	want := &optimize.Location{X: []float64{0, 0}, F: q.Func([]float64{0, 0})}
	for _, st := range cfg.Method().(*hybrid.Hybrid).Stages() {
		if err := st.Method.Init(q, want, optimize.Env{}); err != nil {
			t.Fatal(err)
		}
		for s := optimize.Running; s == optimize.Running; {
			var err error
			if s, err = st.Method.Step(want); err != nil {
				t.Fatal(err)
			}
		}
		if st.Name == "search" && !slices.Equal(want.X, []float64{0.5, -0.5}) {
			t.Errorf("search stage ended at %v, want the grid optimum [0.5 -0.5]", want.X)
		}
	}
	if !slices.Equal(loc.X, want.X) || loc.F != want.F {
		t.Errorf("hybrid ended at %v (F %v), the stages by hand at %v (F %v)", loc.X, loc.F, want.X, want.F)
	}
}

func TestConvergedSearchHandsOver(t *testing.T) {
	// With a tolerance, the search converges on its second sweep (the
	// first already reaches the grid optimum), and Adam takes over at once.
	cfg := config()
	cfg.Search.Iterations, cfg.Search.Tolerance = 30, 1e-9
	p := &bowl{}
	m := cfg.Method()
	loc := &optimize.Location{X: []float64{0, 0}, F: p.Func([]float64{0, 0})}
	if err := m.Init(p, loc, optimize.Env{}); err != nil {
		t.Fatal(err)
	}
	n := 0
	for s := optimize.Running; s == optimize.Running; n++ {
		var err error
		if s, err = m.Step(loc); err != nil {
			t.Fatal(err)
		}
		if n > 100 {
			t.Fatal("hybrid does not stop")
		}
	}
	if n != 2+3 {
		t.Errorf("%d steps, want 2 search sweeps + 3 Adam epochs", n)
	}
}

func TestInitFailsBeforeSearch(t *testing.T) {
	var calls int
	p := optimize.Func{N: 2, F: func(x []float64) float64 { calls++; return x[0] * x[1] }}
	cases := []struct {
		name string
		cfg  func() hybrid.Config
		p    optimize.Problem
		want string
	}{
		{"not differentiable", config, p, "hybrid: adam: needs a differentiable"},
		{"batches without rows", func() hybrid.Config { c := config(); c.Adam.BatchSize = 4; return c }, &bowl{}, "hybrid: adam: batch_size 4"},
		{"bad adam setting", func() hybrid.Config { c := config(); c.Adam.LearningRate = -1; return c }, &bowl{}, "hybrid: adam: learning_rate"},
		{"bad search setting", func() hybrid.Config { c := config(); c.Search.WeightSteps = 1; return c }, &bowl{}, "hybrid: search: weight_steps"},
		{"nil problem", config, nil, "hybrid: no problem"},
	}
	for _, c := range cases {
		calls = 0
		m := c.cfg().Method()
		loc := &optimize.Location{X: []float64{0, 0}}
		err := m.Init(c.p, loc, optimize.Env{})
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: Init error %v, want one starting %q", c.name, err, c.want)
		}
		if calls != 0 {
			t.Errorf("%s: %d loss evaluations before the error", c.name, calls)
		}
		if _, err := m.Step(loc); err == nil {
			t.Errorf("%s: Step after a failed Init did not fail", c.name)
		}
	}
}

func TestStepBeforeInit(t *testing.T) {
	if _, err := config().Method().Step(&optimize.Location{X: []float64{0, 0}}); err == nil {
		t.Error("Step before Init did not fail")
	}
}

func TestValidateNamesNestedSetting(t *testing.T) {
	f := 1.0
	cases := []struct {
		setting string
		edit    func(c *hybrid.Config)
	}{
		{"search.weight_steps", func(c *hybrid.Config) { c.Search.WeightSteps = 1 }},
		{"search.bias_range", func(c *hybrid.Config) { c.Search.BiasRange = []float64{1, 1} }},
		{"adam.learning_rate", func(c *hybrid.Config) { c.Adam.LearningRate = 0 }},
		{"adam.plateau.factor", func(c *hybrid.Config) { c.Adam.Plateau = &adam.Plateau{Factor: &f} }},
	}
	for _, c := range cases {
		cfg := hybrid.DefaultConfig()
		c.edit(&cfg)
		err := cfg.Validate()
		var se *registry.SettingError
		if !errors.As(err, &se) || se.Setting != c.setting {
			t.Errorf("Validate = %v, want a SettingError on %s", err, c.setting)
			continue
		}
		if !strings.HasPrefix(err.Error(), c.setting+": ") {
			t.Errorf("message %q does not start with the setting", err)
		}
	}
	if err := hybrid.DefaultConfig().Validate(); err != nil {
		t.Errorf("defaults do not validate: %v", err)
	}
}

func TestRegistered(t *testing.T) {
	o, err := registry.LookupOptimizer("hybrid")
	if err != nil {
		t.Fatal(err)
	}
	c, ok := o.New().(*hybrid.Config)
	if !ok {
		t.Fatalf("New() is a %T", o.New())
	}
	if c.Search.Iterations != search.DefaultConfig().Iterations || c.Adam.Epochs != adam.DefaultConfig().Epochs {
		t.Errorf("New() = %+v, want each stage's defaults", *c)
	}
	if !c.UsesGradient() {
		t.Error("hybrid does not report that it uses a gradient")
	}
}
