package adam_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/adam"
	"github.com/nnexp/nnexp/optimizers/internal/methodtest"
	"github.com/nnexp/nnexp/registry"
)

// bowl is f(x) = 0.5*(x0-3)^2 + 2*x1^2, with gradient (x0-3, 4*x1). It
// counts gradient calls.
type bowl struct{ grads int }

func (b *bowl) Dim() int { return 2 }

func (b *bowl) Func(x []float64) float64 {
	return 0.5*(x[0]-3)*(x[0]-3) + 2*x[1]*x[1]
}

func (b *bowl) Grad(grad, x []float64) float64 {
	b.grads++
	grad[0], grad[1] = x[0]-3, 4*x[1]
	return b.Func(x)
}

// start initialises a method on p at x.
func start(t *testing.T, m optimize.Method, p optimize.Problem, x []float64, env optimize.Env) *optimize.Location {
	t.Helper()
	loc := &optimize.Location{X: x, F: p.Func(x)}
	if err := m.Init(p, loc, env); err != nil {
		t.Fatal(err)
	}
	return loc
}

// step takes one Step as the runner does (methodtest.Step): without a
// plateau schedule the method leaves the loss, must not evaluate it, and
// is given p's; with one it sets loc.F itself, which its tests check, and
// p is not called here, so that a scripted loss keeps its order.
func step(t *testing.T, m optimize.Method, p optimize.Problem, loc *optimize.Location) optimize.Status {
	t.Helper()
	s, err := methodtest.Step(m, loc, p.Func)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestHandComputedSteps checks three full-batch updates from (0, 1) with
// lr 0.1, betas (0.9, 0.999), eps 1e-8 against values computed by hand
// (in 50-digit decimal arithmetic) with torch.optim.Adam's formulas:
//
//	m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g²
//	x -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)
//
// t=1: g = (-3, 4); m = (-0.3, 0.4); v = (0.009, 0.016); lr/bc1 = 0.1/0.1 = 1
// and sqrt(v)/sqrt(0.001) = (3, 4), so each coordinate moves by
// lr*sign(g) shrunk by eps: x0 = 0.3/(3+1e-8) = 0.0999999996666666678,
// x1 = 1 - 0.4/(4+1e-8) = 0.900000000249999999.
//
// t=2: g = (-2.90000000033333333, 3.60000000099999999);
// m = (-0.560000000033333333, 0.720000000099999999);
// v = (0.0174010000019333333, 0.0289440000071999999); bc1 = 0.19,
// bc2 = 0.001999; x = (0.199897292249448844, 0.800412228181519518).
//
// t=3: g = (-2.80010270775055116, 3.20164891272607807);
// m = (-0.784010270805055115, 0.968164891362607807);
// v = (0.0252241741758833685, 0.0391656117675528779); bc1 = 0.271,
// bc2 = 0.002997001; x = (0.299618476042176403, 0.701586272166837204).
func TestHandComputedSteps(t *testing.T) {
	cfg := adam.DefaultConfig()
	cfg.LearningRate = 0.1
	cfg.Epochs = 10
	m := cfg.Method()
	p := &bowl{}
	loc := start(t, m, p, []float64{0, 1}, optimize.Env{})
	want := [][2]float64{
		{0.0999999996666666678, 0.900000000249999999},
		{0.199897292249448844, 0.800412228181519518},
		{0.299618476042176403, 0.701586272166837204},
	}
	for i, w := range want {
		if s := step(t, m, p, loc); s != optimize.Running {
			t.Fatalf("step %d: status %v, want running", i+1, s)
		}
		for j := range w {
			if math.Abs(loc.X[j]-w[j]) > 1e-12 {
				t.Errorf("step %d: x[%d] = %.17g, want %.17g", i+1, j, loc.X[j], w[j])
			}
		}
		if f := p.Func(loc.X); loc.F != f {
			t.Errorf("step %d: loc.F = %v, Func(loc.X) = %v", i+1, loc.F, f)
		}
	}
	if p.grads != 3 {
		t.Errorf("%d gradient calls for 3 full-batch epochs, want 3", p.grads)
	}
}

// TestFirstStepIsLearningRate checks the property behind the first hand
// step: whatever the gradient's size, the first update moves each
// coordinate with a nonzero gradient by lr against its sign (up to eps),
// and leaves a coordinate with zero gradient where it is.
func TestFirstStepIsLearningRate(t *testing.T) {
	grads := []float64{1e-3, -250, 7, 0}
	p := optimize.FuncGrad{
		N: len(grads),
		F: func(x []float64) float64 { return 0 },
		G: func(grad, x []float64) float64 { copy(grad, grads); return 0 },
	}
	cfg := adam.DefaultConfig()
	cfg.LearningRate = 0.05
	m := cfg.Method()
	loc := start(t, m, p, make([]float64, len(grads)), optimize.Env{})
	step(t, m, p, loc)
	for j, g := range grads {
		want := 0.0
		if g != 0 {
			want = -0.05 * math.Copysign(1, g)
		}
		// eps relative to |g| is at most 1e-5 here.
		if math.Abs(loc.X[j]-want) > 1e-6 {
			t.Errorf("x[%d] = %v after one step with gradient %v, want about %v", j, loc.X[j], g, want)
		}
	}
}

func TestEpochsLimit(t *testing.T) {
	for _, epochs := range []int{1, 2, 7} {
		cfg := adam.DefaultConfig()
		cfg.Epochs = epochs
		m := cfg.Method()
		p := &bowl{}
		loc := start(t, m, p, []float64{0, 1}, optimize.Env{})
		for i := 1; i <= epochs; i++ {
			s := step(t, m, p, loc)
			want := optimize.Running
			if i == epochs {
				want = optimize.IterationLimit
			}
			if s != want {
				t.Fatalf("epochs %d: step %d returned %v, want %v", epochs, i, s, want)
			}
		}
		if p.grads != epochs {
			t.Errorf("epochs %d: %d gradient calls", epochs, p.grads)
		}
	}
}

func TestZeroFieldsTakeDefaults(t *testing.T) {
	// Beta1, Beta2 and BatchSize are used as they are; the others default.
	cfg := adam.Config{Beta1: 0.9, Beta2: 0.999}
	m := cfg.Method()
	p := &bowl{}
	loc := start(t, m, p, []float64{0, 1}, optimize.Env{})
	if lr := m.(*adam.Adam).LearningRate(); lr != 1e-3 {
		t.Errorf("learning rate %v, want the default 1e-3", lr)
	}
	n := 0
	for s := optimize.Running; s == optimize.Running; n++ {
		s = step(t, m, p, loc)
	}
	if n != 30 {
		t.Errorf("%d epochs, want the default 30", n)
	}
}

func TestInitErrors(t *testing.T) {
	sq := func(x []float64) float64 { return x[0] * x[0] }
	cases := []struct {
		name string
		cfg  adam.Config
		p    optimize.Problem
		x    []float64
		env  optimize.Env
		want string
	}{
		{"not differentiable", adam.DefaultConfig(), optimize.Func{N: 1, F: sq}, []float64{1}, optimize.Env{}, "adam: needs a differentiable"},
		{"nil problem", adam.DefaultConfig(), nil, []float64{1}, optimize.Env{}, "adam: no problem"},
		{"wrong length", adam.DefaultConfig(), &bowl{}, []float64{1}, optimize.Env{}, "adam: start has 1 parameters"},
		{"batches without rows", adam.Config{Beta1: 0.9, Beta2: 0.999, BatchSize: 2}, &bowl{}, []float64{1, 1}, optimize.Env{}, "adam: batch_size 2 needs"},
		{"batches without rand", adam.Config{Beta1: 0.9, Beta2: 0.999, BatchSize: 2}, newRecorder(5), make([]float64, 1), optimize.Env{}, "adam: minibatches need a random source"},
		{"bad setting", adam.Config{LearningRate: -1}, &bowl{}, []float64{1, 1}, optimize.Env{}, "adam: learning_rate: "},
	}
	for _, c := range cases {
		m := c.cfg.Method()
		loc := &optimize.Location{X: c.x}
		err := m.Init(c.p, loc, c.env)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: Init error %v, want one starting %q", c.name, err, c.want)
		}
	}
	var se *registry.SettingError
	err := adam.Config{LearningRate: -1}.Method().Init(&bowl{}, &optimize.Location{X: []float64{1, 1}}, optimize.Env{})
	if !errors.As(err, &se) || se.Setting != "learning_rate" {
		t.Errorf("Init error %v does not wrap a SettingError on learning_rate", err)
	}
}

