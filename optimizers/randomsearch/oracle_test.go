package randomsearch_test

import (
	"github.com/nnexp/nnexp/optimizers/internal/methodtest"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/randomsearch"
	"github.com/nnexp/nnexp/registry"

	_ "github.com/nnexp/nnexp/datasets"
)

// plainView offers only Func and the fan-ins: the oracle, one Func call
// per candidate.
type plainView struct{ o *objective.Objective }

func (v plainView) Dim() int                 { return v.o.Dim() }
func (v plainView) Func(x []float64) float64 { return v.o.Func(x) }
func (v plainView) FanIn(i int) int          { return v.o.FanIn(i) }

// scoredView adds the scorer but not its exactness promise, so near-ties
// are rescored with Func (search.CoordinateScored).
type scoredView struct{ plainView }

func (v scoredView) ScoreCoordinate(losses, x []float64, i int, values []float64) {
	v.o.ScoreCoordinate(losses, x, i, values)
}

// TestScorerMakesFuncsChoices trains a 10-4-3-1 ReLU network on diabetes
// (MSE) for 6 sweeps from one start and seed three ways: through the exact
// scorer (objective.Objective as the runner hands it over), through the scorer
// with Func rescoring near-ties, and with one Func call per candidate.
// Every sweep must leave the three at the same parameters and loss, bit
// for bit, and the exact scorer must count what the Func loop counts
// (2 per parameter per sweep).
func TestScorerMakesFuncsChoices(t *testing.T) {
	ds, err := registry.LookupDataset("diabetes")
	if err != nil {
		t.Fatal(err)
	}
	data, err := ds.Load()
	if err != nil {
		t.Fatal(err)
	}
	model, err := nn.NewMLP(data.Inputs, []int{4, 3}, []nn.Activation{activations.ReLU, activations.ReLU}, 1)
	if err != nil {
		t.Fatal(err)
	}
	x0 := make([]float64, model.NumParams())
	model.Init(x0, rand.New(rand.NewPCG(1, 1)), &nn.Range{Lo: -5, Hi: 5}, &nn.Range{Lo: -5, Hi: 5})
	objs := []*objective.Objective{
		objective.New(model, data, losses.MSE{}),
		objective.New(model, data, losses.MSE{}),
		objective.New(model, data, losses.MSE{}),
	}
	views := []optimize.Problem{objs[0].Problem(), scoredView{plainView{objs[1]}}, plainView{objs[2]}}
	if _, ok := views[0].(optimize.ExactCoordinateScorer); !ok {
		t.Fatal("the objective is not an exact scorer; the test would compare Func with itself")
	}
	const sweeps = 6
	cfg := randomsearch.Config{Sigma: 2, Iterations: sweeps}
	var ms []optimize.Method
	var locs []*optimize.Location
	for _, v := range views {
		m, loc := methodtest.Start(t, cfg, v, slices.Clone(x0), 9)
		ms, locs = append(ms, m), append(locs, loc)
	}
	start := locs[0].F
	for s := 1; s <= sweeps; s++ {
		for k, m := range ms {
			if _, err := m.Step(locs[k]); err != nil {
				t.Fatal(err)
			}
		}
		for k := 1; k < len(ms); k++ {
			if !slices.Equal(locs[k].X, locs[0].X) || math.Float64bits(locs[k].F) != math.Float64bits(locs[0].F) {
				t.Fatalf("sweep %d: view %d is at loss %v, the exact scorer at %v (parameters differ: %v)",
					s, k, locs[k].F, locs[0].F, !slices.Equal(locs[k].X, locs[0].X))
			}
		}
	}
	if !(locs[0].F < start) {
		t.Errorf("loss %v after %d sweeps from %v: nothing was accepted, so the test compared nothing", locs[0].F, sweeps, start)
	}
	// Each objective evaluated the start once in start().
	want := int64(1 + sweeps*2*model.NumParams())
	if objs[0].Evaluations() != want || objs[2].Evaluations() != want {
		t.Errorf("evaluations: exact scorer %d, Func loop %d, want %d each", objs[0].Evaluations(), objs[2].Evaluations(), want)
	}
	if objs[1].Evaluations() < want {
		t.Errorf("rescoring scorer counted %d evaluations, fewer than the %d of its scores", objs[1].Evaluations(), want)
	}
	t.Logf("loss %.6g -> %.6g; evaluations %d / %d / %d", start, locs[0].F, objs[0].Evaluations(), objs[1].Evaluations(), objs[2].Evaluations())
}
