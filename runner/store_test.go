package runner_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/nnexp/nnexp/runner"
)

// memStore is a runner.Store in memory that counts what it is asked.
type memStore struct {
	mu    sync.Mutex
	jobs  map[string]runner.Result
	saves int
	fail  error
}

func newMemStore() *memStore { return &memStore{jobs: map[string]runner.Result{}} }

func (s *memStore) Load(job runner.Job) (runner.Result, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.jobs[job.Hash]
	return r, ok
}

func (s *memStore) Save(r runner.Result) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saves++
	if s.fail != nil {
		return s.fail
	}
	s.jobs[r.Hash] = r
	return nil
}

// started runs exp with store and reports which jobs ran, by index.
func started(t *testing.T, src string, store runner.Store, force bool) ([]runner.Result, map[int]bool) {
	t.Helper()
	return startedBy(t, src, store, runner.Options{Force: force, Build: "build-a"})
}

// startedBy is started with opt's Force, Build and ReuseOtherBuilds.
func startedBy(t *testing.T, src string, store runner.Store, opt runner.Options) ([]runner.Result, map[int]bool) {
	t.Helper()
	ran := map[int]bool{}
	results := runner.Run(context.Background(), load(t, src), runner.Options{
		Parallel:         3,
		Store:            store,
		Force:            opt.Force,
		Build:            opt.Build,
		ReuseOtherBuilds: opt.ReuseOtherBuilds,
		OnStart: func(toRun []runner.Job, reused []runner.Result) {
			for _, j := range toRun {
				ran[j.Index] = true
			}
			if len(toRun)+len(reused) != len(runner.Jobs(load(t, src))) {
				t.Errorf("OnStart: %d to run + %d reused is not every job", len(toRun), len(reused))
			}
		},
	})
	return results, ran
}

func TestStoreSkipsJobsAlreadyDone(t *testing.T) {
	store := newMemStore()
	first, ran := started(t, threeMethods, store, false)
	if len(ran) != 6 || store.saves != 6 {
		t.Fatalf("first run: %d jobs ran, %d saved; want 6 and 6", len(ran), store.saves)
	}
	second, ran := started(t, threeMethods, store, false)
	if len(ran) != 0 {
		t.Errorf("second run ran jobs %v; every job was up to date", ran)
	}
	for _, r := range second {
		if !r.Reused {
			t.Errorf("%s repeat %d not marked reused", r.Run.Name, r.Repeat)
		}
	}
	if got, want := fingerprint(second), fingerprint(first); got != want {
		t.Errorf("reused results differ:\n%s\nwant\n%s", got, want)
	}
	_, ran = started(t, threeMethods, store, true)
	if len(ran) != 6 {
		t.Errorf("--force ran %d jobs, want 6", len(ran))
	}
}

// TestStoredResultsNeedTheSameBuild: a result computed by another build of
// the program runs again, and says so, unless ReuseOtherBuilds; an unknown
// build reuses nothing; what runs records the build that computed it.
func TestStoredResultsNeedTheSameBuild(t *testing.T) {
	store := newMemStore()
	first, _ := startedBy(t, threeMethods, store, runner.Options{Build: "build-a"})
	for _, r := range first {
		if r.Build != "build-a" || store.jobs[r.Hash].Build != "build-a" {
			t.Fatalf("%s repeat %d: result build %q, stored %q; want build-a", r.Run.Name, r.Repeat, r.Build, store.jobs[r.Hash].Build)
		}
	}
	for _, tc := range []struct {
		build    string
		anyBuild bool
		wantRun  int
		other    bool
	}{
		{"build-a", false, 0, false},
		{"", false, 6, false},
		{"build-b", true, 0, false},
		{"build-b", false, 6, true},
		{"build-b", false, 0, false}, // build-b's results are stored now
	} {
		var toRun []runner.Job
		runner.Run(context.Background(), load(t, threeMethods), runner.Options{
			Parallel: 3, Store: store, Build: tc.build, ReuseOtherBuilds: tc.anyBuild,
			OnStart: func(jobs []runner.Job, _ []runner.Result) { toRun = jobs },
		})
		if len(toRun) != tc.wantRun {
			t.Errorf("build %q, reuse any %v: %d jobs ran, want %d", tc.build, tc.anyBuild, len(toRun), tc.wantRun)
		}
		for _, j := range toRun {
			if j.OtherBuild != tc.other {
				t.Errorf("build %q: job %d OtherBuild %v, want %v", tc.build, j.Index, j.OtherBuild, tc.other)
			}
		}
	}
}