func TestStepBeforeInit(t *testing.T) {
	m := adam.DefaultConfig().Method()
	if _, err := m.Step(&optimize.Location{X: []float64{1}}); err == nil {
		t.Error("Step before Init did not fail")
	}
}

func TestCheckProblem(t *testing.T) {
	sq := optimize.Func{N: 1, F: func(x []float64) float64 { return x[0] * x[0] }}
	if err := adam.DefaultConfig().CheckProblem(sq); err == nil || !strings.HasPrefix(err.Error(), "adam: ") {
		t.Errorf("CheckProblem(non-differentiable) = %v", err)
	}
	if err := adam.DefaultConfig().CheckProblem(&bowl{}); err != nil {
		t.Errorf("CheckProblem(differentiable) = %v", err)
	}
	// Settings Init would reject are reported too.
	bad := adam.DefaultConfig()
	bad.Beta2 = 1
	if err := bad.CheckProblem(&bowl{}); err == nil || !strings.Contains(err.Error(), "beta2") {
		t.Errorf("CheckProblem with beta2 1 = %v, want an error naming beta2", err)
	}
}

func ptr[T any](v T) *T { return &v }

func TestValidate(t *testing.T) {
	cases := []struct {
		setting string
		edit    func(c *adam.Config)
	}{
		{"learning_rate", func(c *adam.Config) { c.LearningRate = 0 }},
		{"learning_rate", func(c *adam.Config) { c.LearningRate = math.NaN() }},
		{"learning_rate", func(c *adam.Config) { c.LearningRate = math.Inf(1) }},
		{"beta1", func(c *adam.Config) { c.Beta1 = 1 }},
		{"beta1", func(c *adam.Config) { c.Beta1 = -0.1 }},
		{"beta2", func(c *adam.Config) { c.Beta2 = 1 }},
		{"epsilon", func(c *adam.Config) { c.Epsilon = 0 }},
		{"epochs", func(c *adam.Config) { c.Epochs = 0 }},
		{"batch_size", func(c *adam.Config) { c.BatchSize = -1 }},
		{"plateau.factor", func(c *adam.Config) { c.Plateau = &adam.Plateau{Factor: ptr(1.0)} }},
		{"plateau.factor", func(c *adam.Config) { c.Plateau = &adam.Plateau{Factor: ptr(0.0)} }},
		{"plateau.patience", func(c *adam.Config) { c.Plateau = &adam.Plateau{Patience: ptr(-1)} }},
		{"plateau.threshold", func(c *adam.Config) { c.Plateau = &adam.Plateau{Threshold: ptr(-1e-4)} }},
		{"plateau.threshold", func(c *adam.Config) { c.Plateau = &adam.Plateau{Threshold: ptr(math.NaN())} }},
	}
	for _, c := range cases {
		cfg := adam.DefaultConfig()
		c.edit(&cfg)
		err := cfg.Validate()
		var se *registry.SettingError
		if !errors.As(err, &se) || se.Setting != c.setting {
			t.Errorf("Validate = %v, want a SettingError on %s", err, c.setting)
		}
	}
	ok := adam.DefaultConfig()
	ok.Beta1, ok.Beta2, ok.BatchSize = 0, 0, 0
	ok.Plateau = &adam.Plateau{Patience: ptr(0), Threshold: ptr(0.0)}
	if err := ok.Validate(); err != nil {
		t.Errorf("Validate rejected zero betas, patience and threshold: %v", err)
	}
	def := adam.DefaultConfig()
	def.Plateau = &adam.Plateau{} // every field at its default
	if err := def.Validate(); err != nil {
		t.Errorf("default config does not validate: %v", err)
	}
}

