package report

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"github.com/nnexp/nnexp/runner"
	"github.com/nnexp/nnexp/version"
)

// JobsFolder is the folder of an output folder that holds its finished
// jobs, one JSON file per job named <hash>.json.
const JobsFolder = "jobs"

// JobStore is a runner.Store kept as files: one JSON file per finished
// job in Dir, named after the job's content hash, each written atomically
// as the job ends. So an interrupted run keeps every job it finished, and
// a run into the same output folder reuses them. A file that cannot be
// read or is of another format or version is as good as absent: its job
// runs again and the file is replaced. Files of jobs no longer in the
// experiment are left alone; they cost little, and switching a variable
// back to an earlier value reuses them.
type JobStore struct {
	Dir string
}

// NewJobStore returns the store of the output folder out (out/jobs).
func NewJobStore(out string) *JobStore {
	return &JobStore{Dir: filepath.Join(out, JobsFolder)}
}

var _ runner.Store = (*JobStore)(nil)

// jobFormat is the version of the file layout below.
const jobFormat = 2 // 2: cost

// storedJob is a job file. Floats that may be NaN or infinite (a diverged
// loss, a test loss without a test split) go through jsonFloat.
type storedJob struct {
	Format  int    `json:"format"`
	Hash    string `json:"hash"`
	Version string `json:"nnexp_version"`
	// Build is the sha256 of the executable that computed the job
	// (runner.Result.Build); the runner reuses the job only in the same
	// build unless told otherwise.
	Build string `json:"build"`
	// Run, Repeat and Seed say which job this was when written; a run
	// renamed since still reuses it.
	Run    string `json:"run"`
	Repeat int    `json:"repeat"`
	Seed   uint64 `json:"seed"`
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
	// TimeLimited: max_seconds cut the job short (runner.Result), so
	// only a merge of shards takes it (runner.Options.ReuseTimeLimited).
	TimeLimited    bool           `json:"time_limited,omitempty"`
	TrainLoss      jsonFloat      `json:"train_loss"`
	TestLoss       jsonFloat      `json:"test_loss"`
	TrainAccuracy  jsonFloat      `json:"train_accuracy"`
	TestAccuracy   jsonFloat      `json:"test_accuracy"`
	Evaluations    int64          `json:"evaluations"`
	Cost           jsonFloat      `json:"cost"`
	ElapsedSeconds jsonFloat      `json:"elapsed_seconds"`
	Params         []jsonFloat    `json:"params"`
	History        []storedRecord `json:"history"`
}

type storedRecord struct {
	Stage     int       `json:"stage"`
	Optimizer string    `json:"optimizer"`
	Step      int       `json:"step"`
	Progress  jsonFloat `json:"progress"`
	TrainLoss jsonFloat `json:"train_loss"`
	TestLoss  jsonFloat `json:"test_loss"`
	// The accuracies are pointers so that a file written before they were
	// recorded reads them as NaN, not 0.
	TrainAccuracy  *jsonFloat `json:"train_accuracy,omitempty"`
	TestAccuracy   *jsonFloat `json:"test_accuracy,omitempty"`
	Revivals       int        `json:"revivals,omitempty"`
	Evaluations    int64      `json:"evaluations"`
	Cost           jsonFloat  `json:"cost"`
	ElapsedSeconds jsonFloat  `json:"elapsed_seconds"`
}

// path is the file of a hash, or "" for a string that is not one (so a
// hash can never name a file outside Dir).
func (s *JobStore) path(hash string) string {
	if len(hash) != 64 {
		return ""
	}
	if _, err := hex.DecodeString(hash); err != nil {
		return ""
	}
	return filepath.Join(s.Dir, hash+".json")
}

// Load implements runner.Store.
func (s *JobStore) Load(job runner.Job) (runner.Result, bool) {
	path := s.path(job.Hash)
	if path == "" {
		return runner.Result{}, false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return runner.Result{}, false
	}
	var sj storedJob
	if err := json.Unmarshal(data, &sj); err != nil {
		return runner.Result{}, false
	}
	if sj.Format != jobFormat || sj.Hash != job.Hash || sj.Version != version.Version {
		return runner.Result{}, false
	}
	// Every job that ran has at least its starting record; a file
	// without one was cut short or edited, and would put a job with
	// no curve into the results.
	if len(sj.History) == 0 || !runner.Reusable(sj.Status) {
		return runner.Result{}, false
	}
	return sj.result(job), true
}

// Save implements runner.Store. The file is written through a temporary
// file renamed into place, so a job file is whole or absent.
func (s *JobStore) Save(res runner.Result) error {
	path := s.path(res.Hash)
	if path == "" {
		return fmt.Errorf("report: job %q has no valid hash to store it under", res.Hash)
	}
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return wrap(err)
	}
	if err := writeJSONAtomic(path, newStoredJob(res), " "); err != nil {
		return fmt.Errorf("report: storing job %s repeat %d: %w", runName(res), res.Repeat, withoutPrefix(err))
	}
	return nil
}

