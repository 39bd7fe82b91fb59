package runner

// The values of Result.Status. Completed and converged come from the last
// stage's optimize.Status; the others end a job early.
const (
	StatusCompleted   = "completed"
	StatusConverged   = "converged"
	StatusDiverged    = "diverged"
	StatusInterrupted = "interrupted"
	StatusFailed      = "failed"
)

// Record is the state of a job after one step of one stage.
type Record struct {
	// Stage counts from 1 over the flattened pipeline, in which a composite
	// optimizer contributes one stage per part.
	Stage int
	// Optimizer names the stage: the optimizer's registered name, or
	// "<optimizer>.<part>" for a part of a composite ("hybrid.adam").
	Optimizer string
	// Step is 0 for the state before the stage's first step.
	Step      int
	TrainLoss float64
	// TestLoss is NaN when the data set has no test split.
	TestLoss float64
	// Evaluations counts the training loss evaluations of the job so far;
	// those spent on the test split are not counted.
	Evaluations int64
	// Elapsed is seconds since the job started.
	Elapsed float64
}

// Result is what one job produced. Metrics that do not apply (no test split,
// accuracy on regression data) or could not be computed are NaN.
type Result struct {
	Job
	History []Record
	// Params are the final parameters, nil if the model could not be built.
	Params                      []float64
	TrainLoss, TestLoss         float64
	TrainAccuracy, TestAccuracy float64
	Evaluations                 int64
	Elapsed                     float64
	// Status is one of the Status constants.
	Status string
	// Err says what went wrong for diverged, interrupted and failed jobs.
	Err error
}
