package lstsq_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnexp/nnexp/activations"
	_ "github.com/nnexp/nnexp/datasets"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/lstsq"
	"github.com/nnexp/nnexp/registry"
)

// line is the data (t, y) = (0, 1), (1, 3), (2, 2), (3, 5). Its least-
// squares line, by hand: t̄ = 1.5, ȳ = 2.75, Σ(t-t̄)(y-ȳ) = 5.5,
// Σ(t-t̄)² = 5, so slope 1.1 and intercept 2.75 - 1.5·1.1 = 1.1; the
// residuals 0.1, -0.8, 1.3, -0.6 give MSE 2.7/4 = 0.675.
var line = &nn.Data{X: []float64{0, 1, 2, 3}, Y: []float64{1, 3, 2, 5}, Rows: 4, Inputs: 1, TargetDim: 1}

// net returns a 1-h-1 ReLU net on line with hidden weights w and biases b
// (so its features are known) and the output layer at 0.5.
func net(t *testing.T, w, b []float64) (*objective.Objective, []float64) {
	t.Helper()
	m, err := nn.NewMLP(1, []int{len(w)}, []nn.Activation{activations.ReLU}, 1)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, m.NumParams())
	copy(x[m.WeightOffset(0):], w)
	copy(x[m.BiasOffset(0):], b)
	for i := m.WeightOffset(1); i < len(x); i++ {
		x[i] = 0.5
	}
	return objective.New(m, line, losses.MSE{}), x
}

// fitOnce runs one lstsq step with cfg on o from x and returns the method
// and the location after it.
func fitOnce(t *testing.T, cfg lstsq.Config, o *objective.Objective, x []float64) (*lstsq.LSTSQ, *optimize.Location) {
	t.Helper()
	p := o.Problem()
	loc := &optimize.Location{X: slices.Clone(x), F: p.Func(x)}
	m := cfg.Method().(*lstsq.LSTSQ)
	if err := m.Init(p, loc, optimize.Env{}); err != nil {
		t.Fatal(err)
	}
	if s, err := m.Step(loc); err != nil || s != optimize.IterationLimit {
		t.Fatalf("Step: %v, %v; want completed", s, err)
	}
	if f := p.Func(loc.X); loc.F != f {
		t.Fatalf("loc.F = %v, Func(loc.X) = %v", loc.F, f)
	}
	return m, loc
}

// checkOutput compares the output layer (weights then bias) of x with want.
func checkOutput(t *testing.T, name string, x, want []float64, tol float64) {
	t.Helper()
	got := x[len(x)-len(want):]
	for i := range want {
		if math.Abs(got[i]-want[i]) > tol {
			t.Errorf("%s: output layer %v, want %v", name, got, want)
			return
		}
	}
}

// With one hidden unit relu(t) = t on t >= 0, the output layer is the
// hand-computed line: slope 1.1, intercept 1.1, MSE 0.675, by QR.
func TestFullRankIsTheLine(t *testing.T) {
	o, x := net(t, []float64{1}, []float64{0})
	before := o.Evaluations()
	m, loc := fitOnce(t, lstsq.Config{}, o, x)
	checkOutput(t, "line", loc.X, []float64{1.1, 1.1}, 1e-14)
	if math.Abs(loc.F-0.675) > 1e-14 || !m.Accepted() {
		t.Errorf("MSE %v (accepted %v), want 0.675", loc.F, m.Accepted())
	}
	if m.Solver() != lstsq.SolverQR || m.Rank() != 2 {
		t.Errorf("solved by %q with rank %d, want qr with rank 2", m.Solver(), m.Rank())
	}
	// Func of the start, the forward pass and the fit's loss, and
	// fitOnce's check of loc.F.
	if n := o.Evaluations() - before; n != 4 {
		t.Errorf("%d evaluations, want 4", n)
	}
}

