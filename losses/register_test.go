package losses_test

import (
	"reflect"
	"testing"

	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/registry"
)

func TestRegistered(t *testing.T) {
	cases := []struct {
		name           string
		config         any // the type New returns
		loss           nn.Loss
		differentiable bool
		task           nn.Task
	}{
		{"mse", &losses.MSE{}, losses.MSE{}, true, nn.Regression},
		{"mae", &losses.MAE{}, losses.MAE{}, true, nn.Regression},
		{"huber", &losses.Huber{Delta: 1}, losses.Huber{Delta: 1}, true, nn.Regression},
		{"cross_entropy", &losses.CrossEntropy{}, losses.CrossEntropy{}, true, nn.Classification},
		{"zero_one", &losses.ZeroOne{}, losses.ZeroOne{}, false, nn.Classification},
	}
	for _, c := range cases {
		r, err := registry.LookupLoss(c.name)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if r.Name != c.name || r.Doc == "" {
			t.Errorf("%s: registered as %q with doc %q", c.name, r.Name, r.Doc)
		}
		cfg := r.New()
		if !reflect.DeepEqual(cfg, c.config) {
			t.Errorf("%s: New() = %#v, want %#v", c.name, cfg, c.config)
		}
		if v, ok := cfg.(registry.Validator); ok {
			if err := v.Validate(); err != nil {
				t.Errorf("%s: default config does not validate: %v", c.name, err)
			}
		}
		l := cfg.Loss()
		if l != c.loss {
			t.Errorf("%s: Loss() = %#v, want %#v", c.name, l, c.loss)
		}
		if l.Differentiable() != c.differentiable {
			t.Errorf("%s: Differentiable() = %v", c.name, l.Differentiable())
		}
		if got := nn.LossTask(l); got != c.task {
			t.Errorf("%s: task %v, want %v", c.name, got, c.task)
		}
	}
}

func TestHuberConfigDecodedOverDefault(t *testing.T) {
	// The loader decodes a file's delta into the config New returns, so a
	// changed Delta is what Loss uses.
	r, err := registry.LookupLoss("huber")
	if err != nil {
		t.Fatal(err)
	}
	cfg := r.New().(*losses.Huber)
	cfg.Delta = 0.25
	if other := r.New().(*losses.Huber); other.Delta != 1 {
		t.Errorf("a second New() has delta %v after the first was changed, want 1", other.Delta)
	}
	l := cfg.Loss()
	// Error 1 beyond delta 0.25: 0.25*(1 - 0.125).
	if got := l.Row([]float64{1}, []float64{0}); got != 0.21875 {
		t.Errorf("loss with delta 0.25 at error 1 = %v, want 0.21875", got)
	}
}
