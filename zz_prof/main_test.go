package zzprof

import (
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/datasets"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimizers/search"
	"github.com/nnexp/nnexp/optimize"
)

func TestProfileFashion(t *testing.T) {
	im, _ := os.Open("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")
	lb, _ := os.Open("/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz")
	d, err := datasets.LoadIDX(im, lb, "i", "l", 1.0/255)
	if err != nil {
		t.Fatal(err)
	}
	const rows = 4096
	sub := *d
	sub.Rows = rows
	sub.X = d.X[:rows*d.Inputs]
	sub.Y = d.Y[:rows*d.TargetDim]
	m, _ := nn.NewMLP(784, []int{64}, []nn.Activation{activations.ReLU}, 10)
	x := make([]float64, m.NumParams())
	m.Init(x, rand.New(rand.NewPCG(1, 1)), nil, nil)
	o := objective.New(m, &sub, losses.MSE{}.OnClasses())
	p := o.Problem()
	g := search.Grid(-0.5, 0.5, 20)
	l := make([]float64, len(g))
	loc := optimize.Location{X: x, F: p.Func(x)}
	start := time.Now()
	n := 0
	for i := 0; i < 4000; i++ {
		loc.F = search.CoordinateExact(p.(optimize.ExactCoordinateScorer), loc.X, i, loc.F, g, l)
		n++
	}
	el := time.Since(start)
	t.Logf("%d params in %v: %.3f ms/param, loss %v, cost %.2f", n, el, el.Seconds()*1000/float64(n), loc.F, o.Cost())
}