func TestStepDoesNotAllocate(t *testing.T) {
	cfg := adam.DefaultConfig()
	cfg.Epochs = adam.MaxEpochs
	cfg.Plateau = &adam.Plateau{Patience: ptr(1)}
	m := cfg.Method()
	loc := start(t, m, &bowl{}, []float64{0, 1}, optimize.Env{})
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := m.Step(loc); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Step allocates %v times per call", allocs)
	}
}

// TestPlateauDrivesLearningRate feeds scripted full-data losses through
// Adam with ReduceLROnPlateau(factor 0.5, patience 1, threshold 0): the rate
// halves on the second epoch in a row without a strict decrease, and the
// next update uses it. The gradient is the constant 1, so every update moves
// x by lr/(1+eps) whatever the update count.
func TestPlateauDrivesLearningRate(t *testing.T) {
	script := []float64{5, 5, 5, 4, 4, math.NaN(), 3, 3, 3}
	wantLR := []float64{1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125}
	calls := 0
	p := optimize.FuncGrad{
		N: 1,
		F: func(x []float64) float64 {
			f := script[min(calls, len(script)-1)]
			calls++
			return f
		},
		G: func(grad, x []float64) float64 { grad[0] = 1; return 0 },
	}
	cfg := adam.DefaultConfig()
	cfg.LearningRate, cfg.Epochs = 1, len(script)
	cfg.Plateau = &adam.Plateau{Factor: ptr(0.5), Patience: ptr(1), Threshold: ptr(0.0)}
	m := cfg.Method()
	loc := &optimize.Location{X: []float64{0}, F: 100}
	if err := m.Init(p, loc, optimize.Env{}); err != nil {
		t.Fatal(err)
	}
	a := m.(*adam.Adam)
	lr := 1.0
	for i, w := range wantLR {
		before := loc.X[0]
		step(t, m, p, loc)
		if moved := before - loc.X[0]; math.Abs(moved-lr) > 1e-7 {
			t.Errorf("epoch %d moved x by %v, want the rate %v", i+1, moved, lr)
		}
		if got := a.LearningRate(); got != w {
			t.Errorf("after epoch %d (loss %v) rate %v, want %v", i+1, script[i], got, w)
		}
		if loc.F != script[i] && !math.IsNaN(script[i]) {
			t.Errorf("epoch %d: loc.F = %v, Func returned %v", i+1, loc.F, script[i])
		}
		lr = w
	}
	// A fresh Init starts the schedule and the rate over.
	calls = 0
	if err := m.Init(p, loc, optimize.Env{}); err != nil {
		t.Fatal(err)
	}
	if a.LearningRate() != 1 {
		t.Errorf("rate %v after a new Init, want 1", a.LearningRate())
	}
	step(t, m, p, loc)
	step(t, m, p, loc)
	if a.LearningRate() != 1 {
		t.Errorf("rate %v after 5, 5 on a new Init, want 1 (schedule not reset)", a.LearningRate())
	}
}

