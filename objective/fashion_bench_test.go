package objective_test

import (
	"math/rand/v2"
	"os"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/datasets"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/search"
)

// BenchmarkSearchFashionFirstLayer scores the first 4,000 first-layer
// weights of a 784-64-10 ReLU net on 4,096 real Fashion-MNIST rows under
// mse on classes, each best value accepted, and reports the work in
// forward passes over those rows (passes/op) beside the time: the
// figures the README's Speed table gives for the blocked first layer and
// the one-term output-scale update. It needs Debian's
// dataset-fashion-mnist and skips without it.
func BenchmarkSearchFashionFirstLayer(b *testing.B) {
	const dir = "/usr/share/datasets/fashion-mnist/"
	im, err := os.Open(dir + "train-images-idx3-ubyte.gz")
	if err != nil {
		b.Skipf("no Fashion-MNIST (apt-get install dataset-fashion-mnist): %v", err)
	}
	defer im.Close()
	lb, err := os.Open(dir + "train-labels-idx1-ubyte.gz")
	if err != nil {
		b.Skipf("no Fashion-MNIST labels: %v", err)
	}
	defer lb.Close()
	d, err := datasets.LoadIDX(im, lb, "images", "labels", 1.0/255)
	if err != nil {
		b.Fatal(err)
	}
	const rows, params = 4096, 4000
	sub := *d
	sub.Rows, sub.X, sub.Y = rows, d.X[:rows*d.Inputs], d.Y[:rows*d.TargetDim]
	m, _ := nn.NewMLP(784, []int{64}, []nn.Activation{activations.ReLU}, 10)
	start := make([]float64, m.NumParams())
	m.Init(start, rand.New(rand.NewPCG(1, 1)), nil, nil)
	grid := search.Grid(-0.5, 0.5, 20)
	losses1 := make([]float64, len(grid))
	passes := 0.0
	for b.Loop() {
		o := objective.New(m, &sub, losses.MSE{}.OnClasses())
		p := o.Problem().(optimize.ExactCoordinateScorer)
		loc := optimize.Location{X: append([]float64(nil), start...)}
		loc.F = p.Func(loc.X)
		for i := range params {
			loc.F = search.CoordinateExact(p, loc.X, i, loc.F, grid, losses1)
		}
		passes = o.Cost()
	}
	b.ReportMetric(passes, "passes/op")
}
