package runner

// Job is one repeat of one run.
type Job struct {
	// Index is the job's position in Jobs' result, which is also the order
	// of Run's results.
	Index int
	// Run is what the job runs; nil in a result read back from CSVs,
	// which know only RunName.
	Run *Spec
	// RunName is Run.Name, and all a result read back knows of its run.
	RunName string
	Repeat  int
	// Seed is JobSeed(Run.Seed, Repeat): it alone fixes the initial
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

// Jobs lists the jobs of runs: runs in order, and within each run its
// repeats from 0, each with its content hash.
func Jobs(runs []*Spec) []Job {
	var jobs []Job
	h := newHasher()
	for _, run := range runs {
		prefix, err := h.runDigest(run)
		for r := 0; r < run.Repeats; r++ {
			seed := JobSeed(run.Seed, r)
			hash := ""
			if err == nil {
				hash = jobDigest(prefix, seed, r)
			}
			jobs = append(jobs, Job{
				Index:   len(jobs),
				Run:     run,
				RunName: run.Name,
				Repeat:  r,
				Seed:    seed,
				Hash:    hash,
			})
		}
	}
	return jobs
}