// Features (t, dead, 2t): relu(0·t - 1) = 0 is a zero column and 2t is
// collinear with t. Least squares only fixes w1 + 2·w3 = 1.1 and b = 1.1;
// the minimum-norm solution puts (w1, w3) along (1, 2) and the dead unit
// at 0: w = (0.22, 0, 0.44). The SVD finds it, with rank 2; no NaN.
func TestRankDeficientIsMinimumNorm(t *testing.T) {
	o, x := net(t, []float64{1, 0, 2}, []float64{0, -1, 0})
	m, loc := fitOnce(t, lstsq.Config{}, o, x)
	checkOutput(t, "dead and collinear", loc.X, []float64{0.22, 0, 0.44, 1.1}, 1e-13)
	if math.Abs(loc.F-0.675) > 1e-13 {
		t.Errorf("MSE %v, want 0.675", loc.F)
	}
	if m.Solver() != lstsq.SolverSVD || m.Rank() != 2 {
		t.Errorf("solved by %q with rank %d, want svd with rank 2", m.Solver(), m.Rank())
	}
}

// Ridge 0.25 minimizes mean (w·t + b - y)² + 0.25·w²: with the bias free,
// b = ȳ - w·t̄ and w = Σ(t-t̄)(y-ȳ) / (Σ(t-t̄)² + rows·ridge) = 5.5/6, so
// w = 11/12 and b = 2.75 - 1.5·11/12 = 1.375. The dead unit stays at 0 and
// the system has full rank, so QR solves it.
func TestRidgeByHand(t *testing.T) {
	o, x := net(t, []float64{1, 0}, []float64{0, -1})
	m, loc := fitOnce(t, lstsq.Config{Ridge: 0.25}, o, x)
	checkOutput(t, "ridge", loc.X, []float64{11.0 / 12, 0, 1.375}, 1e-14)
	if m.Solver() != lstsq.SolverQR || m.Rank() != 3 {
		t.Errorf("solved by %q with rank %d, want qr with rank 3", m.Solver(), m.Rank())
	}
}

// On a 3-5-2 tanh net with random parameters and 40 random rows, the
// output layer equals the solution of the ridge normal equations
// (HᵀH + n·ridge·D)β = HᵀY, D = diag(1, .., 1, 0), solved independently
// here by Cholesky, for both outputs.
func TestMatchesNormalEquations(t *testing.T) {
	const rows, in, hid, outs = 40, 3, 5, 2
	rng := rand.New(rand.NewPCG(11, 12))
	d := &nn.Data{Rows: rows, Inputs: in, TargetDim: outs, X: make([]float64, rows*in), Y: make([]float64, rows*outs)}
	for i := range d.X {
		d.X[i] = rng.NormFloat64()
	}
	for i := range d.Y {
		d.Y[i] = 3 * rng.NormFloat64()
	}
	model, err := nn.NewMLP(in, []int{hid}, []nn.Activation{activations.Tanh}, outs)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, model.NumParams())
	model.Init(x, rng, nil, nil)
	for _, ridge := range []float64{0, 0.01} {
		o := objective.New(model, d, losses.MSE{})
		ol := o.Problem().(optimize.OutputLayer)
		h, y := make([]float64, rows*hid), make([]float64, rows*outs)
		ol.OutputInputs(h, y, x)
		a := mat.NewDense(rows, hid+1, nil)
		for r := range rows {
			for j := range hid {
				a.Set(r, j, h[r*hid+j])
			}
			a.Set(r, hid, 1)
		}
		var g mat.SymDense
		g.SymOuterK(1, a.T())
		for j := range hid {
			g.SetSym(j, j, g.At(j, j)+rows*ridge)
		}
		var rhs, beta mat.Dense
		rhs.Mul(a.T(), mat.NewDense(rows, outs, y))
		var chol mat.Cholesky
		if !chol.Factorize(&g) {
			t.Fatal("normal equations not positive definite")
		}
		if err := chol.SolveTo(&beta, &rhs); err != nil {
			t.Fatal(err)
		}
		_, loc := fitOnce(t, lstsq.Config{Ridge: ridge}, o, x)
		lay := ol.OutputLayout()
		for k := range outs {
			for j := range hid + 1 {
				i := lay.Bias(k)
				if j < hid {
					i = lay.Weight(k, j)
				}
				if want := beta.At(j, k); math.Abs(loc.X[i]-want) > 1e-9*(1+math.Abs(want)) {
					t.Errorf("ridge %v: %s = %v, normal equations give %v", ridge, model.ParamName(i), loc.X[i], want)
				}
			}
		}
	}
}

