package runner

import "github.com/nnexp/nnexp/dsl"

// Job is one repeat of one run.
type Job struct {
	// Index is the job's position in Jobs' result, which is also the order
	// of Run's results.
	Index  int
	Run    *dsl.Run
	Repeat int
	// Seed is dsl.JobSeed(Run.Seed, Repeat): it alone fixes the initial
	// parameters and the method's random source.
	Seed uint64
}

// Jobs lists the jobs of e: runs in file order, and within each run its
// repeats from 0.
func Jobs(e *dsl.Experiment) []Job {
	var jobs []Job
	for _, run := range e.Runs {
		for r := 0; r < run.Repeats; r++ {
			jobs = append(jobs, Job{
				Index:  len(jobs),
				Run:    run,
				Repeat: r,
				Seed:   dsl.JobSeed(run.Seed, r),
			})
		}
	}
	return jobs
}
