package report

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/runner"
)

func csvs(t *testing.T, results []runner.Result) (history, summary string) {
	t.Helper()
	var h, s bytes.Buffer
	if err := WriteHistoryCSV(&h, results); err != nil {
		t.Fatal(err)
	}
	if err := WriteSummaryCSV(&s, results); err != nil {
		t.Fatal(err)
	}
	return h.String(), s.String()
}

// Writing, reading back and writing again gives the same bytes.
func TestReadResultsRoundTrips(t *testing.T) {
	_, results := fixture()
	// Values the fixture lacks: infinities, a huge seed, an error with a
	// newline and a leading space.
	results[1].TrainLoss = math.Inf(1)
	results[1].History[3].TrainLoss = math.Inf(-1)
	results[2].Seed = math.MaxUint64
	results[2].Err = errorString(" two\nlines, \"quoted\"")
	history, summary := csvs(t, results)

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "history.csv"), []byte(history), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "summary.csv"), []byte(summary), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadResults(dir)
	if err != nil {
		t.Fatal(err)
	}
	h2, s2 := csvs(t, got)
	if h2 != history {
		t.Errorf("history.csv differs after a round trip:\n%s\nwant:\n%s", h2, history)
	}
	if s2 != summary {
		t.Errorf("summary.csv differs after a round trip:\n%s\nwant:\n%s", s2, summary)
	}

	if len(got) != 3 || got[0].RunName != "a" || got[1].RunName != "a" || got[2].RunName != "b" {
		t.Fatalf("run names: %+v", got)
	}
	for _, r := range got {
		if r.Run != nil {
			t.Errorf("result %d has a run, but the CSVs hold none: %+v", r.Index, r.Run)
		}
	}
	if got[2].Seed != math.MaxUint64 || got[2].Index != 2 || got[1].Repeat != 1 || got[1].Seed != 8 {
		t.Errorf("jobs: %+v", got)
	}
	if !math.IsNaN(got[0].TestLoss) || !math.IsNaN(got[0].History[0].TestLoss) || got[2].Status != runner.StatusDiverged {
		t.Errorf("result 0: %+v", got[0])
	}
	if got[0].Err != nil || got[2].Err == nil || got[2].Err.Error() != " two\nlines, \"quoted\"" {
		t.Errorf("errors: %v, %v", got[0].Err, got[2].Err)
	}
	rec := got[0].History[2]
	// NaN, checked above, is not equal to itself.
	rec.TestLoss, rec.TrainAccuracy, rec.TestAccuracy = 0, 0, 0
	if len(got[0].History) != 4 || rec != (runner.Record{Stage: 2, Optimizer: "adam", Step: 0, Progress: 1, TrainLoss: 2, Evaluations: 3, Cost: 4.5, Elapsed: 1}) {
		t.Errorf("history of result 0: %+v", got[0].History)
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }

func TestReadResultsFromTheFixtureText(t *testing.T) {
	got, err := readResults(strings.NewReader(wantSummaryCSV), strings.NewReader(wantHistoryCSV))
	if err != nil {
		t.Fatal(err)
	}
	if h, s := csvs(t, got); h != wantHistoryCSV || s != wantSummaryCSV {
		t.Errorf("round trip of the fixture's CSVs:\n%s\n%s", h, s)
	}
}

func TestReadResultsMistakes(t *testing.T) {
	header := strings.SplitN(wantSummaryCSV, "\n", 2)[0] + "\n"
	hheader := strings.SplitN(wantHistoryCSV, "\n", 2)[0] + "\n"
	for _, c := range []struct{ summary, history, want string }{
		{"", hheader, "report: summary.csv is empty"},
		{"run,repeat\n", hheader, `report: summary.csv has no column "seed"`},
		{header + "a,x,7,completed,1,,,,4,6,1.5,\n", hheader, `report: summary.csv line 2: repeat "x" is not a whole number`},
		{header + "a,0,7,completed,one,,,,4,6,1.5,\n", hheader, `report: summary.csv line 2: train_loss "one" is not a number`},
		{header + "a,0,7,completed,1,,,,4,6,1.5,\na,0,7,completed,1,,,,4,6,1.5,\n", hheader, `report: summary.csv line 3: run "a" repeat 0 appears twice`},
		{header + "a,0,7,completed,1,,,,4,6,1.5,\n", hheader + "a,0,7,1,search,0,1,4,,,,0,1,1.5,0.5\nb,0,3,1,adam,0,1,4,4.5,,,0,1,1.5,0.125\n",
			`report: history.csv line 3: run "b" repeat 0 is not in summary.csv`},
		{header + "a,0,7,completed,1,,,,4,6,1.5\n", hheader, "report: summary.csv: record on line 2: wrong number of fields"},
	} {
		_, err := readResults(strings.NewReader(c.summary), strings.NewReader(c.history))
		if err == nil || err.Error() != c.want {
			t.Errorf("got %v, want %s", err, c.want)
		}
	}
	if _, err := ReadResults(t.TempDir()); err == nil || !strings.HasPrefix(err.Error(), "report: open ") {
		t.Errorf("empty folder: %v", err)
	}
}

