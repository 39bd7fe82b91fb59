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
}
