package plan_test

import (
	"testing"
	"time"

	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/internal/fashionmnist"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/plan"
)

// TestFashionMNISTPlanReal decodes and plans the README's dataset block on
// Debian's Fashion-MNIST files: validate's header checks, then the load of
// both sets with the official test set and scale 1/255. It skips when the
// package is missing, unless CI is set (.ci/run installs it).
func TestFashionMNISTPlanReal(t *testing.T) {
	trainImages, trainLabels := fashionmnist.Files(t, "train")
	testImages, testLabels := fashionmnist.Files(t, "t10k")
	src := `
experiment "fashion" {}
dataset "fashion" {
  source = "idx"
  images = "` + trainImages + `"
  labels = "` + trainLabels + `"
  scale  = 1 / 255
  test {
    images = "` + testImages + `"
    labels = "` + testLabels + `"
  }
}
model "logistic" { hidden = [] }
pipeline "p" {
  optimizer "adam" { epochs = 1 }
}
run "r" {
  dataset  = dataset.fashion
  model    = model.logistic
  loss     = "mse"
  pipeline = pipeline.p
}
`
	started := time.Now()
	exp, diags := dsl.NewLoader().Load("fashion.hcl", []byte(src), nil)
	if diags.HasErrors() {
		t.Fatalf("decode:\n%s", compact(diags))
	}
	decoded := time.Since(started)
	p, diags := plan.Resolve(exp)
	if diags.HasErrors() {
		t.Fatalf("plan:\n%s", compact(diags))
	}
	t.Logf("decode (headers) %.3fs, plan (both sets) %.2fs", decoded.Seconds(), time.Since(started).Seconds()-decoded.Seconds())
	ds := p.Runs[0].Dataset
	if ds.Train.Rows != 60000 || ds.Train.Inputs != 784 || ds.Test == nil || ds.Test.Rows != 10000 || len(ds.Train.Classes) != 10 {
		t.Fatalf("train %d x %d, test %+v", ds.Train.Rows, ds.Train.Inputs, ds.Test)
	}
	if nn.LossTask(p.Runs[0].Loss) != nn.Classification {
		t.Errorf("mse on Fashion-MNIST resolved to a %v loss", nn.LossTask(p.Runs[0].Loss))
	}
}
