package objective_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
)

// walkCase is a net and table for TestFirstLayerCacheRandomWalk: first
// layers summed in blocks (300 inputs) and in one running sum (13),
// regression and classes, one large enough that the cache's catch-up is
// split over the workers.
type walkCase struct {
	inputs  int
	hidden  []int
	outputs int
	rows    int
	class   bool
}

var walkCases = []walkCase{
	{300, []int{8, 5}, 1, 240, false},
	{300, []int{9}, 3, 200, true},
	{13, []int{6, 4}, 3, 240, true},
	{13, []int{7}, 1, 100, false},
	{300, []int{16}, 3, 1200, true},
}

func walkData(rng *rand.Rand, c walkCase) *nn.Data {
	d := &nn.Data{Rows: c.rows, Inputs: c.inputs, X: make([]float64, c.rows*c.inputs)}
	for i := range d.X {
		d.X[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(5)-2))
	}
	if c.class {
		d.Task, d.TargetDim = nn.Classification, 1
		d.Classes = make([]string, c.outputs)
		for k := range d.Classes {
			d.Classes[k] = fmt.Sprint(k)
		}
		d.Y = make([]float64, c.rows)
		for r := range d.Y {
			d.Y[r] = float64(rng.IntN(c.outputs))
		}
	} else {
		d.TargetDim = c.outputs
		d.Y = make([]float64, c.rows*c.outputs)
		for i := range d.Y {
			d.Y[i] = rng.NormFloat64()
		}
	}
	return d
}

func walkLoss(c walkCase) nn.Loss {
	if c.class {
		return losses.CrossEntropy{}
	}
	return losses.MSE{}
}

func freshOn(m *nn.MLP, d *nn.Data, loss nn.Loss, rows []int) *objective.Objective {
	sd := &nn.Data{Rows: len(rows), Inputs: d.Inputs, TargetDim: d.TargetDim, Task: d.Task, Classes: d.Classes}
	for _, r := range rows {
		xr, yr := d.Row(r)
		sd.X = append(sd.X, xr...)
		sd.Y = append(sd.Y, yr...)
	}
	return objective.New(m, sd, loss)
}

// randomWalk walks a random sequence of what a minibatch search and the
// runner do to an objective (new batches of any size, repeated rows
// included; a batch's loss and scores; moves of one weight, a unit, every
// first-layer bias, later weights, a zero's sign, several units; the full
// data's loss and accuracy) and returns a trace: one line per step with
// its values' bits and the work it billed. With check, every value is
// compared, bit for bit, with a fresh objective's on the same rows.
func randomWalk(t *testing.T, c walkCase, seed uint64, workers func(step int) int, check bool) []string {
	rng := rand.New(rand.NewPCG(seed, 99))
	d := walkData(rng, c)
	acts := make([]nn.Activation, len(c.hidden))
	for k := range acts {
		if k%2 == 0 {
			acts[k] = activations.ReLU
		} else {
			acts[k] = activations.Tanh
		}
	}
	m, err := nn.NewMLP(c.inputs, c.hidden, acts, c.outputs)
	if err != nil {
		t.Fatal(err)
	}
	loss := walkLoss(c)
	x := make([]float64, m.NumParams())
	m.Init(x, rng, &nn.Range{Lo: -0.5, Hi: 0.5}, &nn.Range{Lo: -0.5, Hi: 0.5})
	o := objective.New(m, d, loss)
	defer o.Close()
	in, units := c.inputs, c.hidden[0]
	var trace []string
	var sub optimize.Problem
	var subRows []int
	grid := []float64{-0.7, -0.2, 0, math.Copysign(0, -1), 0.3, 0.9}
	got, want := make([]float64, len(grid)), make([]float64, len(grid))
	for step := range 250 {
		o.SetWorkers(workers(step))
		before := o.Work()
		op := rng.IntN(10)
		var line string
		switch op {
		case 0, 1: // new batch
			var b int
			switch rng.IntN(4) {
			case 0:
				b = c.rows
			case 1:
				b = c.rows + rng.IntN(c.rows)
			default:
				b = 1 + rng.IntN(c.rows)
			}
			subRows = make([]int, b)
			for k := range subRows {
				subRows[k] = rng.IntN(c.rows)
			}
			sub = o.Subset(subRows)
			f := sub.Func(x)
			line = fmt.Sprintf("subset %d func %x", b, math.Float64bits(f))
			if check {
				if wf := freshOn(m, d, loss, subRows).Func(x); math.Float64bits(wf) != math.Float64bits(f) {
					t.Fatalf("step %d: batch loss %v, fresh %v", step, f, wf)
				}
			}
		case 2, 3: // score a coordinate on the batch
			if sub == nil {
				continue
			}
			var i int
			if rng.IntN(3) > 0 {
				i = rng.IntN(units*in + units)
				if i >= units*in {
					i = m.BiasOffset(0) + (i - units*in)
				}
			} else {
				i = rng.IntN(len(x))
			}
			sub.(optimize.CoordinateScorer).ScoreCoordinate(got, x, i, grid)
			line = fmt.Sprintf("score %d %v", i, bitsOf(got))
			if check {
				freshOn(m, d, loss, subRows).ScoreCoordinate(want, x, i, grid)
				for k := range grid {
					if math.Float64bits(got[k]) != math.Float64bits(want[k]) && !(math.IsNaN(got[k]) && math.IsNaN(want[k])) {
						t.Fatalf("step %d: score of %d at %v = %v, fresh %v", step, i, grid[k], got[k], want[k])
					}
				}
				if s := objective.CacheMatchesForward(objective.LastSubset(o), x); s != "" {
					t.Fatalf("step %d: batch cache: %s", step, s)
				}
			}
		case 4: // move: one weight, a unit, every bias, a later weight, a sign flip of zero
			switch rng.IntN(6) {
			case 0:
				x[rng.IntN(units*in)] += 0.1 * rng.NormFloat64()
			case 1:
				j := rng.IntN(units)
				for k := range in {
					x[j*in+k] += 0.05 * rng.NormFloat64()
				}
			case 2:
				for j := range units {
					x[m.BiasOffset(0)+j] += 0.05 * rng.NormFloat64()
				}
			case 3:
				x[m.WeightOffset(1)+rng.IntN(len(x)-m.WeightOffset(1))] += 0.1 * rng.NormFloat64()
			case 4:
				i := rng.IntN(units * in)
				if x[i] == 0 {
					x[i] = -x[i]
				} else {
					x[i] = math.Copysign(0, -1)
				}
			case 5:
				// several units at once
				for range 1 + rng.IntN(units) {
					j := rng.IntN(units)
					x[j*in+rng.IntN(in)] += 0.1 * rng.NormFloat64()
				}
			}
			continue
		case 5, 6: // parent loss
			f := o.Func(x)
			line = fmt.Sprintf("func %x", math.Float64bits(f))
			if check {
				if wf := objective.New(m, d, loss).Func(x); math.Float64bits(wf) != math.Float64bits(f) {
					t.Fatalf("step %d: parent loss %v, fresh %v", step, f, wf)
				}
			}
		case 7: // parent accuracy
			a := o.Accuracy(x)
			line = fmt.Sprintf("acc %x", math.Float64bits(a))
			if check {
				if wa := objective.New(m, d, loss).Accuracy(x); math.Float64bits(wa) != math.Float64bits(a) {
					t.Fatalf("step %d: parent accuracy %v, fresh %v", step, a, wa)
				}
			}
		case 8: // batch loss again
			if sub == nil {
				continue
			}
			f := sub.Func(x)
			line = fmt.Sprintf("subfunc %x", math.Float64bits(f))
			if check {
				if wf := freshOn(m, d, loss, subRows).Func(x); math.Float64bits(wf) != math.Float64bits(f) {
					t.Fatalf("step %d: batch loss %v, fresh %v", step, f, wf)
				}
			}
		default:
			continue
		}
		trace = append(trace, fmt.Sprintf("%d %s work %d", step, line, o.Work()-before))
	}
	return trace
}

