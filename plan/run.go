package plan

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/registry"
	"github.com/nnexp/nnexp/runner"
)

// resolveRun builds a run's Spec on its loaded data and checks what the
// data decides: that the model can be built on it and is not too large
// for its rows, and that the loss is for the data's task.
func resolveRun(r *dsl.Run, ds *runner.Dataset) (*runner.Spec, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	m := r.Model
	if m.Activations == nil || r.Loss == nil {
		// Only a detached decoding leaves them out.
		return nil, hcl.Diagnostics{r.ModelAt.Error("Cannot plan", fmt.Sprintf("plan: run %q names components this program does not register.", r.Name))}
	}
	data := ds.Train
	mlp, err := nn.NewMLP(data.Inputs, m.Hidden, m.Activations, data.Outputs())
	if err != nil {
		diags = append(diags, r.ModelAt.Error("Model does not fit the data", err.Error()))
	} else if msg := tooLarge(mlp, data.Rows); msg != "" {
		diags = append(diags, r.ModelAt.Error("Model too large", msg))
	}
	if r.TargetAccuracy != nil && (data.Task != nn.Classification || ds.Test == nil) {
		what := taskPhrase(data)
		if ds.Test == nil {
			what += " with no test rows (test_fraction or a test block)"
		}
		diags = append(diags, r.TargetAccuracyAt.Error("Target needs a test split",
			fmt.Sprintf("target_accuracy is reached on the test rows of a classification dataset; dataset %q is %s.", r.Dataset.Name, what)))
	}
	loss := r.Loss
	if want := nn.LossTask(loss); want != data.Task {
		if oh, ok := loss.(nn.OneHotLoss); ok && data.Task == nn.Classification {
			// mse, mae or huber on classes: against one-hot targets, which
			// an optimizer that checks its loss (lstsq) sees as it is.
			loss = oh.OnClasses()
			for _, st := range r.Pipeline.Stages {
				if checker, ok := st.Config.(registry.LossChecker); ok {
					if err := checker.CheckLoss(loss); err != nil {
						diags = append(diags, r.LossAt.Error("Optimizer cannot minimize this loss",
							fmt.Sprintf("Pipeline %q uses %q, which cannot minimize loss %q on classification dataset %q (against one-hot targets): %v.", r.Pipeline.Name, st.Optimizer, r.LossName, r.Dataset.Name, err)))
					}
				}
			}
		} else {
			diags = append(diags, r.LossAt.Error("Loss does not fit the data",
				fmt.Sprintf("Loss %q is a %s loss, but dataset %q is %s; choose a %s loss.", r.LossName, want, r.Dataset.Name, taskPhrase(data), data.Task)))
		}
	}

	if !diags.HasErrors() {
		diags = append(diags, checkStages(r, mlp, data, loss)...)
	}

	s := &runner.Spec{
		Name:     r.Name,
		Dataset:  ds,
		Model:    ModelSpec(m),
		LossName: r.LossName,
		Loss:     loss,
		Pipeline: &runner.Pipeline{Name: r.Pipeline.Name},
		Repeats:  r.Repeats,
		Seed:     r.Seed,
		Stops: runner.Stops{
			MaxEvaluations: r.MaxEvaluations,
			MaxCost:        r.MaxCost,
			MaxSeconds:     r.MaxSeconds,
			TargetLoss:     r.TargetLoss,
			TargetAccuracy: r.TargetAccuracy,
		},
	}
	for _, st := range r.Settings {
		s.Settings = append(s.Settings, runner.Setting{Name: st.Name, Value: st.Value})
	}
	for _, st := range r.Pipeline.Stages {
		s.Pipeline.Stages = append(s.Pipeline.Stages, &runner.Stage{Optimizer: st.Optimizer, Config: st.Config})
	}
	return s, diags
}

// ModelSpec is the runner's model of a model block: what a job builds the
// net from, and what pairs runs (report.PairKey). Activations are nil in a
// detached decoding.
func ModelSpec(m *dsl.Model) *runner.Model {
	return &runner.Model{
		Hidden:          m.Hidden,
		ActivationNames: m.ActivationNames,
		Activations:     m.Activations,
		InitWeights:     m.InitWeights,
		InitBiases:      m.InitBiases,
	}
}

func taskPhrase(data *nn.Data) string {
	if data.Task == nn.Classification {
		return fmt.Sprintf("classification (%d classes)", len(data.Classes))
	}
	return "regression"
}

// checkStages asks each optimizer the run's pipeline will run (presets
// expanded) whether it can run on the run's problem
// (registry.ProblemChecker), as the runner asks before a job's first
// stage, so that a stage that cannot (cmaes with full = true past 2,000
// parameters, a search layer block the model lacks) is a diagnostic
// before any job starts rather than a failed row per job.
func checkStages(r *dsl.Run, mlp *nn.MLP, data *nn.Data, loss nn.Loss) hcl.Diagnostics {
	var diags hcl.Diagnostics
	o := objective.New(mlp, data, loss)
	defer o.Close()
	problem := o.Problem()
	for _, st := range r.Pipeline.LeafStages() {
		checker, ok := st.Config.(registry.ProblemChecker)
		if !ok {
			continue
		}
		if err := checker.CheckProblem(problem); err != nil {
			diags = append(diags, r.PipelineAt.Error("Optimizer cannot run on this model",
				fmt.Sprintf("Pipeline %q uses %q, which cannot run on model %q on dataset %q: %v.", r.Pipeline.Name, st.Name, r.Model.Name, r.Dataset.Name, err)))
		}
	}
	return diags
}
