package objective

import (
	"fmt"

	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective/internal/scorer"
	"github.com/nnexp/nnexp/optimize"
)

// Subset implements optimize.RowSubsets: the objective of the same model
// and loss over the listed rows of o.Data (in that order; a row listed twice
// counts twice), seen as o.Problem would see it, so it offers the same
// capabilities, the exact coordinate scorer among them. Its evaluations and
// work are o's: they are counted in o's Evaluations, Work and Cost and
// meet the caps of o's SetLimits, so a method that compares candidates on
// minibatches pays for them on the job's bill.
//
// The rows are copied, so the subset's scorer reads them contiguously. A
// subset is valid until the next Subset call on o, which reuses its
// buffers and stops its workers: a minibatch method moves from batch to
// batch and never goes back.
func (o *Objective) Subset(rows []int) optimize.Problem {
	return o.subset(rows).Problem()
}

func (o *Objective) subset(rows []int) *Objective {
	d := o.Data
	in, td := d.Inputs, d.TargetDim
	var xs, ys []float64
	var recycled *scorer.Scorer
	if prev := o.sub; prev != nil {
		prev.Close()
		xs, ys = prev.Data.X[:0], prev.Data.Y[:0]
		recycled = prev.coord
	}
	for _, r := range rows {
		if r < 0 || r >= d.Rows {
			panic(fmt.Sprintf("objective: Subset row %d of %d", r, d.Rows))
		}
		x, y := d.Row(r)
		xs = append(xs, x...)
		ys = append(ys, y...)
	}
	data := &nn.Data{
		X: xs, Y: ys, Rows: len(rows), Inputs: in, TargetDim: td, Task: d.Task,
		Classes: d.Classes, Features: d.Features, Target: d.Target,
	}
	s := New(o.Model, data, o.Loss)
	s.counts = o.counts
	if o.first == nil {
		o.first = newFirstLayer(o)
	}
	if o.first != nil {
		var keptRows []int
		var keptPre []float64
		if prev := o.sub; prev != nil && prev.firstRows != nil {
			keptRows, keptPre = prev.firstRows.rows[:0], prev.firstRows.pre
		}
		s.firstRows = &subsetFirstLayer{f: o.first, rows: append(keptRows, rows...), x: xs, pre: keptPre}
	}
	s.workers, s.scoring = o.workers, o.scoring
	// A method that scored the last batch scores this one: a minibatch
	// search draws a batch, takes its loss at x and scores coordinates
	// there. So the new scorer takes the old one's buffers, and Func
	// builds its cache (funcFromScorer) rather than run the pass twice.
	s.recycled = recycled
	s.funcByScorer = recycled != nil
	o.sub = s
	return s
}

// Rows implements optimize.RowSubsets for a loss without a gradient.
func (v valueOnly) Rows() int { return v.o.Rows() }

// Subset implements optimize.RowSubsets for a loss without a gradient:
// the subset is as gradient-free as v.
func (v valueOnly) Subset(rows []int) optimize.Problem { return v.o.Subset(rows) }

var (
	_ optimize.RowSubsets = (*Objective)(nil)
	_ optimize.RowSubsets = valueOnly{}
	_ optimize.RowSubsets = outputLayer{}
	_ optimize.RowSubsets = valueOnlyOutputLayer{}
)
