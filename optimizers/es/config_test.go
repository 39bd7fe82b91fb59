package es_test

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/es"
	"github.com/nnexp/nnexp/registry"
)

func TestValidateMessages(t *testing.T) {
	cases := []struct {
		edit    func(*es.Config)
		setting string
		want    string
	}{
		{func(c *es.Config) { c.Population = 0 }, "population", "population: must be from 1 to 100000, got 0"},
		{func(c *es.Config) { c.Population = 100_001 }, "population", "population: must be from 1 to 100000, got 100001"},
		{func(c *es.Config) { c.Sigma = 0 }, "sigma", "sigma: must be from 0 (exclusive) to 1e+06, got 0"},
		{func(c *es.Config) { c.Sigma = math.Inf(1) }, "sigma", "sigma: must be from 0 (exclusive) to 1e+06, got +Inf"},
		{func(c *es.Config) { c.Update = "Adam" }, "update", `update: must be "adam" or "sgd", got "Adam"`},
		{func(c *es.Config) { c.LearningRate = -0.1 }, "learning_rate", "learning_rate: must be from 0 (exclusive) to 1e+06, got -0.1"},
		{func(c *es.Config) { c.LearningRate = math.NaN() }, "learning_rate", "learning_rate: must be from 0 (exclusive) to 1e+06, got NaN"},
		{func(c *es.Config) { c.WeightDecay = -1 }, "weight_decay", "weight_decay: must be from 0 to 1e+06, got -1"},
		{func(c *es.Config) { c.WeightDecay = math.NaN() }, "weight_decay", "weight_decay: must be from 0 to 1e+06, got NaN"},
		{func(c *es.Config) { c.Generations = 0 }, "generations", "generations: must be from 1 to 1000000, got 0"},
		{func(c *es.Config) { c.Generations = 1_000_001 }, "generations", "generations: must be from 1 to 1000000, got 1000001"},
	}
	for _, c := range cases {
		cfg := es.DefaultConfig()
		c.edit(&cfg)
		err := cfg.Validate()
		var se *registry.SettingError
		if !errors.As(err, &se) {
			t.Errorf("%s: Validate() = %v, want a *registry.SettingError", c.setting, err)
			continue
		}
		if se.Setting != c.setting || err.Error() != c.want {
			t.Errorf("Validate() = %q (setting %q), want %q", err, se.Setting, c.want)
		}
	}
	for _, ok := range []func(*es.Config){
		func(*es.Config) {},
		func(c *es.Config) { c.Population, c.Generations, c.Update = 1, 1, "sgd" },
		func(c *es.Config) {
			c.Population, c.Generations = es.MaxPopulation, es.MaxGenerations
			c.Sigma, c.LearningRate, c.WeightDecay = es.MaxScale, es.MaxScale, es.MaxScale
		},
	} {
		cfg := es.DefaultConfig()
		ok(&cfg)
		if err := cfg.Validate(); err != nil {
			t.Errorf("Validate(%+v) = %v, want nil", cfg, err)
		}
	}
}

func TestRegistered(t *testing.T) {
	o, err := registry.LookupOptimizer("es")
	if err != nil {
		t.Fatal(err)
	}
	cfg, ok := o.New().(*es.Config)
	if !ok {
		t.Fatalf("New() = %T, want *es.Config", o.New())
	}
	want := es.Config{Population: 50, Sigma: 0.1, Update: "adam", LearningRate: 0.01, Generations: 100}
	if !reflect.DeepEqual(*cfg, want) {
		t.Errorf("New() = %+v, want %+v", *cfg, want)
	}
	if o.Doc == "" || o.New() == o.New() {
		t.Error("no Doc line, or New returns one config twice")
	}
	if cfg.UsesGradient() {
		t.Error("es must report UsesGradient() == false")
	}
	if m := (es.Config{}).Method().(optimize.StepLimit); m.MaxSteps() != 100 {
		t.Errorf("zero config: MaxSteps %d, want the default 100 generations", m.MaxSteps())
	}
}
