package report

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/nnexp/nnexp/runner"
)

// ReadResults reads the results back from an output folder's summary.csv
// and history.csv, so that its plots can be redrawn without running the
// experiment again. It is the inverse of WriteSummaryCSV and
// WriteHistoryCSV: writing what it returns gives the same bytes. One
// result per summary row, in file order, with the history rows of its run
// and repeat; an empty cell is NaN; the error column becomes Err. A
// result knows its run by RunName only: its Run is nil, since the CSVs
// hold neither the data nor the settings. Params are nil too. Columns are found by name, so a column added later
// does not stop an older nnexp from reading the folder.
func ReadResults(dir string) ([]runner.Result, error) {
	summary, err := os.Open(filepath.Join(dir, "summary.csv"))
	if err != nil {
		return nil, wrap(err)
	}
	defer summary.Close()
	history, err := os.Open(filepath.Join(dir, "history.csv"))
	if err != nil {
		return nil, wrap(err)
	}
	defer history.Close()
	return readResults(summary, history)
}

func readResults(summary, history io.Reader) ([]runner.Result, error) {
	results, err := readSummary(summary)
	if err != nil {
		return nil, err
	}
	if err := readHistory(history, results); err != nil {
		return nil, err
	}
	return results, nil
}

// jobKey identifies a job in both CSVs.
type jobKey struct {
	run    string
	repeat int
}

func readSummary(r io.Reader) ([]runner.Result, error) {
	t, err := newCSVTable(r, "summary.csv", slices.DeleteFunc(slices.Clone(summaryHeader), func(h string) bool {
		return h == "cost" // older folders lack it
	}))
	if err != nil {
		return nil, err
	}
	t.known = summaryHeader
	var results []runner.Result
	seen := map[jobKey]bool{}
	for {
		ok, err := t.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		res := runner.Result{Status: t.text("status")}
		name := t.text("run")
		res.Repeat = t.int("repeat")
		res.Seed = t.uint("seed")
		res.TrainLoss = t.float("train_loss")
		res.TestLoss = t.float("test_loss")
		res.TrainAccuracy = t.float("train_accuracy")
		res.TestAccuracy = t.float("test_accuracy")
		res.Evaluations = t.int64("evaluations")
		res.Cost = t.optionalFloat("cost")
		res.Elapsed = t.float("elapsed_seconds")
		if msg := t.text("error"); msg != "" {
			res.Err = errors.New(msg)
		}
		if t.err != nil {
			return nil, t.err
		}
		key := jobKey{name, res.Repeat}
		if seen[key] {
			return nil, t.errorf("run %q repeat %d appears twice", name, res.Repeat)
		}
		seen[key] = true
		res.RunName = name
		res.Settings = t.settings()
		res.Index = len(results)
		results = append(results, res)
	}
	return results, nil
}

// readHistory appends each history row to the result of its job.
func readHistory(r io.Reader, results []runner.Result) error {
	t, err := newCSVTable(r, "history.csv", slices.DeleteFunc(slices.Clone(historyHeader), func(h string) bool {
		return h == "train_accuracy" || h == "test_accuracy" || h == "revivals" || h == "cost" || h == "progress" // older folders lack them
	}))
	if err != nil {
		return err
	}
	index := make(map[jobKey]int, len(results))
	for i, res := range results {
		index[jobKey{res.RunName, res.Repeat}] = i
	}
	for {
		ok, err := t.next()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		name, repeat := t.text("run"), t.int("repeat")
		rec := runner.Record{
			Stage:         t.int("stage"),
			Optimizer:     t.text("optimizer"),
			Step:          t.int("step"),
			Progress:      t.optionalFloat("progress"),
			TrainLoss:     t.float("train_loss"),
			TestLoss:      t.float("test_loss"),
			TrainAccuracy: t.optionalFloat("train_accuracy"),
			TestAccuracy:  t.optionalFloat("test_accuracy"),
			Revivals:      t.optionalInt("revivals"),
			Evaluations:   t.int64("evaluations"),
			Cost:          t.optionalFloat("cost"),
			Elapsed:       t.float("elapsed_seconds"),
		}
		if t.err != nil {
			return t.err
		}
		if math.IsNaN(rec.Progress) {
			rec.Progress = 1 // written before points within a step
		}
		i, ok := index[jobKey{name, repeat}]
		if !ok {
			return t.errorf("run %q repeat %d is not in summary.csv", name, repeat)
		}
		results[i].History = append(results[i].History, rec)
	}
}

