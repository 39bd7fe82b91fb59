package hybrid_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/optimizers/adam"
	"github.com/nnexp/nnexp/optimizers/hybrid"
	"github.com/nnexp/nnexp/optimizers/search"
	"github.com/nnexp/nnexp/registry"
)

// config is a 2-sweep search on the grid -1, -0.5, 0, 0.5, 1 without early
// stopping, then 3 full-batch Adam epochs with lr 0.05.
func config() hybrid.Config {
	c := hybrid.DefaultConfig()
	c.Search.WeightRange, c.Search.BiasRange = []float64{-1, 1}, []float64{-1, 1}
	c.Search.WeightSteps, c.Search.BiasSteps = 5, 5
	c.Search.Iterations, c.Search.Tolerance = 2, 0
	c.Adam.Epochs, c.Adam.LearningRate = 3, 0.05
	return c
}

// TestStages: the preset is the search optimizer's config, then Adam's,
// with the block's settings, each a copy of its own, so that a runner
// that builds methods from them cannot change the preset.
func TestStages(t *testing.T) {
	cfg := config()
	stages := cfg.Stages()
	if len(stages) != 2 || stages[0].Name != "search" || stages[1].Name != "adam" {
		t.Fatalf("Stages() = %+v, want search then adam", stages)
	}
	s, ok := stages[0].Config.(*search.Config)
	if !ok || s.WeightSteps != 5 || s.Iterations != 2 || s.Tolerance != 0 {
		t.Errorf("stage search is %#v, want the block's search settings", stages[0].Config)
	}
	a, ok := stages[1].Config.(*adam.Config)
	if !ok || a.Epochs != 3 || a.LearningRate != 0.05 {
		t.Errorf("stage adam is %#v, want the block's adam settings", stages[1].Config)
	}
	if ok {
		a.Epochs = 99
		if cfg.Adam.Epochs != 3 || cfg.Stages()[1].Config.(*adam.Config).Epochs != 3 {
			t.Error("a stage's config shares memory with the preset")
		}
	}
	for _, st := range stages {
		if _, ok := st.Config.(registry.MethodConfig); !ok {
			t.Errorf("stage %s builds no method", st.Name)
		}
	}
}

func TestValidateNamesNestedSetting(t *testing.T) {
	f := 1.0
	cases := []struct {
		setting string
		edit    func(c *hybrid.Config)
	}{
		{"search.weight_steps", func(c *hybrid.Config) { c.Search.WeightSteps = 1 }},
		{"search.bias_range", func(c *hybrid.Config) { c.Search.BiasRange = []float64{1, 1} }},
		{"adam.learning_rate", func(c *hybrid.Config) { c.Adam.LearningRate = 0 }},
		{"adam.plateau.factor", func(c *hybrid.Config) { c.Adam.Plateau = &adam.Plateau{Factor: &f} }},
	}
	for _, c := range cases {
		cfg := hybrid.DefaultConfig()
		c.edit(&cfg)
		err := cfg.Validate()
		var se *registry.SettingError
		if !errors.As(err, &se) || se.Setting != c.setting {
			t.Errorf("Validate = %v, want a SettingError on %s", err, c.setting)
			continue
		}
		if !strings.HasPrefix(err.Error(), c.setting+": ") {
			t.Errorf("message %q does not start with the setting", err)
		}
	}
	if err := hybrid.DefaultConfig().Validate(); err != nil {
		t.Errorf("defaults do not validate: %v", err)
	}
}

func TestRegistered(t *testing.T) {
	o, err := registry.LookupOptimizer("hybrid")
	if err != nil {
		t.Fatal(err)
	}
	c, ok := o.New().(*hybrid.Config)
	if !ok {
		t.Fatalf("New() is a %T", o.New())
	}
	if c.Search.Iterations != search.DefaultConfig().Iterations || c.Adam.Epochs != adam.DefaultConfig().Epochs {
		t.Errorf("New() = %+v, want each stage's defaults", *c)
	}
	if !c.UsesGradient() {
		t.Error("hybrid does not report that it uses a gradient")
	}
}
