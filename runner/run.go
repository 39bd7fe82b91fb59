package runner

import (
	"context"
	"runtime"
	"sync"

	"github.com/nnexp/nnexp/dsl"
)

// Options tune Run.
type Options struct {
	// Parallel is the number of jobs run at once; <= 0 means one per CPU.
	Parallel int
	// OnJobDone, if set, is called once per job as it finishes, from one
	// goroutine at a time, in completion order (for progress output).
	OnJobDone func(Result)
}

// Run runs every job of e and returns their results in job order. Each job
// builds its own model, objective, methods and random sources from its seed,
// so the results do not depend on Parallel or on scheduling (except for the
// elapsed times). Cancelling ctx stops running jobs between steps and marks
// them, and the jobs not yet started, interrupted.
func Run(ctx context.Context, e *dsl.Experiment, opt Options) []Result {
	jobs := Jobs(e)
	results := make([]Result, len(jobs))
	if len(jobs) == 0 {
		return results
	}
	workers := opt.Parallel
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	workers = min(workers, len(jobs))

	todo := make(chan Job)
	done := make(chan Result)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for job := range todo {
				done <- RunJob(ctx, job)
			}
		})
	}
	go func() {
		for _, job := range jobs {
			todo <- job
		}
		close(todo)
	}()
	go func() {
		wg.Wait()
		close(done)
	}()
	// Collecting here keeps OnJobDone on this one goroutine.
	for res := range done {
		results[res.Index] = res
		if opt.OnJobDone != nil {
			opt.OnJobDone(res)
		}
	}
	return results
}
