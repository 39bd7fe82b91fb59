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
	// Hash is the job's content hash (see JobHash): equal hashes mean
	// equal results, so a stored result with this hash can stand in for
	// running the job. It is empty when the run's inputs cannot be
	// hashed; such a job is always run and never stored.
	Hash string
	// OtherBuild is set by Run on a job it runs although its result is
	// stored, because another build computed that result (Options.Build).
	OtherBuild bool
}

// Jobs lists the jobs of e: runs in file order, and within each run its
// repeats from 0, each with its content hash.
func Jobs(e *dsl.Experiment) []Job {
	var jobs []Job
	h := newHasher()
	for _, run := range e.Runs {
		prefix, err := h.runDigest(run)
		for r := 0; r < run.Repeats; r++ {
			seed := dsl.JobSeed(run.Seed, r)
			hash := ""
			if err == nil {
				hash = jobDigest(prefix, seed, r)
			}
			jobs = append(jobs, Job{
				Index:  len(jobs),
				Run:    run,
				Repeat: r,
				Seed:   seed,
				Hash:   hash,
			})
		}
	}
	return jobs
}