// csvTable reads the rows of a CSV file with a header, finding cells by
// column name. The cell readers record the first bad cell in err, so that
// a row is read in one go and checked once.
type csvTable struct {
	name string
	r    *csv.Reader
	col  map[string]int
	row  []string
	// header is the file's columns in order, want those the reader
	// asked for, known those it knows whether the file has them or not
	// (a column older folders lack), which are no settings either.
	header, want, known []string
	err                 error
}

func newCSVTable(r io.Reader, name string, want []string) (*csvTable, error) {
	t := &csvTable{name: name, r: csv.NewReader(r), col: map[string]int{}}
	header, err := t.r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("report: %s is empty", name)
	}
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", name, err)
	}
	for i, h := range header {
		t.col[h] = i
	}
	t.header = header
	t.want = want
	for _, h := range want {
		if _, ok := t.col[h]; !ok {
			return nil, fmt.Errorf("report: %s has no column %q", name, h)
		}
	}
	return t, nil
}

// next reads a row; false at the end of the file.
func (t *csvTable) next() (bool, error) {
	row, err := t.r.Read()
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("report: %s: %w", t.name, err)
	}
	t.row = row
	return true, nil
}

func (t *csvTable) errorf(format string, args ...any) error {
	line, _ := t.r.FieldPos(0)
	return fmt.Errorf("report: %s line %d: %s", t.name, line, fmt.Sprintf(format, args...))
}

func (t *csvTable) text(column string) string { return t.row[t.col[column]] }

// settings reads the hyperparameter columns of the row: the columns after
// those the reader wants, skipping empty cells (a setting the run does
// not have).
func (t *csvTable) settings() []runner.Setting {
	var out []runner.Setting
	for i, h := range t.header {
		if slices.Contains(t.want, h) || slices.Contains(t.known, h) || i >= len(t.row) || t.row[i] == "" {
			continue
		}
		out = append(out, runner.Setting{Name: h, Value: t.row[i]})
	}
	return out
}

// optionalInt is int for a column that older output folders lack: 0
// there.
func (t *csvTable) optionalInt(column string) int {
	if _, ok := t.col[column]; !ok {
		return 0
	}
	return t.int(column)
}

// optionalFloat is float for a column that older output folders lack:
// NaN there.
func (t *csvTable) optionalFloat(column string) float64 {
	if _, ok := t.col[column]; !ok {
		return math.NaN()
	}
	return t.float(column)
}

func (t *csvTable) fail(column, want string) {
	if t.err == nil {
		t.err = t.errorf("%s %q is not %s", column, t.text(column), want)
	}
}

func (t *csvTable) int(column string) int {
	n, err := strconv.Atoi(t.text(column))
	if err != nil {
		t.fail(column, "a whole number")
	}
	return n
}

func (t *csvTable) int64(column string) int64 {
	n, err := strconv.ParseInt(t.text(column), 10, 64)
	if err != nil {
		t.fail(column, "a whole number")
	}
	return n
}

func (t *csvTable) uint(column string) uint64 {
	n, err := strconv.ParseUint(t.text(column), 10, 64)
	if err != nil {
		t.fail(column, "a whole number of at least 0")
	}
	return n
}

// float reads a number; an empty cell, which the writers use for a value
// that does not exist, is NaN.
func (t *csvTable) float(column string) float64 {
	s := t.text(column)
	if s == "" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.fail(column, "a number")
	}
	return v
}