func bitsOf(v []float64) string {
	var b strings.Builder
	for _, f := range v {
		fmt.Fprintf(&b, "%x ", math.Float64bits(f))
	}
	return b.String()
}

// The first-layer cache and the pass memo under random use: every value a
// fresh objective's, and the trace, work included, the same whatever the
// number of workers, changed at every step.
func TestFirstLayerCacheRandomWalk(t *testing.T) {
	for ci, c := range walkCases {
		for seed := range uint64(2) {
			t.Run(fmt.Sprintf("%d/%d", ci, seed), func(t *testing.T) {
				one := randomWalk(t, c, seed, func(int) int { return 1 }, true)
				many := randomWalk(t, c, seed, func(s int) int { return 1 + (s*7)%5 }, false)
				for k := range one {
					if one[k] != many[k] {
						t.Fatalf("workers change the trace at %d:\n%s\n%s", k, one[k], many[k])
					}
				}
			})
		}
	}
}

// Under random cost caps, the work done on batches and the full data never
// passes the cap: the scorer's bound counts the cache's catch-up.
func TestFirstLayerCacheMeetsCostCaps(t *testing.T) {
	for ci, c := range walkCases {
		for seed := range uint64(4) {
			capv := 0.5 + float64(seed)*3.7
			rng := rand.New(rand.NewPCG(seed, 5))
			d := walkData(rng, c)
			m, _ := nn.NewMLP(c.inputs, c.hidden, func() []nn.Activation {
				a := make([]nn.Activation, len(c.hidden))
				for k := range a {
					a[k] = activations.ReLU
				}
				return a
			}(), c.outputs)
			x := make([]float64, m.NumParams())
			m.Init(x, rng, &nn.Range{Lo: -0.5, Hi: 0.5}, &nn.Range{Lo: -0.5, Hi: 0.5})
			o := objective.New(m, d, walkLoss(c))
			o.SetWorkers(3)
			o.SetLimits(objective.Limits{Cost: capv}, func(error) {})
			limit := int64(math.Floor(capv * float64(int64(c.rows)*int64(m.MultiplyAdds()))))
			in, units := c.inputs, c.hidden[0]
			var sub optimize.Problem
			out := make([]float64, 4)
			for step := range 300 {
				switch rng.IntN(5) {
				case 0:
					rows := make([]int, 1+rng.IntN(c.rows))
					for k := range rows {
						rows[k] = rng.IntN(c.rows)
					}
					sub = o.Subset(rows)
					sub.Func(x)
				case 1:
					if sub != nil {
						sub.(optimize.CoordinateScorer).ScoreCoordinate(out, x, rng.IntN(units*in), []float64{-1, 0, .2, 1})
					}
				case 2:
					j := rng.IntN(units)
					for k := range in {
						x[j*in+k] += 0.05 * rng.NormFloat64()
					}
					if rng.IntN(3) == 0 {
						for j := range units {
							x[m.BiasOffset(0)+j] += 0.01
						}
					}
				case 3:
					o.Func(x)
				case 4:
					if sub != nil {
						sub.Func(x)
					}
				}
				if o.Work() > limit {
					t.Fatalf("case %d seed %d step %d: work %d past cap %d", ci, seed, step, o.Work(), limit)
				}
			}
			o.Close()
		}
	}
}
