package report

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/runner"
)

// sweepResults are the jobs of a 3x2 grid of runs adam[<lr>-<bs>] with
// the given final test losses per run, three repeats each, and one run
// without the setting.
func sweepResults(loss map[string][]float64) []runner.Result {
	var out []runner.Result
	add := func(name string, settings []runner.Setting, losses []float64) {
		spec := &runner.Spec{Name: name, Settings: settings}
		for i, l := range losses {
			out = append(out, runner.Result{
				Job:       runner.Job{Index: len(out), Run: spec, RunName: name, Repeat: i, Seed: uint64(i + 1)},
				TrainLoss: l, TestLoss: l, TrainAccuracy: nan, TestAccuracy: nan, Status: runner.StatusCompleted,
			})
		}
	}
	for _, bs := range []string{"32", "353"} {
		for _, lr := range []string{"0.001", "0.1", "0.01"} {
			name := "adam[" + lr + "-b" + bs + "]"
			add(name, []runner.Setting{
				{Name: "optimizer.adam.batch_size", Value: bs},
				{Name: "optimizer.adam.learning_rate", Value: lr},
				// Moves in step with the learning rate: no family of its own.
				{Name: "optimizer.adam.note", Value: "n" + lr},
			}, loss[name])
		}
	}
	add("search", nil, []float64{1, 2, 3})
	return out
}

func TestSweepFamilies(t *testing.T) {
	loss := map[string][]float64{}
	for i, name := range []string{"adam[0.001-b32]", "adam[0.1-b32]", "adam[0.01-b32]", "adam[0.001-b353]", "adam[0.1-b353]", "adam[0.01-b353]"} {
		base := float64(10 * (i + 1))
		loss[name] = []float64{base + 2, base, base + 1}
	}
	results := sweepResults(loss)
	m, _ := metricNamed("test_loss")
	families, err := sweepFamilies(results, SweepOptions{X: "optimizer.adam.learning_rate"}, m)
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, f := range families {
		labels = append(labels, f.label)
	}
	if want := []string{"adam (batch_size=32)", "adam (batch_size=353)"}; !reflect.DeepEqual(labels, want) {
		t.Fatalf("families %q, want %q", labels, want)
	}
	// Sorted by x, the median and quartiles of each run's three repeats.
	want := []sweepPoint{
		{x: 0.001, median: 11, q1: 10.5, q3: 11.5, n: 3},
		{x: 0.01, median: 31, q1: 30.5, q3: 31.5, n: 3},
		{x: 0.1, median: 21, q1: 20.5, q3: 21.5, n: 3},
	}
	if !reflect.DeepEqual(families[0].points, want) {
		t.Errorf("points %+v, want %+v", families[0].points, want)
	}
	if !autoLogX(families) {
		t.Error("learning rates over two decades are not drawn on a log axis")
	}
	if _, err := SweepPlot(results, SweepOptions{X: "optimizer.adam.learning_rate", Metric: "test_loss"}); err != nil {
		t.Error(err)
	}
	if _, err := SweepPlot(results, SweepOptions{X: "optimizer.adam.note"}); err == nil || !strings.Contains(err.Error(), "not a number") {
		t.Errorf("a text setting on the x axis: %v", err)
	}
	if _, err := SweepPlot(results, SweepOptions{X: "model.hidden"}); err == nil {
		t.Error("a sweep plot of a setting no run has drew something")
	}
}

func TestAutoLogXNeedsTwoDecades(t *testing.T) {
	f := []*sweepFamily{{points: []sweepPoint{{x: 5}, {x: 45}}}}
	if autoLogX(f) {
		t.Error("5 to 45 on a log axis")
	}
	f[0].points = append(f[0].points, sweepPoint{x: 0})
	if autoLogX(f) {
		t.Error("0 on a log axis")
	}
}

// The hyperparameter columns come back from summary.csv, so that nnexp
// plot can draw a sweep plot from an output folder; a run without a
// setting reads back without it.
func TestSettingsRoundTrip(t *testing.T) {
	results := sweepResults(map[string][]float64{"adam[0.1-b32]": {1}, "adam[0.01-b353]": {2, 3}})
	var summary, history bytes.Buffer
	if err := WriteSummaryCSV(&summary, results); err != nil {
		t.Fatal(err)
	}
	header, _, _ := strings.Cut(summary.String(), "\n")
	if !strings.HasSuffix(header, ",error,optimizer.adam.batch_size,optimizer.adam.learning_rate,optimizer.adam.note") {
		t.Errorf("summary.csv header %s", header)
	}
	if err := WriteHistoryCSV(&history, results); err != nil {
		t.Fatal(err)
	}
	back, err := readResults(&summary, &history)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(results) {
		t.Fatalf("%d results back, want %d", len(back), len(results))
	}
	for i, r := range back {
		if want := runner.SettingsOf(results[i]); !reflect.DeepEqual(r.Settings, want) {
			t.Errorf("%s: settings %v, want %v", r.RunName, r.Settings, want)
		}
	}
}
