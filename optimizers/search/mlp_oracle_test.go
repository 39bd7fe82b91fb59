package search_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/search"
)

// mlpCase is a 10-5-4-k net on random rows with the notebook's U[-5, 5]
// initialisation, which leaves some ReLU units dead on every row.
func mlpCase(seed uint64, act nn.Activation, loss nn.Loss, rows int) (*objective.Objective, []float64) {
	rng := rand.New(rand.NewPCG(seed, 99))
	const inputs = 10
	classify := nn.LossTask(loss) == nn.Classification
	outputs := 1
	d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: 1, X: make([]float64, rows*inputs), Y: make([]float64, rows)}
	for i := range d.X {
		d.X[i] = rng.NormFloat64()
	}
	for r := range d.Y {
		if classify {
			d.Y[r] = float64(rng.IntN(3))
		} else {
			d.Y[r] = rng.NormFloat64()
		}
	}
	if classify {
		d.Task, d.Classes, outputs = nn.Classification, []string{"a", "b", "c"}, 3
	}
	m, err := nn.NewMLP(inputs, []int{5, 4}, []nn.Activation{act, act}, outputs)
	if err != nil {
		panic(err)
	}
	x := make([]float64, m.NumParams())
	m.Init(x, rng, &nn.Range{Lo: -5, Hi: 5}, &nn.Range{Lo: -5, Hi: 5})
	return objective.New(m, d, loss), x
}

// sweepHistory runs sweeps of search on o from x and returns loc.F after
// each, the final x and the evaluations counted.
func sweepHistory(t *testing.T, cfg search.Config, o *objective.Objective, x []float64, sweeps int) ([]float64, []float64, int64) {
	t.Helper()
	p := o.Problem()
	m := cfg.Method()
	loc := &optimize.Location{X: slices.Clone(x), F: p.Func(x)}
	if err := m.Init(p, loc, optimize.Env{}); err != nil {
		t.Fatal(err)
	}
	var hist []float64
	for range sweeps {
		if _, err := m.Step(loc); err != nil {
			t.Fatal(err)
		}
		hist = append(hist, loc.F)
		if f := o.Func(loc.X); math.Float64bits(f) != math.Float64bits(loc.F) {
			t.Fatalf("loc.F = %v but Func(loc.X) = %v", loc.F, f)
		}
	}
	return hist, loc.X, o.Evaluations()
}

// The fast path must choose exactly what the plain loop chooses, report
// its losses bit for bit and count the same evaluations, for every
// activation and loss, on a net with dead units, for 1 to 3 workers.
func TestFastSearchMatchesPlainOnMLP(t *testing.T) {
	acts := []struct {
		name string
		act  nn.Activation
	}{
		{"relu", activations.ReLU}, {"leaky_relu", activations.LeakyReLU}, {"identity", activations.Identity},
		{"tanh", activations.Tanh}, {"sigmoid", activations.Sigmoid},
	}
	lossList := []struct {
		name string
		loss nn.Loss
	}{
		{"mse", losses.MSE{}}, {"mae", losses.MAE{}}, {"huber", losses.Huber{Delta: 1}},
		{"cross_entropy", losses.CrossEntropy{}}, {"zero_one", losses.ZeroOne{}},
		// mse, mae and huber on classes (one-hot targets): the scorer
		// scores them on one-hot targets it builds, by the closed-form and
		// bulk paths for mse.
		{"mse_classes", losses.MSE{}.OnClasses()}, {"mae_classes", losses.MAE{}.OnClasses()},
		{"huber_classes", losses.Huber{Delta: 1}.OnClasses()},
	}
	cfg := search.Config{WeightRange: []float64{-5, 5}, BiasRange: []float64{-5, 5}, WeightSteps: 25, BiasSteps: 20, Iterations: 3}
	plainCfg := cfg
	plainCfg.Plain = true
	for _, a := range acts {
		for _, l := range lossList {
			if l.name == "zero_one" && a.name != "relu" {
				continue
			}
			t.Run(a.name+"/"+l.name, func(t *testing.T) {
				seed := uint64(len(a.name)*17 + len(l.name))
				o, x := mlpCase(seed, a.act, l.loss, 90)
				wantH, wantX, wantE := sweepHistory(t, plainCfg, o, x, 3)
				for _, workers := range []int{1, 2, 3} {
					o, x := mlpCase(seed, a.act, l.loss, 90)
					o.SetWorkers(workers)
					gotH, gotX, gotE := sweepHistory(t, cfg, o, x, 3)
					o.Close()
					if !bitsEqual(gotH, wantH) || !bitsEqual(gotX, wantX) || gotE != wantE {
						t.Fatalf("workers=%d: history %v x %v evals %d; plain %v x %v evals %d",
							workers, gotH, gotX, gotE, wantH, wantX, wantE)
					}
				}
			})
		}
	}
}

func bitsEqual(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}