func newStoredJob(res runner.Result) storedJob {
	sj := storedJob{
		Format:         jobFormat,
		Hash:           res.Hash,
		Version:        version.Version,
		Build:          res.Build,
		Run:            runName(res),
		Repeat:         res.Repeat,
		Seed:           res.Seed,
		Status:         res.Status,
		TimeLimited:    res.TimeLimited,
		TrainLoss:      jsonFloat(res.TrainLoss),
		TestLoss:       jsonFloat(res.TestLoss),
		TrainAccuracy:  jsonFloat(res.TrainAccuracy),
		TestAccuracy:   jsonFloat(res.TestAccuracy),
		Evaluations:    res.Evaluations,
		Cost:           jsonFloat(res.Cost),
		ElapsedSeconds: jsonFloat(res.Elapsed),
	}
	if res.Err != nil {
		sj.Error = res.Err.Error()
	}
	if res.Params != nil {
		sj.Params = make([]jsonFloat, len(res.Params))
		for i, p := range res.Params {
			sj.Params[i] = jsonFloat(p)
		}
	}
	sj.History = make([]storedRecord, len(res.History))
	for i, h := range res.History {
		sj.History[i] = storedRecord{
			Stage: h.Stage, Optimizer: h.Optimizer, Step: h.Step, Progress: jsonFloat(h.Progress),
			TrainLoss: jsonFloat(h.TrainLoss), TestLoss: jsonFloat(h.TestLoss),
			TrainAccuracy: optionalFloat(h.TrainAccuracy), TestAccuracy: optionalFloat(h.TestAccuracy), Revivals: h.Revivals,
			Evaluations: h.Evaluations, Cost: jsonFloat(h.Cost), ElapsedSeconds: jsonFloat(h.Elapsed),
		}
	}
	return sj
}

// result is the stored job as a result of job: the job (run, index) is the
// current one, everything it produced is the stored one.
func (sj storedJob) result(job runner.Job) runner.Result {
	res := runner.Result{
		Job:           job,
		Build:         sj.Build,
		Status:        sj.Status,
		TimeLimited:   sj.TimeLimited,
		TrainLoss:     float64(sj.TrainLoss),
		TestLoss:      float64(sj.TestLoss),
		TrainAccuracy: float64(sj.TrainAccuracy),
		TestAccuracy:  float64(sj.TestAccuracy),
		Evaluations:   sj.Evaluations,
		Cost:          float64(sj.Cost),
		Elapsed:       float64(sj.ElapsedSeconds),
	}
	if sj.Error != "" {
		// The text is what summary.csv shows; the error's type is gone.
		res.Err = errors.New(sj.Error)
	}
	if sj.Params != nil {
		res.Params = make([]float64, len(sj.Params))
		for i, p := range sj.Params {
			res.Params[i] = float64(p)
		}
	}
	if len(sj.History) > 0 {
		res.History = make([]runner.Record, len(sj.History))
		for i, h := range sj.History {
			res.History[i] = runner.Record{
				Stage: h.Stage, Optimizer: h.Optimizer, Step: h.Step, Progress: float64(h.Progress),
				TrainLoss: float64(h.TrainLoss), TestLoss: float64(h.TestLoss),
				TrainAccuracy: h.TrainAccuracy.value(), TestAccuracy: h.TestAccuracy.value(), Revivals: h.Revivals,
				Evaluations: h.Evaluations, Cost: float64(h.Cost), Elapsed: float64(h.ElapsedSeconds),
			}
		}
	}
	return res
}

// jsonFloat is a float64 that survives JSON exactly: finite values as the
// shortest number that reads back to the same bits, NaN and the
// infinities, which JSON numbers cannot hold, as the strings "NaN",
// "+Inf" and "-Inf".
type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	switch {
	case math.IsNaN(v):
		return []byte(`"NaN"`), nil
	case math.IsInf(v, 1):
		return []byte(`"+Inf"`), nil
	case math.IsInf(v, -1):
		return []byte(`"-Inf"`), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

func (f *jsonFloat) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case `"NaN"`:
		*f = jsonFloat(math.NaN())
		return nil
	case `"+Inf"`:
		*f = jsonFloat(math.Inf(1))
		return nil
	case `"-Inf"`:
		*f = jsonFloat(math.Inf(-1))
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("report: %s is not a number", b)
	}
	*f = jsonFloat(v)
	return nil
}

// optionalFloat stores v, leaving out NaN (a metric that does not apply).
func optionalFloat(v float64) *jsonFloat {
	if math.IsNaN(v) {
		return nil
	}
	f := jsonFloat(v)
	return &f
}

// value is the stored metric, NaN when it was left out.
func (f *jsonFloat) value() float64 {
	if f == nil {
		return math.NaN()
	}
	return float64(*f)
}
