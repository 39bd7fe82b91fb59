package dsl

import (
	"fmt"
	"math"

	"github.com/hashicorp/hcl/v2"
)

// Stops are the rules that end a job besides its optimizers' own: budgets,
// which are caps, and targets. The experiment block's are the default of
// every run; a run block's replace them one by one.
type Stops struct {
	// MaxEvaluations caps the training loss evaluations of a job
	// (max_evaluations); 0 means none. It counts rather than times, so a
	// budgeted job is as reproducible as any other.
	MaxEvaluations int64
	// MaxCost caps the work of a job in forward-pass equivalents
	// (max_cost, objective.Cost); 0 means none. It counts too.
	MaxCost float64
	// MaxSeconds caps a job's training time (max_seconds); 0 means none.
	// It is the one stop that makes results depend on the machine.
	MaxSeconds float64
	// TargetLoss ends a job once its training loss is at or below it
	// (target_loss); nil means none.
	TargetLoss *float64
	// TargetAccuracy ends a job once its test accuracy reaches it
	// (target_accuracy, classification with a test split); nil means none.
	TargetAccuracy *float64
	// TargetAccuracyAt is where target_accuracy is written, for the plan's
	// check that the data has classes and a test split.
	TargetAccuracyAt *Place
}

// MaxSecondsLimit bounds max_seconds (about 116 days), so that every
// accepted value is a duration.
const MaxSecondsLimit = 1e7

// MaxCostLimit bounds max_cost: far more forward passes than any job can
// make, and small enough that the cap in multiply-adds stays exact.
const MaxCostLimit = 1e12

// stopAttributes are the attributes decodeStops reads, for the schemas of
// the experiment and run blocks.
var stopAttributes = []hcl.AttributeSchema{
	{Name: "max_evaluations"},
	{Name: "max_cost"},
	{Name: "max_seconds"},
	{Name: "target_loss"},
	{Name: "target_accuracy"},
}

// decodeStops overwrites s with the stop attributes set in attrs.
func decodeStops(attrs hcl.Attributes, ctx *hcl.EvalContext, s *Stops) hcl.Diagnostics {
	var diags hcl.Diagnostics
	if attr := attrs["max_evaluations"]; attr != nil {
		n, more := evalBudget(attr, ctx)
		diags = append(diags, more...)
		s.MaxEvaluations = n
	}
	if attr := attrs["max_cost"]; attr != nil {
		v, more := evalNumber(attr, ctx)
		diags = append(diags, more...)
		if !more.HasErrors() && !(v >= 1 && v <= MaxCostLimit) {
			diags = append(diags, attrError(attr, "Value out of range", fmt.Sprintf("max_cost must be at least 1 (a job first evaluates its start point, one forward pass over the training data) and at most %g; got %g.", MaxCostLimit, v)))
		}
		s.MaxCost = v
	}
	if attr := attrs["max_seconds"]; attr != nil {
		v, more := evalNumber(attr, ctx)
		diags = append(diags, more...)
		if !more.HasErrors() && !(v > 0 && v <= MaxSecondsLimit) {
			diags = append(diags, attrError(attr, "Value out of range", fmt.Sprintf("max_seconds must be above 0 and at most %g; got %g.", MaxSecondsLimit, v)))
		}
		s.MaxSeconds = v
	}
	if attr := attrs["target_loss"]; attr != nil {
		v, more := evalNumber(attr, ctx)
		diags = append(diags, more...)
		if !more.HasErrors() && (math.IsNaN(v) || math.IsInf(v, 0)) {
			diags = append(diags, attrError(attr, "Value out of range", fmt.Sprintf("target_loss must be a finite number; got %g.", v)))
		}
		s.TargetLoss = &v
	}
	if attr := attrs["target_accuracy"]; attr != nil {
		v, more := evalNumber(attr, ctx)
		diags = append(diags, more...)
		if !more.HasErrors() && !(v > 0 && v <= 1) {
			diags = append(diags, attrError(attr, "Value out of range", fmt.Sprintf("target_accuracy must be in (0, 1], a fraction of the test rows; got %g.", v)))
		}
		s.TargetAccuracy, s.TargetAccuracyAt = &v, placeOf(attr)
	}
	return diags
}
