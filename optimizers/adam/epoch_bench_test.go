//go:build unix

package adam_test

import (
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/adam"
	"github.com/nnexp/nnexp/optimizers/internal/adamstep"
)

// fashionShaped is Fashion-MNIST's shape without the Debian package:
// 60,000 rows of 784 pixels, 10 classes, and a 784-64-10 ReLU net at
// PyTorch's default initialisation. Like the real images, about half the
// pixels are 0 and the class shows in the others: each class has a
// prototype (a random half of the pixels on, in [0, 1)), and a row is its
// class's prototype times a brightness in [0.5, 1) per pixel.
func fashionShaped(b *testing.B) (*objective.Objective, []float64) {
	b.Helper()
	const rows, inputs, classes = 60_000, 784, 10
	rng := rand.New(rand.NewPCG(1, 2))
	protos := make([]float64, classes*inputs)
	for i := range protos {
		if rng.IntN(2) == 0 {
			protos[i] = rng.Float64()
		}
	}
	d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: 1, Task: nn.Classification,
		X: make([]float64, rows*inputs), Y: make([]float64, rows), Classes: make([]string, classes)}
	for r := range rows {
		c := rng.IntN(classes)
		d.Y[r] = float64(c)
		for i, p := range protos[c*inputs : (c+1)*inputs] {
			d.X[r*inputs+i] = p * (0.5 + 0.5*rng.Float64())
		}
	}
	m, err := nn.NewMLP(inputs, []int{64}, []nn.Activation{activations.ReLU}, classes)
	if err != nil {
		b.Fatal(err)
	}
	params := make([]float64, m.NumParams())
	m.Init(params, rng, nil, nil)
	return objective.New(m, d, losses.CrossEntropy{}), params
}

// BenchmarkFashionEpoch is one Adam epoch of 784-64-10 in batches of 128,
// the unit of issue 13's comparison with scikit-learn's MLPClassifier:
// "step" is Adam's Step (469 minibatch gradients and updates, then the
// full-data loss it reports), "minibatches" the gradients and updates
// alone, which is all an MLPClassifier epoch does, and "loss" the
// full-data loss alone (the exact per-row path, as every report uses).
func BenchmarkFashionEpoch(b *testing.B) {
	o, start := fashionShaped(b)
	// The first batched gradient makes the objective's scratch space;
	// a warm-up keeps that one-time allocation out of the figures.
	o.BatchGrad(make([]float64, o.Dim()), start, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	cfg := adam.DefaultConfig()
	cfg.BatchSize, cfg.Epochs = 128, adam.MaxEpochs
	b.Run("step", func(b *testing.B) {
		m := cfg.Method()
		loc := &optimize.Location{X: append([]float64(nil), start...)}
		if err := m.Init(o, loc, optimize.Env{Rand: rand.New(rand.NewPCG(3, 4))}); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			if _, err := m.Step(loc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("loss", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			o.Func(start)
		}
	})
	b.Run("minibatches", func(b *testing.B) {
		x := append([]float64(nil), start...)
		grad := make([]float64, len(x))
		rng := rand.New(rand.NewPCG(3, 4))
		rows := make([]int, o.Rows())
		moments := adamstep.New(len(x))
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			for i := range rows {
				rows[i] = i
			}
			rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
			for s := 0; s < len(rows); s += 128 {
				o.BatchGrad(grad, x, rows[s:min(s+128, len(rows))])
				moments.Step(x, grad, cfg.LearningRate, cfg.Beta1, cfg.Beta2, cfg.Epsilon)
			}
		}
	})
}

// reportCPU starts counting the process's CPU time and returns the
// function that reports it per op as cpu-s/op. On a machine shared with
// other work, wall time (sec/op) counts the waits for a core too; CPU
// time is what the job itself spent, the figure to set beside another
// program's.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric((cpuTime()-start).Seconds()/float64(b.N), "cpu-s/op")
	}
}

func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
