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
	ran := map[int]bool{}
	results := runner.Run(context.Background(), load(t, src), runner.Options{
		Parallel: 3,
		Store:    store,
		Force:    force,
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