// plotBlocks are a plot of its own and one that replaces a default plot.
func plotBlocks() []*Plot {
	return []*Plot{
		{Name: "ba", Type: "final_loss", Runs: []string{"b", "a"}, File: "ba.png", LogY: true},
		{Name: "b", Type: "history", Runs: []string{"b"}, File: "history_b.png", Title: "B", LogY: true},
	}
}

// WritePlots draws the same PNGs as WriteOutputs, from results read back.
func TestWritePlotsMatchesWriteOutputs(t *testing.T) {
	exp, results := fixture()
	exp.Plots = plotBlocks()
	a, b := t.TempDir(), t.TempDir()
	if _, err := WriteOutputs(a, exp, results); err != nil {
		t.Fatal(err)
	}
	read, err := ReadResults(a)
	if err != nil {
		t.Fatal(err)
	}
	files, err := WritePlots(b, exp.Name, exp.Plots, read)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	want := "history.png history_a.png history_b.png test_loss.png final_loss.png ba.png"
	if strings.Join(names, " ") != want {
		t.Errorf("wrote %v, want %s", names, want)
	}
	for _, n := range names {
		if !bytes.Equal(readFile(t, filepath.Join(a, n)), readFile(t, filepath.Join(b, n))) {
			t.Errorf("%s differs from WriteOutputs'", n)
		}
	}
	if _, err := WritePlots(b, "x", plotBlocks()[:1], read[:1]); err == nil || !strings.Contains(err.Error(), `no results for run "b"`) {
		t.Errorf("a plot of a run without results: %v", err)
	}
}

// Redraw from results read back draws runs on different losses as
// WriteOutputs does, tagged with their losses and the axis saying they
// differ, from the losses the experiment gives by run name; without them
// the history plots would draw the runs as if on one scale.
func TestRedrawKeepsMixedLosses(t *testing.T) {
	exp, results := fixture()
	specs := map[string]*runner.Spec{"a": {Name: "a", LossName: "mse"}, "b": {Name: "b", LossName: "mae"}}
	for i := range results {
		results[i].Run = specs[results[i].RunName]
	}
	exp.RunLosses = map[string]string{"a": "mse", "b": "mae"}
	a := t.TempDir()
	if _, err := WriteOutputs(a, exp, results); err != nil {
		t.Fatal(err)
	}
	read, err := ReadResults(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, losses := range []map[string]string{exp.RunLosses, nil} {
		b := t.TempDir()
		again := *exp
		again.RunLosses = losses
		if _, err := Redraw(b, &again, read); err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"history.png", "test_loss.png", "final_loss.png"} {
			same := bytes.Equal(readFile(t, filepath.Join(a, n)), readFile(t, filepath.Join(b, n)))
			if same != (losses != nil) {
				t.Errorf("losses %v: %s the same as WriteOutputs' is %v", losses, n, same)
			}
		}
	}
	if read[0].Run != nil || read[0].LossName != "" {
		t.Error("Redraw wrote into the caller's results")
	}
	// The page's summary names each run's loss, as nnexp run's did.
	page := string(readFile(t, filepath.Join(a, PageFile)))
	if !strings.Contains(page, `<th class="text">loss</th>`) || !strings.Contains(page, `<tr><td class="text">b</td><td class="text">mae</td>`) {
		t.Error("the page's summary does not name the runs' losses")
	}
}
