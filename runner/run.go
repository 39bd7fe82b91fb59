package runner

import (
	"context"
	"math"
	"runtime"
	"sync"
)

// Options tune Run.
type Options struct {
	// Parallel is the number of jobs run at once; <= 0 means one per CPU.
	Parallel int
	// Store, if set, supplies the results of jobs already done, which are
	// not run again, and receives every job that ends with a Reusable
	// status, as it ends.
	Store Store
	// Force runs every job even when Store holds its result (and replaces
	// the stored result).
	Force bool
	// Build identifies the code running now (version.Build). A stored
	// result is reused only if the same build computed it: the job hash
	// covers the inputs and the version, not the code, and a plug-in
	// optimizer changed and rebuilt would otherwise get its old numbers
	// back. An empty Build (the executable could not be read) reuses
	// nothing. Every result this run computes records it.
	Build string
	// ReuseOtherBuilds reuses stored results whatever build computed them.
	ReuseOtherBuilds bool
	// ReuseTimeLimited takes stored results of jobs that max_seconds cut
	// short (Result.TimeLimited), which depend on the machine and its
	// load: a merge gathers them from the shards that ran them, while a
	// run into the same folder runs them again.
	ReuseTimeLimited bool
	// Select, if set, runs only the jobs it accepts (a shard of the
	// experiment); the others that Store does not hold are returned with
	// status StatusNotRun. A shard never decides which jobs another runs:
	// the choice is a pure function of the job.
	Select func(Job) bool
	// OnStart, if set, is called once before any job runs, with the jobs
	// about to run and the results taken from Store, both in job order.
	OnStart func(toRun []Job, reused []Result)
	// OnStep, if set, is called after every record of a job's history
	// (each stage's step 0 included), from the goroutine running that
	// job: calls for one job come in order, calls for different jobs
	// concurrently, so it must be safe for concurrent use. It runs inside
	// the job's training loop, so it must return quickly (record the
	// state and return; draw elsewhere). When nil it costs nothing.
	OnStep func(job Job, p Progress)
	// OnWithin, if set, is called part-way through a job's steps as its
	// method reports progress, at most once every withinEvery of wall
	// time per job, from the goroutine running that job; like OnStep it
	// must be safe for concurrent use and return quickly. When nil it
	// costs nothing.
	OnWithin func(job Job, w Within)
	// OnJobDone, if set, is called once per job that ran, as it finishes,
	// from one goroutine at a time, in completion order (for progress
	// output). It is not called for the results reused from Store.
	OnJobDone func(Result)
}

// Run runs every job of runs and returns their results in job order. Each job
// builds its own model, objective, methods and random sources from its seed,
// so the results do not depend on Parallel or on scheduling (except for the
// elapsed times). Cancelling ctx stops running jobs between steps (and
// within the steps of methods that watch optimize.Env.Context) and marks
// them, and the jobs not yet started, interrupted; jobs already finished
// keep their results and, with a Store, are already saved.
func Run(ctx context.Context, runs []*Spec, opt Options) []Result {
	jobs := Jobs(runs)
	results := make([]Result, len(jobs))
	var todo []Job
	var reused []Result
	for _, job := range jobs {
		res, ok, otherBuild := stored(opt, job)
		if ok {
			results[job.Index] = res
			reused = append(reused, res)
			continue
		}
		job.OtherBuild = otherBuild
		if opt.Select != nil && !opt.Select(job) {
			results[job.Index] = Result{Job: job, Status: StatusNotRun,
				TrainLoss: math.NaN(), TestLoss: math.NaN(), TrainAccuracy: math.NaN(), TestAccuracy: math.NaN()}
			continue
		}
		todo = append(todo, job)
	}
	if opt.OnStart != nil {
		opt.OnStart(todo, reused)
	}
	if len(todo) == 0 {
		return results
	}
	workers := opt.Parallel
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	// Cores left over when there are fewer jobs than --parallel go to
	// the jobs themselves, which split their rows (wide nets, many rows);
	// so do those of workers that run out of jobs (see cores).
	shared := &cores{total: workers}
	workers = min(workers, len(todo))
	shared.running.Store(int32(workers))

	queue := make(chan Job)
	done := make(chan Result)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			// Out of jobs: this worker's core goes to the others.
			defer shared.running.Add(-1)
			for job := range queue {
				res := runJob(ctx, job, hooks{onStep: opt.OnStep, onWithin: opt.OnWithin}, shared)
				res.Build = opt.Build
				save(opt, &res)
				done <- res
			}
		})
	}
	go func() {
		for _, job := range todo {
			queue <- job
		}
		close(queue)
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

// stored is the reusable result of job in opt.Store, as a result of job;
// otherBuild reports a result that would have been reused but for the
// build that computed it.
func stored(opt Options, job Job) (res Result, ok, otherBuild bool) {
	if opt.Store == nil || opt.Force || job.Hash == "" {
		return Result{}, false, false
	}
	res, ok = opt.Store.Load(job)
	if !ok || !Reusable(res.Status) || res.TimeLimited && !opt.ReuseTimeLimited {
		return Result{}, false, false
	}
	if !opt.ReuseOtherBuilds && opt.Build == "" {
		return Result{}, false, false // nothing can be matched to unknown code
	}
	if !opt.ReuseOtherBuilds && res.Build != opt.Build {
		return Result{}, false, true
	}
	res.Job = job
	res.Reused = true
	res.SaveErr = nil
	return res, true, false
}

// save stores a finished job that a later run may reuse, or, cut short by
// max_seconds, that a merge of shards may take.
func save(opt Options, res *Result) {
	if opt.Store == nil || res.Hash == "" || !Reusable(res.Status) {
		return
	}
	res.SaveErr = opt.Store.Save(*res)
}