func TestOnlyReusableJobsAreStored(t *testing.T) {
	store := newMemStore()
	src := `
experiment "bad" {}
dataset "d" { source = "diabetes" }
model "m" { hidden = [2] }
pipeline "nan" {
  optimizer "zz_misbehaving" {
    mode = "nan"
    at   = 2
  }
}
pipeline "error" {
  optimizer "zz_misbehaving" {
    mode = "error"
    at   = 2
  }
}
run "nan" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.nan
}
run "error" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.error
}
`
	started(t, src, store, false)
	// The diverged job is deterministic and kept; the failed one runs again.
	_, ran := started(t, src, store, false)
	if len(ran) != 1 || !ran[1] {
		t.Errorf("second run ran %v, want only the failed job 1", ran)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	interrupted := newMemStore()
	for _, r := range runner.Run(ctx, load(t, threeMethods), runner.Options{Store: interrupted}) {
		if r.Status != runner.StatusInterrupted {
			t.Fatalf("%s: %s", r.Run.Name, r.Status)
		}
	}
	if interrupted.saves != 0 {
		t.Errorf("%d interrupted jobs stored", interrupted.saves)
	}
}

func TestSaveErrorKeepsTheResult(t *testing.T) {
	store := newMemStore()
	store.fail = errors.New("disk full")
	results := runner.Run(context.Background(), load(t, threeMethods), runner.Options{Store: store})
	for _, r := range results {
		if r.SaveErr == nil || (r.Status != runner.StatusCompleted && r.Status != runner.StatusConverged) {
			t.Errorf("%s repeat %d: status %s, save error %v", r.Run.Name, r.Repeat, r.Status, r.SaveErr)
		}
	}
}

// A job that max_seconds cut short is stored, marked time-limited: a run
// into the same store runs it again (its result depends on the machine's
// speed), and a merge of shards (ReuseTimeLimited) takes it, so that an
// experiment with a time budget can be sharded.
func TestTimeLimitedJobsAreStoredForMerging(t *testing.T) {
	const src = `
experiment "e" {}
dataset "d" { source = "diabetes" }
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "adam" { epochs = 1000000 }
}
run "r" {
  dataset     = dataset.d
  model       = model.m
  loss        = "mse"
  pipeline    = pipeline.p
  max_seconds = 0.05
}
`
	store := newMemStore()
	first, ran := started(t, src, store, false)
	if len(ran) != 1 || store.saves != 1 || !first[0].TimeLimited || first[0].Status != runner.StatusBudget {
		t.Fatalf("first run: %d ran, %d saved, time-limited %v, status %s", len(ran), store.saves, first[0].TimeLimited, first[0].Status)
	}
	if _, ran = started(t, src, store, false); len(ran) != 1 {
		t.Errorf("a run into the store took the time-limited job instead of running it")
	}
	merged := runner.Run(context.Background(), load(t, src), runner.Options{
		Store: store, Build: "build-a", ReuseTimeLimited: true,
		Select: func(runner.Job) bool { return false },
	})
	if len(merged) != 1 || !merged[0].Reused || !merged[0].TimeLimited || merged[0].Status != runner.StatusBudget {
		t.Errorf("merge: %+v; want the stored time-limited job", merged)
	}
}
