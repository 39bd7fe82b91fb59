package plan_test

import (
	"math"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/plan"
	"github.com/nnexp/nnexp/registry"
)

// A data set registered in Go passes no reader's checks: a NaN in it is a
// diagnostic at its source when the experiment is planned (nnexp validate),
// not a run that "diverged".
func TestRegisteredDatasetIsChecked(t *testing.T) {
	registry.RegisterDataset(registry.Dataset{Name: "zz_nan_table", Load: func() (*nn.Data, error) {
		return &nn.Data{X: []float64{1, math.NaN(), 3}, Y: []float64{1, 2, 3}, Rows: 3, Inputs: 1, TargetDim: 1}, nil
	}})
	src := strings.Replace(twoRuns, `source        = "diabetes"`, `source        = "zz_nan_table"`, 1)
	_, diags := plan.Resolve(decode(t, src))
	want := `p.hcl:6:19: error: Unusable dataset: plan: the dataset "zz_nan_table" registered in Go is unusable: row 1, input 0 is NaN; every value must be finite.` + "\n"
	if got := compact(diags); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
