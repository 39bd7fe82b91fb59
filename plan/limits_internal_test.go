package plan

import (
	"strings"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/nn"
)

// The bounds, worked out by hand: a 10-500-1 model on 500,000 rows keeps
// 511 x 500,000 = 255,500,000 activations, past the 250,000,000 a job may
// (about 4.5 GB at 17 bytes each); on 480,000 rows, 245,280,000, within.
// A 1-16,666,667-1 model has 3h + 1 = 50,000,002 parameters, past 50,000,000.
func TestTooLarge(t *testing.T) {
	m, err := nn.NewMLP(10, []int{500}, []nn.Activation{activations.ReLU}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if why := tooLarge(m, 500_000); !strings.Contains(why, "255500000 activations to keep; nnexp allows at most 250000000") {
		t.Errorf("500,000 rows: %q", why)
	}
	if why := tooLarge(m, 480_000); why != "" {
		t.Errorf("480,000 rows: %q", why)
	}
	// 1 input, one hidden layer of h units, 1 output: 3h + 1 parameters.
	wide, err := nn.NewMLP(1, []int{16_666_667}, []nn.Activation{activations.ReLU}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if why := tooLarge(wide, 1); !strings.Contains(why, "50000002 parameters") {
		t.Errorf("wide model: %q", why)
	}
}