func diabetes(t *testing.T) *nn.Data {
	t.Helper()
	ds, err := registry.LookupDataset("diabetes")
	if err != nil {
		t.Fatal(err)
	}
	d, err := ds.Load()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// On diabetes with random inits of the notebook's 10-5-4-1 ReLU net
// (PyTorch's default, and U[-5, 5] where many units are dead), one step
// lowers the training MSE, and the same start gives the same bits.
func TestLowersDiabetesMSE(t *testing.T) {
	d := diabetes(t)
	model, err := nn.NewMLP(d.Inputs, []int{5, 4}, []nn.Activation{activations.ReLU, activations.ReLU}, 1)
	if err != nil {
		t.Fatal(err)
	}
	wide := &nn.Range{Lo: -5, Hi: 5}
	for seed := range uint64(4) {
		x := make([]float64, model.NumParams())
		r := (*nn.Range)(nil)
		if seed%2 == 1 {
			r = wide
		}
		model.Init(x, rand.New(rand.NewPCG(seed, 0)), r, r)
		o := objective.New(model, d, losses.MSE{})
		start := o.Func(x)
		m, loc := fitOnce(t, lstsq.Config{}, o, x)
		t.Logf("seed %d (init %v): MSE %.6g -> %.6g by %s, rank %d", seed, r, start, loc.F, m.Solver(), m.Rank())
		if !(loc.F <= start) {
			t.Errorf("seed %d: MSE %v after lstsq, %v before", seed, loc.F, start)
		}
		if !(loc.F < 0.5*start) {
			t.Errorf("seed %d: MSE %v after lstsq, not even half of %v: the fit did not happen", seed, loc.F, start)
		}
		_, again := fitOnce(t, lstsq.Config{}, objective.New(model, d, losses.MSE{}), x)
		if !slices.Equal(again.X, loc.X) || again.F != loc.F {
			t.Errorf("seed %d: a second run from the same start differs", seed)
		}
	}
}

// liar offers an output layer but its loss is not the MSE of it: the fit
// raises its loss, so lstsq keeps the start.
type liar struct{ nn *objective.Objective }

func (l liar) Dim() int { return l.nn.Dim() }
func (l liar) Func(x []float64) float64 {
	lay := l.nn.Problem().(optimize.OutputLayer).OutputLayout()
	return math.Abs(x[lay.Bias(0)] + 100)
}
func (l liar) OutputLayout() optimize.OutputLayout {
	return l.nn.Problem().(optimize.OutputLayer).OutputLayout()
}
func (l liar) OutputInputs(h, y, x []float64) {
	l.nn.Problem().(optimize.OutputLayer).OutputInputs(h, y, x)
}

func TestKeepsStartWhenFitIsNotBetter(t *testing.T) {
	o, x := net(t, []float64{1}, []float64{0})
	p := liar{o}
	loc := &optimize.Location{X: slices.Clone(x), F: p.Func(x)}
	m := lstsq.Config{}.Method().(*lstsq.LSTSQ)
	if err := m.Init(p, loc, optimize.Env{}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Step(loc); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(loc.X, x) || loc.F != 100.5 || m.Accepted() {
		t.Errorf("x = %v, F = %v, accepted %v; want the start kept with F 100.5", loc.X, loc.F, m.Accepted())
	}
}

// cancelling cancels its context during OutputInputs, the step's first
// evaluation; lstsq must then return the context's error without
// evaluating the fit.
type cancelling struct {
	optimize.OutputLayer
	cancel func()
	funcs  int
}

func (c *cancelling) OutputInputs(h, y, x []float64) {
	c.cancel()
	c.OutputLayer.OutputInputs(h, y, x)
}

func (c *cancelling) Func(x []float64) float64 { c.funcs++; return c.OutputLayer.Func(x) }

func TestInterruption(t *testing.T) {
	o, x := net(t, []float64{1}, []float64{0})
	for _, early := range []bool{true, false} {
		ctx, cancel := context.WithCancel(context.Background())
		p := &cancelling{OutputLayer: o.Problem().(optimize.OutputLayer), cancel: cancel}
		if early {
			cancel()
		}
		loc := &optimize.Location{X: slices.Clone(x), F: o.Func(x)}
		m := lstsq.Config{}.Method()
		if err := m.Init(p, loc, optimize.Env{Context: ctx}); err != nil {
			t.Fatal(err)
		}
		before := o.Evaluations()
		_, err := m.Step(loc)
		if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "lstsq: ") {
			t.Errorf("early %v: Step returned %v, want the context's error", early, err)
		}
		want := int64(1)
		if early {
			want = 0
		}
		if n := o.Evaluations() - before; n != want || p.funcs != 0 {
			t.Errorf("early %v: %d evaluations and %d Func calls after the cancellation, want %d and 0", early, n, p.funcs, want)
		}
	}
}

func TestValidateAndCheckProblem(t *testing.T) {
	for _, c := range []struct {
		ridge float64
		msg   string
	}{
		{-1, "must be from 0 to 1e+100, got -1"},
		{math.NaN(), "must be from 0 to 1e+100, got NaN"},
		{math.Inf(1), "must be from 0 to 1e+100, got +Inf"},
	} {
		err := lstsq.Config{Ridge: c.ridge}.Validate()
		var se *registry.SettingError
		if !errors.As(err, &se) || se.Setting != "ridge" || se.Message != c.msg {
			t.Errorf("ridge %v: Validate = %v, want %q on ridge", c.ridge, err, c.msg)
		}
	}
	if err := (lstsq.Config{Ridge: lstsq.MaxRidge}).Validate(); err != nil {
		t.Errorf("ridge MaxRidge: %v", err)
	}
	o, _ := net(t, []float64{1}, []float64{0})
	if err := (lstsq.Config{}).CheckProblem(o.Problem()); err != nil {
		t.Errorf("CheckProblem(MSE regression) = %v", err)
	}
	mae := objective.New(o.Model, line, losses.MAE{})
	for _, p := range []optimize.Problem{mae.Problem(), optimize.Func{N: 1, F: func(x []float64) float64 { return math.Abs(x[0]) }}} {
		err := (lstsq.Config{}).CheckProblem(p)
		if err == nil || !strings.HasPrefix(err.Error(), "lstsq: needs MSE regression") {
			t.Errorf("CheckProblem(%T) = %v", p, err)
		}
		if err := (lstsq.Config{}).Method().Init(p, &optimize.Location{X: make([]float64, p.Dim())}, optimize.Env{}); err == nil || !strings.HasPrefix(err.Error(), "lstsq: needs MSE regression") {
			t.Errorf("Init(%T) = %v", p, err)
		}
	}
	// validate's check, on the loss alone: MSE, and no other.
	if err := (lstsq.Config{}).CheckLoss(losses.MSE{}); err != nil {
		t.Errorf("CheckLoss(MSE) = %v", err)
	}
	for _, l := range []nn.Loss{losses.MAE{}, losses.CrossEntropy{}} {
		if err := (lstsq.Config{}).CheckLoss(l); err == nil || !strings.Contains(err.Error(), `(loss "mse") only`) {
			t.Errorf("CheckLoss(%T) = %v", l, err)
		}
	}
	if err := (lstsq.Config{Ridge: -1}).CheckProblem(o.Problem()); err == nil || !strings.Contains(err.Error(), "ridge") {
		t.Errorf("CheckProblem with ridge -1 = %v", err)
	}
}
