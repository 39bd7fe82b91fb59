package objective_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
)

// Cases a review built to break the bulk path's promise, each of which did
// before its fix, and a random search over small nets that found them.

// checkLowest checks the promise alone: the lowest Func value among the
// candidates is scored exactly, and no other candidate scores at or below
// it.
func checkLowest(t *testing.T, o *objective.Objective, x []float64, i int, values []float64) {
	t.Helper()
	if msg := promiseBroken(o, x, i, values); msg != "" {
		t.Fatal(msg)
	}
}

// promiseBroken is checkLowest's finding, or "".
func promiseBroken(o *objective.Objective, x []float64, i int, values []float64) string {
	scores := make([]float64, len(values))
	o.ScoreCoordinate(scores, x, i, values)
	keep := x[i]
	low := o.Func(x)
	exact := make([]float64, len(values))
	for k, v := range values {
		x[i] = v
		exact[k] = o.Func(x)
		if finite(exact[k]) && (exact[k] < low || math.IsNaN(low)) {
			low = exact[k]
		}
	}
	x[i] = keep
	for k, f := range exact {
		got := scores[k]
		if f == low && math.Float64bits(got) != math.Float64bits(f) {
			return fmt.Sprintf("%s = %v: score %v, want exactly the lowest %v (exact %v, scores %v)",
				o.Model.ParamName(i), values[k], got, f, exact, scores)
		}
		if f != low && finite(got) && !(got > low) {
			return fmt.Sprintf("%s = %v: score %v is not above the lowest %v", o.Model.ParamName(i), values[k], got, low)
		}
	}
	return ""
}

// A next-layer unit whose pre-activation rounds to exactly 0 at the grid's
// first value, rising, counts as on there; the crossing point -q0/q1 may
// still round just above that value, and must not switch it off for the
// rest of the grid (two outputs, so the general deepPieces scores it).
func TestDeepPiecesSideAtGridStart(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	found := 0
	for try := 0; try < 200000 && found < 10; try++ {
		v := 0.5 + 1.5*rng.Float64()
		v0 := 1 + 0.9*rng.Float64() // the first value; uA = v0 - 1 exactly
		uA := v0 - 1
		// Products rounded on their own, as a build without FMA does.
		q0 := -float64(v * uA)
		b2 := q0 - v
		if v+b2 != q0 || q0+float64(v*uA) != 0 || !(-q0/v > uA) {
			continue
		}
		found++
		d := &nn.Data{Rows: 1, Inputs: 1, TargetDim: 2, X: []float64{1}, Y: []float64{3, -2}}
		m, _ := nn.NewMLP(1, []int{1, 1}, []nn.Activation{activations.ReLU, activations.ReLU}, 2)
		x := []float64{1, 0, v, b2, 1, -1, 0, 0} // w1 b1, w2 b2, output weights and biases
		values := make([]float64, 12)
		for k := range values {
			values[k] = v0 + 0.5*float64(k)
		}
		checkLowest(t, objective.New(m, d, losses.MSE{}), x, 0, values)
	}
	if found == 0 {
		t.Fatal("no case found")
	}
}

// Rows with huge inputs whose pieces end inside the grid leave their
// rounding in the running sums; the bound must cover it at every later
// grid value, under every loss with a bulk path.
func TestBoundCoversEndedPieces(t *testing.T) {
	for _, l := range []nn.Loss{losses.MSE{}, losses.Huber{Delta: 0.4}, losses.MAE{}} {
		for _, scale := range []float64{1e8, 1e12, 1e15, 1e16, 1e17} {
			d := &nn.Data{Rows: 6, Inputs: 1, TargetDim: 1,
				X: []float64{-1.68 * scale, -1.46 * scale, -1.51 * scale, 0.93, 0.89, 0.84},
				Y: []float64{0, 0, 0, 1.6, 1.64, 1.95}}
			m, _ := nn.NewMLP(1, []int{1}, []nn.Activation{activations.ReLU}, 1)
			x := []float64{1, -0.2, 1.1, 0.4} // the unit is off on the huge rows
			values := make([]float64, 23)
			for k := range values {
				values[k] = -5 + 10*float64(k)/22
			}
			t.Run(fmt.Sprintf("%T/%g", l, scale), func(t *testing.T) {
				checkLowest(t, objective.New(m, d, l), x, 0, values)
			})
		}
	}
}

