package cli_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// column is the values of the column named name, header left out.
func column(t *testing.T, rows [][]string, name string) []string {
	t.Helper()
	for i, h := range rows[0] {
		if h == name {
			var out []string
			for _, r := range rows[1:] {
				out = append(out, r[i])
			}
			return out
		}
	}
	t.Fatalf("no column %q in %q", name, rows[0])
	return nil
}

func TestForEachGridOutputs(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := nnexp(t, "run", "testdata/grid.hcl", "--quiet", "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rates := map[string]string{"fast": "0.1", "mid": "0.01", "slow": "0.001"}
	widths := map[string]string{"w2": "[2]", "w3": "[3]", "w4": "[4]"}
	var names, lr, hidden []string
	for _, r := range []string{"fast", "mid", "slow"} {
		for _, w := range []string{"w2", "w3", "w4"} {
			names = append(names, "grid["+r+"-"+w+"]")
			lr = append(lr, rates[r])
			hidden = append(hidden, widths[w])
		}
	}
	for _, file := range []string{"summary.csv", "summary_stats.csv"} {
		rows := readCSV(t, filepath.Join(out, file))
		if got := column(t, rows, "run"); !reflect.DeepEqual(got, names) {
			t.Errorf("%s runs %q, want %q", file, got, names)
		}
		if got := column(t, rows, "optimizer.adam.learning_rate"); !reflect.DeepEqual(got, lr) {
			t.Errorf("%s learning rates %q, want %q", file, got, lr)
		}
		if got := column(t, rows, "model.hidden"); !reflect.DeepEqual(got, hidden) {
			t.Errorf("%s hidden %q, want %q", file, got, hidden)
		}
		// Only what differs between instances is a column.
		if h := strings.Join(rows[0], ","); strings.Contains(h, "epochs") || strings.Contains(h, "batch_size") {
			t.Errorf("%s has a column for a setting every instance shares: %s", file, h)
		}
	}
	for _, f := range []string{"history_grid-fast-w2.png", "history_grid-slow-w4.png", "lr.png"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	page, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "<th class=\"text\">optimizer.adam.learning_rate</th>") {
		t.Error("report.html's summary table has no learning-rate column")
	}

	// nnexp plot reads the columns back from summary.csv to draw the
	// sweep plot again.
	if err := os.Remove(filepath.Join(out, "lr.png")); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := nnexp(t, "plot", out); code != 0 {
		t.Fatalf("nnexp plot: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "lr.png")); err != nil {
		t.Errorf("nnexp plot did not redraw the sweep plot: %v", err)
	}
}

// withoutRunAndTimes is a summary CSV with its run and timing columns
// blanked: what --var on a sweep variable and the equivalent for_each
// must agree on.
func withoutRunAndTimes(t *testing.T, path string) string {
	t.Helper()
	rows := readCSV(t, path)
	var blank []int
	for i, h := range rows[0] {
		if h == "run" || strings.HasPrefix(h, "elapsed_seconds") {
			blank = append(blank, i)
		}
	}
	var b strings.Builder
	for _, r := range rows[1:] {
		for _, i := range blank {
			r[i] = ""
		}
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	b.WriteString(strings.Join(rows[0], ","))
	return b.String()
}

func TestSweepVariableMatchesForEach(t *testing.T) {
	swept, each := t.TempDir(), t.TempDir()
	if code, _, stderr := nnexp(t, "run", "testdata/sweep_var.hcl", "--quiet", "--out", swept, "--var", "lr=0.01,0.1,1"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := nnexp(t, "run", "testdata/sweep_foreach.hcl", "--quiet", "--out", each); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	runs := column(t, readCSV(t, filepath.Join(swept, "summary.csv")), "run")
	want := []string{"adam[lr=0.01]", "adam[lr=0.01]", "adam[lr=0.1]", "adam[lr=0.1]", "adam[lr=1]", "adam[lr=1]"}
	if !reflect.DeepEqual(runs, want) {
		t.Errorf("swept runs %q, want %q", runs, want)
	}
	for _, file := range []string{"summary.csv", "summary_stats.csv"} {
		a, b := withoutRunAndTimes(t, filepath.Join(swept, file)), withoutRunAndTimes(t, filepath.Join(each, file))
		if a != b {
			t.Errorf("%s differs:\n--var lr=0.01,0.1,1:\n%s\nfor_each:\n%s", file, a, b)
		}
		if !strings.Contains(a, "optimizer.adam.learning_rate") {
			t.Errorf("%s has no learning-rate column:\n%s", file, a)
		}
	}
	// The folder's vars.hcl repeats the sweep.
	vars, err := os.ReadFile(filepath.Join(swept, "vars.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(vars), "lr = [0.01, 0.1, 1]") {
		t.Errorf("vars.hcl does not record the swept values:\n%s", vars)
	}
	again := t.TempDir()
	if code, _, stderr := nnexp(t, "run", "testdata/sweep_var.hcl", "--quiet", "--out", again, "--var-file", filepath.Join(swept, "vars.hcl")); code != 0 {
		t.Fatalf("rerun from vars.hcl: exit %d: %s", code, stderr)
	}
	if a, b := withoutTimes(t, filepath.Join(swept, "summary.csv")), withoutTimes(t, filepath.Join(again, "summary.csv")); a != b {
		t.Errorf("rerunning with vars.hcl gives other results:\n%s\n%s", a, b)
	}
}

func TestSweepOutputDoesNotDependOnParallel(t *testing.T) {
	var want [3]string
	for i, workers := range []string{"1", "3"} {
		out := t.TempDir()
		if code, _, stderr := nnexp(t, "run", "testdata/grid.hcl", "--quiet", "--out", out, "--parallel", workers, "--var", "repeats=2"); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		got := [3]string{withoutTimes(t, filepath.Join(out, "history.csv")), withoutTimes(t, filepath.Join(out, "summary.csv")),
			withoutTimes(t, filepath.Join(out, "summary_stats.csv"))}
		if i == 0 {
			want = got
		} else if got != want {
			t.Errorf("--parallel %s gives different CSVs than --parallel 1", workers)
		}
	}
}

// A non-sweep variable given a list is an error, as before sweeps.
func TestListToPlainVariable(t *testing.T) {
	code, _, stderr := nnexp(t, "run", "testdata/tiny.hcl", "--quiet", "--out", t.TempDir(), "--var", "steps=3,5")
	if code == 0 || !strings.Contains(stderr, "Unsuitable value type") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}