// TestMatchesPythonsBits: six steps of Adam (lr 0.1, the default betas
// and eps) on the gradient g = (3·x0 + x1, x0 + x1) from (1.5, -0.7), bit
// for bit as this Python, with IEEE doubles and C's pow, computes them:
//
//	for t in range(1, 7):
//	    g = [3*x[0]+x[1], x[0]+x[1]]
//	    step = lr/(1-b1**t); bc2 = math.sqrt(1-b2**t)
//	    for j in range(2):
//	        m[j] = b1*m[j]+(1-b1)*g[j]; v[j] = b2*v[j]+(1-b2)*g[j]*g[j]
//	        x[j] -= step*(m[j]/(math.sqrt(v[j])/bc2+eps))
//
// Until the bias corrections' powers were correctly rounded, step 6
// came out 8 and 2 ulps off (math.Pow(0.9, 4) is an ulp off).
func TestMatchesPythonsBits(t *testing.T) {
	want := [][2]uint64{
		{0x3ff6666666787bec, 0xbfe9999998edcd22},
		{0x3ff4ce9d7b212af8, 0xbfecbe868634599d},
		{0x3ff33a31b7d443d0, 0xbfefc323438666d4},
		{0x3ff1aaf8211cce8f, 0xbff14597c03b40f0},
		{0x3ff0230c73909b94, 0xbff2777b30f74bf0},
		{0x3fed4985f7959c24, 0xbff360a6b27e551c},
	}
	cfg := adam.DefaultConfig()
	cfg.LearningRate, cfg.Epochs = 0.1, len(want)
	p := optimize.FuncGrad{N: 2, F: func([]float64) float64 { return 0 },
		G: func(g, x []float64) float64 {
			// Each product on its own, as Python computes it.
			g[0], g[1] = float64(3*x[0])+x[1], x[0]+x[1]
			return 0
		}}
	m := cfg.Method()
	loc := start(t, m, p, []float64{1.5, -0.7}, optimize.Env{})
	for step, w := range want {
		if _, err := m.Step(loc); err != nil {
			t.Fatal(err)
		}
		if got := [2]uint64{math.Float64bits(loc.X[0]), math.Float64bits(loc.X[1])}; got != w {
			t.Fatalf("step %d: x bits %#x, Python's %#x", step+1, got, w)
		}
	}
}
