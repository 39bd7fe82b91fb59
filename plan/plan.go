package plan

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/runner"
)

// Plan is an experiment resolved into work.
type Plan struct {
	// Runs are the runs of the file, in file order.
	Runs []*runner.Spec
}

// Resolve turns exp, which must have decoded without errors, into work.
// The Plan is nil whenever the diagnostics hold an error.
func Resolve(exp *dsl.Experiment) (*Plan, hcl.Diagnostics) {
	p := &Plan{}
	for _, r := range exp.Runs {
		p.Runs = append(p.Runs, spec(r))
	}
	return p, nil
}

func spec(r *dsl.Run) *runner.Spec {
	m := r.Model
	s := &runner.Spec{
		Name:    r.Name,
		Dataset: &runner.Dataset{Train: r.Dataset.Train, Test: r.Dataset.Test},
		Model: &runner.Model{
			Hidden:          m.Hidden,
			ActivationNames: m.ActivationNames,
			Activations:     m.Activations,
			InitWeights:     m.InitWeights,
			InitBiases:      m.InitBiases,
		},
		LossName:       r.LossName,
		Loss:           r.Loss,
		Pipeline:       &runner.Pipeline{Name: r.Pipeline.Name},
		Repeats:        r.Repeats,
		Seed:           r.Seed,
		MaxEvaluations: r.MaxEvaluations,
	}
	for _, st := range r.Pipeline.Stages {
		s.Pipeline.Stages = append(s.Pipeline.Stages, &runner.Stage{Optimizer: st.Optimizer, Config: st.Config})
	}
	return s
}
