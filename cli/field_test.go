package cli_test

import (
	"path/filepath"
	"strconv"
	"testing"
)

// TestFieldStaysWithinItsBudget runs experiments/field.hcl, every
// optimizer and pipeline on both data sets, at a small max_cost and
// checks every row of summary.csv and history.csv against it: no job's
// cost passes the cap, whatever method spends it.
func TestFieldStaysWithinItsBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 21 jobs")
	}
	const budget = 40
	out := t.TempDir()
	code, stdout, stderr := nnexp(t, "run", "../experiments/field.hcl", "--out", out, "--quiet",
		"--var", "repeats=1", "--var", "budget="+strconv.Itoa(budget), "--parallel", "2")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, name := range []string{"summary.csv", "history.csv"} {
		rows := readCSV(t, filepath.Join(out, name))
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		runs := map[string]bool{}
		for _, r := range rows[1:] {
			runs[r[col["run"]]] = true
			cost, err := strconv.ParseFloat(r[col["cost"]], 64)
			if err != nil || !(cost > 0 && cost <= budget) {
				t.Errorf("%s: run %s cost %q, want in (0, %d]", name, r[col["run"]], r[col["cost"]], budget)
			}
			if name == "summary.csv" && r[col["status"]] == "failed" {
				t.Errorf("run %s failed: %s", r[col["run"]], r[col["error"]])
			}
		}
		if len(runs) != 21 {
			t.Errorf("%s has %d runs, want 21", name, len(runs))
		}
	}
}
