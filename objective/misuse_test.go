package objective_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
)

// A method that misuses the objective (a vector of the wrong length, a
// parameter past the end, too few losses) gets a panic that says what was
// wrong and names the method's own call, here this file.
func TestMisuseNamesTheCall(t *testing.T) {
	m, d, x := twoOutputs(t)
	o := objective.New(m, d, losses.MSE{})
	p := o.Problem()
	grid := []float64{0, 1}
	for _, c := range []struct {
		name string
		call func()
		want string
	}{
		{"short x", func() { p.Func(x[:1]) }, "objective: Func's x has 1 values where the model has 26 parameters"},
		{"short grad", func() { p.(optimize.Differentiable).Grad(make([]float64, 3), x) }, "objective: Grad's grad has 3 values"},
		{"parameter past the end", func() { o.ScoreCoordinate(make([]float64, 2), x, len(x), grid) }, "objective: ScoreCoordinate of parameter 26 (of 26) with 2 losses for 2 values"},
		{"too few losses", func() { o.ScoreCoordinate(make([]float64, 1), x, 0, grid) }, "with 1 losses for 2 values"},
		{"output inputs", func() { p.(optimize.OutputLayer).OutputInputs(nil, nil, x) }, "objective: OutputInputs with 0 features"},
	} {
		msg := func() (msg string) {
			defer func() { msg = fmt.Sprint(recover()) }()
			c.call()
			return ""
		}()
		if !strings.Contains(msg, c.want) || !strings.Contains(msg, "the call was at ") || !strings.Contains(msg, "objective/misuse_test.go:") {
			t.Errorf("%s: panic %q, want %q and this file's line", c.name, msg, c.want)
		}
	}
}
