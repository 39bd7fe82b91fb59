package runner

// Store keeps the results of finished jobs between runs, by Job.Hash, so
// that running an experiment again into the same folder skips the jobs it
// has already done and an interrupted run resumes where it stopped.
// report.JobStore keeps them as files; Run never writes a result whose
// status is not Reusable.
type Store interface {
	// Load returns the stored result of a job with job.Hash, or false
	// when there is none or it cannot be read (the job then runs again).
	// Only the stored fields matter: Run puts job itself in the result.
	Load(job Job) (Result, bool)
	// Save stores a finished job's result under its Hash. Run calls it
	// from the job's worker as the job ends, so concurrently for
	// different jobs.
	Save(res Result) error
}
