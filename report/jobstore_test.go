package report

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/runner"
)

const testHash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestJobStoreRoundTrip(t *testing.T) {
	_, results := fixture()
	// Every awkward float: NaN, both infinities, -0, the smallest
	// subnormal, a value with 17 significant digits.
	res := results[2]
	res.Hash = testHash
	res.Params = []float64{math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 5e-324, 0.1 + 0.2, nan}
	res.History = append(res.History, runner.Record{Stage: 1, Optimizer: "adam", Step: 2, TrainLoss: math.Inf(1), TestLoss: nan, Evaluations: 3, Elapsed: 1.0 / 3})
	res.TrainLoss = math.Inf(1)
	res.TimeLimited = true // kept, so that only a merge takes the job

	store := NewJobStore(t.TempDir())
	if err := store.Save(res); err != nil {
		t.Fatal(err)
	}
	job := runner.Job{Index: 5, RunName: "renamed", Repeat: 0, Seed: 3, Hash: testHash}
	got, ok := store.Load(job)
	if !ok {
		t.Fatal("stored job not found")
	}
	if got.Job != job {
		t.Errorf("loaded job %+v, want the current job %+v", got.Job, job)
	}
	// The CSVs show everything a result holds but Params: a reloaded
	// result must write the same bytes (with the current run name).
	want := res
	want.Job = job
	for _, w := range []func(*bytes.Buffer, []runner.Result) error{
		func(b *bytes.Buffer, r []runner.Result) error { return WriteHistoryCSV(b, r) },
		func(b *bytes.Buffer, r []runner.Result) error { return WriteSummaryCSV(b, r) },
	} {
		var a, b bytes.Buffer
		if err := w(&a, []runner.Result{want}); err != nil {
			t.Fatal(err)
		}
		if err := w(&b, []runner.Result{got}); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Errorf("reloaded result writes\n%s\nwant\n%s", b.String(), a.String())
		}
	}
	if len(got.Params) != len(res.Params) {
		t.Fatalf("params %v", got.Params)
	}
	for i, p := range res.Params {
		if math.Float64bits(got.Params[i]) != math.Float64bits(p) && !(math.IsNaN(p) && math.IsNaN(got.Params[i])) {
			t.Errorf("param %d: %v, want %v", i, got.Params[i], p)
		}
	}
	if !got.TimeLimited {
		t.Error("the job's time limit was lost")
	}
	if got.Err == nil || got.Err.Error() != res.Err.Error() {
		t.Errorf("error %v, want %v", got.Err, res.Err)
	}
	entries, _ := os.ReadDir(store.Dir)
	if len(entries) != 1 || entries[0].Name() != testHash+".json" {
		t.Errorf("jobs folder holds %v, want only %s.json (no temporaries)", entries, testHash)
	}
}

func TestJobStoreIgnoresBadFiles(t *testing.T) {
	store := NewJobStore(t.TempDir())
	job := runner.Job{RunName: "r", Hash: testHash}
	if _, ok := store.Load(job); ok {
		t.Error("found a job in an empty store")
	}
	_, results := fixture()
	res := results[0]
	res.Hash = testHash
	if err := store.Save(res); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(store.Dir, testHash+".json")
	good, _ := os.ReadFile(path)
	for what, data := range map[string]string{
		"truncated":     string(good[:len(good)/2]),
		"other version": strings.Replace(string(good), `"nnexp_version": "`, `"nnexp_version": "0.0.0-`, 1),
		"other hash":    strings.Replace(string(good), `"hash": "0`, `"hash": "f`, 1),
		"other format":  strings.Replace(string(good), `"format": 2`, `"format": 99`, 1),
		"no history":    regexp.MustCompile(`(?s)"history": \[.*\]`).ReplaceAllString(string(good), `"history": []`),
		"failed status": strings.Replace(string(good), `"status": "completed"`, `"status": "failed"`, 1),
	} {
		if data == string(good) {
			t.Fatalf("%s: the edit did not apply", what)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, ok := store.Load(job); ok {
			t.Errorf("%s: file accepted", what)
		}
	}
	for _, bad := range []string{"", "../escape", strings.Repeat("g", 64)} {
		if _, ok := store.Load(runner.Job{Hash: bad}); ok {
			t.Errorf("hash %q loaded", bad)
		}
		res.Hash = bad
		if err := store.Save(res); err == nil || !strings.HasPrefix(err.Error(), "report: ") {
			t.Errorf("saving under hash %q: %v", bad, err)
		}
	}
}

func TestJobStoreSaveError(t *testing.T) {
	// A file where the jobs folder should be.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, JobsFolder), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, results := fixture()
	res := results[0]
	res.Hash = testHash
	err := NewJobStore(dir).Save(res)
	if err == nil || !strings.HasPrefix(err.Error(), "report: ") {
		t.Errorf("error %v", err)
	}
	var pe *os.PathError
	if !errors.As(err, &pe) {
		t.Errorf("error %v hides its cause", err)
	}
}
