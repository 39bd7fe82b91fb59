package runner

// Progress is where a running job stands, passed to Options.OnStep after
// every record of its history, for progress displays.
type Progress struct {
	// Record is the record just appended to the job's history; its Step
	// is 0 when a stage starts.
	Record
	// Stages is the number of stages of the flattened pipeline.
	Stages int
	// Steps counts the steps the job has taken over all its stages.
	Steps int
	// MaxSteps is the most steps the whole pipeline may take, the sum of
	// its stages' optimize.StepLimit, or 0 when a stage cannot say. A
	// method that converges, or a budget, can stop the job sooner.
	MaxSteps int
	// MaxSeconds is the run's time budget (max_seconds), 0 when it has
	// none: the job stops about then whatever MaxSteps says.
	MaxSeconds float64
	// Wall is the job's wall-clock seconds at the record: Record.Elapsed,
	// its training time, plus the runner's watching so far, which a
	// display's ETA has to wait through too.
	Wall float64
}

// Within is where a running job stands part-way through a step, passed to
// Options.OnWithin as its method reports progress (optimize.Env.Checkpoint:
// search and random_search between parameters), so that a display can
// show a sweep of minutes moving. It touches neither the history nor any
// result.
type Within struct {
	Stage     int
	Optimizer string
	// Step is the step under way, within the stage, as Record.Step.
	Step int
	// Done is the share of the step done, 0 < Done < 1.
	Done float64
	// Params is the number of the problem's parameters; a sweep visits
	// them in turn, so about Done·Params are done.
	Params int
	// StepEvaluations are the evaluations since the step began (each of
	// search's candidates is one), and StepElapsed its seconds so far.
	StepEvaluations int64
	StepElapsed     float64
}