// A downstream segment where no sloped unit reaches the output is flat,
// but its cached line is the small difference of huge terms: a row that
// does not change must still score its current error exactly.
func TestFlatDownstreamSegmentKeepsCurrentError(t *testing.T) {
	d := &nn.Data{Rows: 4, Inputs: 2, TargetDim: 1,
		X: []float64{-1057.1015881730539, 129.19077449718674, 2, 8.871309830362772, -488.50270625639956, 1478.4463839848675, -2, 127.59302731309208},
		Y: []float64{-1.1181126269034447, 2, -3.423648024572087, -1.0367651614533822}}
	m, _ := nn.NewMLP(2, []int{3, 2}, []nn.Activation{activations.ReLU, activations.ReLU}, 1)
	x := []float64{-434.88938884260904, 5, -83.75294428074014, 3, 5, -5, -196.73397518902314, -360.05335546933156,
		-78.69569778241035, -438.0803694201041, -373.9620477197124, 150.9045173362173, -396.9437172377948, 382.7295664669698,
		-16.46583724804982, 5, 5, -5, 53.25263991218465, -179.3608712943908}
	for _, l := range []nn.Loss{losses.MSE{}, losses.MAE{}} {
		checkLowest(t, objective.New(m, d, l), slices.Clone(x), 0, []float64{-435.88938884260904, -433.88938884260904})
	}
}

// Small random nets with awkward scales (inputs and weights up to 1e3,
// integers, zeros), one or two outputs, every piecewise linear activation
// and bulk loss, grids that hold the current value or only two values:
// every scoring keeps the promise. (The review ran 30,000 of these.)
func TestRandomNetsKeepThePromise(t *testing.T) {
	acts := []nn.Activation{activations.ReLU, activations.LeakyReLU, activations.Identity}
	ls := []nn.Loss{losses.MSE{}, losses.MAE{}, losses.Huber{Delta: 0.4}}
	shapes := [][]int{{3}, {2, 2}, {3, 2}, {1, 1}, {2, 3, 2}, {1}}
	for seed := range uint64(400) {
		rng := rand.New(rand.NewPCG(seed, 99))
		act, l := acts[rng.IntN(len(acts))], ls[rng.IntN(len(ls))]
		hidden := shapes[rng.IntN(len(shapes))]
		outs := 1 + rng.IntN(4)/3
		rows := 1 + rng.IntN(6)
		if rng.IntN(3) == 0 {
			rows = 20 + rng.IntN(300)
		}
		inputs := 1 + rng.IntN(3)
		ha := make([]nn.Activation, len(hidden))
		for k := range ha {
			ha[k] = act
		}
		m, _ := nn.NewMLP(inputs, hidden, ha, outs)
		d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: outs, X: make([]float64, rows*inputs), Y: make([]float64, rows*outs)}
		xs := math.Pow(10, float64(rng.IntN(4)))
		for i := range d.X {
			switch rng.IntN(6) {
			case 0:
			case 1:
				d.X[i] = float64(rng.IntN(5) - 2)
			default:
				d.X[i] = rng.NormFloat64() * xs
			}
		}
		for i := range d.Y {
			d.Y[i] = 3 * rng.NormFloat64()
		}
		x := make([]float64, m.NumParams())
		ws := math.Pow(10, float64(rng.IntN(3)))
		for i := range x {
			x[i] = (rng.Float64()*10 - 5) * ws
			if rng.IntN(5) == 0 {
				x[i] = float64(rng.IntN(5) - 2)
			}
		}
		o := objective.New(m, d, l)
		for i := range x {
			var values []float64
			if rng.IntN(4) == 0 {
				values = []float64{x[i] - 1, x[i] + 1}
			} else {
				values = candidates(rng, x[i])
				slices.Sort(values)
				values = slices.Compact(values)
			}
			if msg := promiseBroken(o, x, i, values); msg != "" {
				t.Fatalf("seed %d (%T, %T, hidden %v, %d outputs, %d rows): %s", seed, act, l, hidden, outs, rows, msg)
			}
		}
	}
}
