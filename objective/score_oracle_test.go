package objective_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
)

// scoreCase builds a net whose parameters are drawn from U[-5, 5], as in
// the notebook, so that some ReLU units are dead on every row; a few inputs
// are exactly 0, which the paths must treat as "this row cannot change".
func scoreCase(rng *rand.Rand, act nn.Activation, classify bool, hidden []int, rows, outputs int) (*objective.Objective, []float64, *nn.Data) {
	acts := make([]nn.Activation, len(hidden))
	for k := range acts {
		acts[k] = act
	}
	const inputs = 4
	if classify {
		outputs = 3
	}
	m, err := nn.NewMLP(inputs, hidden, acts, outputs)
	if err != nil {
		panic(err)
	}
	d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: outputs, X: make([]float64, rows*inputs)}
	for i := range d.X {
		if rng.IntN(10) > 0 {
			d.X[i] = rng.NormFloat64()
		}
	}
	if classify {
		d.Task, d.TargetDim, d.Classes = nn.Classification, 1, []string{"a", "b", "c"}
		d.Y = make([]float64, rows)
		for r := range d.Y {
			d.Y[r] = float64(rng.IntN(3))
		}
	} else {
		d.Y = make([]float64, rows*outputs)
		for i := range d.Y {
			d.Y[i] = 3 * rng.NormFloat64()
		}
	}
	x := make([]float64, m.NumParams())
	m.Init(x, rng, &nn.Range{Lo: -5, Hi: 5}, &nn.Range{Lo: -5, Hi: 5})
	return nil, x, d
}

// candidates is a grid on [-5, 5] that sometimes holds the current value.
func candidates(rng *rand.Rand, current float64) []float64 {
	n := 5 + rng.IntN(30)
	g := make([]float64, n)
	step := 10 / float64(n-1)
	for k := range g {
		g[k] = -5 + float64(k)*step
	}
	g[n-1] = 5
	if rng.IntN(3) == 0 {
		g[rng.IntN(n)] = current
	}
	return g
}

// checkPromise scores parameter i at x and checks ExactCoordinateScorer's
// promise against Func, then moves x[i] as the plain loop would.
func checkPromise(t *testing.T, o *objective.Objective, x []float64, i int, values []float64) {
	t.Helper()
	losses := make([]float64, len(values))
	o.ScoreCoordinate(losses, x, i, values)
	exact := make([]float64, len(values))
	keep := x[i]
	fx := o.Func(x)
	m := math.NaN()
	if finite(fx) {
		m = fx
	}
	for k, v := range values {
		x[i] = v
		exact[k] = o.Func(x)
		if finite(exact[k]) && !(exact[k] >= m) {
			m = exact[k]
		}
	}
	x[i] = keep
	for k, f := range exact {
		got := losses[k]
		switch {
		case f == m:
			if math.Float64bits(got) != math.Float64bits(f) {
				t.Fatalf("%s = %v: score %v, want exactly Func's %v (the lowest)", o.Model.ParamName(i), values[k], got, f)
			}
		case finite(got) && !(got > m):
			t.Fatalf("%s = %v: score %v is not above the lowest %v (Func %v)", o.Model.ParamName(i), values[k], got, m, f)
		}
		if finite(f) && finite(got) && math.Abs(got-f) > 1e-9*(math.Abs(f)+math.Abs(fx)) {
			t.Fatalf("%s = %v: score %v far from Func's %v", o.Model.ParamName(i), values[k], got, f)
		}
	}
	best, bestF := keep, fx
	for k, f := range exact {
		if finite(f) && (f < bestF || math.IsNaN(bestF)) {
			best, bestF = values[k], f
		}
	}
	x[i] = best
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

var scoringPaths = []struct {
	name string
	path objective.ScoringPath
}{{"auto", objective.ScoreAuto}, {"incremental", objective.ScoreIncremental}}

func TestScoreCoordinateKeepsThePromise(t *testing.T) {
	shapes := [][]int{{5, 3}, {3}, {4, 3, 2}, nil}
	for _, a := range namedActivations {
		for _, l := range namedLosses {
			for _, sp := range scoringPaths {
				t.Run(a.name+"/"+l.name+"/"+sp.name, func(t *testing.T) {
					rng := rand.New(rand.NewPCG(11, uint64(len(a.name)*131+len(l.name))))
					for trial := range 3 {
						hidden := shapes[trial%len(shapes)]
						_, x, d := scoreCase(rng, a.act, l.classify, hidden, 30+rng.IntN(150), 1+rng.IntN(2))
						acts := make([]nn.Activation, len(hidden))
						for k := range acts {
							acts[k] = a.act
						}
						m, _ := nn.NewMLP(d.Inputs, hidden, acts, d.Outputs())
						o := objective.New(m, d, l.loss)
						o.SetScoring(sp.path)
						for sweep := range 2 {
							for i := range x {
								checkPromise(t, o, x, i, candidates(rng, x[i]))
							}
							// Sync to the last accepted value, then compare.
							o.ScoreCoordinate(make([]float64, 1), x, 0, []float64{x[0]})
							if msg := objective.CacheMatchesForward(o, x); msg != "" {
								t.Fatalf("trial %d sweep %d: cache: %s", trial, sweep, msg)
							}
						}
					}
				})
			}
		}
	}
}
