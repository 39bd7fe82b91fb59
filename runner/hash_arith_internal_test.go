package runner

import (
	"testing"

	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/registry"

	_ "github.com/nnexp/nnexp/builtin"
)

// A build that rounds differently (another architecture, or GOAMD64=v3)
// gives every job another hash, so it never reuses this build's results.
func TestJobHashNamesTheArithmetic(t *testing.T) {
	run := diabetesSearch(t)
	here, err := JobHash(run, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer func(f func() string) { arithmetic = f }(arithmetic)
	arithmetic = func() string { return "arm64 GOARM64=v8.0" }
	there, err := JobHash(run, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if here == there {
		t.Errorf("the same hash %s under another arithmetic", here)
	}
}

// diabetesSearch is a small run built from the registry by hand, since this
// package's own tests cannot use package plan, which imports it.
func diabetesSearch(t *testing.T) *Spec {
	t.Helper()
	data, err := mustLookup(t, registry.LookupDataset, "diabetes").Load()
	if err != nil {
		t.Fatal(err)
	}
	relu := mustLookup(t, registry.LookupActivation, "relu").Value
	return &Spec{
		Name:     "r",
		Dataset:  &Dataset{Train: data},
		Model:    &Model{Hidden: []int{2}, ActivationNames: []string{"relu"}, Activations: []nn.Activation{relu}},
		LossName: "mse",
		Loss:     mustLookup(t, registry.LookupLoss, "mse").New().Loss(),
		Pipeline: &Pipeline{Name: "p", Stages: []*Stage{{Optimizer: "search", Config: mustLookup(t, registry.LookupOptimizer, "search").New()}}},
		Repeats:  1,
		Seed:     1,
	}
}

func mustLookup[T any](t *testing.T, lookup func(string) (T, error), name string) T {
	t.Helper()
	v, err := lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
