package cli_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestConsoleSummaryAndTimings: the summary printed after a run says how
// its jobs ended and shows test accuracy for classification, its means
// are labelled as means, and the CSVs' timings are written to the
// microsecond rather than as 2.7382210049999998.
func TestConsoleSummaryAndTimings(t *testing.T) {
	file := experimentFile(t, `
experiment "iris" { repeats = 2 }
dataset "d" {
  source        = "iris"
  test_fraction = 0.2
}
model "m" { hidden = [4] }
pipeline "p" {
  optimizer "adam" {
    learning_rate = 0.01
    epochs        = 5
  }
}
run "adam" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
`)
	out := t.TempDir()
	code, stdout, stderr := nnexp(t, "run", file, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	header := regexp.MustCompile(`(?m)^\s*run\s+repeats\s+status\s+train loss \(mean\)\s+min\s+max\s+test loss \(mean\)\s+train accuracy \(mean\)\s+test accuracy \(mean\)\s+evaluations \(mean\)\s+cost \(mean\)$`)
	row := regexp.MustCompile(`(?m)^\s*adam\s+2\s+completed\s+\S+\s+\S+\s+\S+\s+\S+\s+0\.\d+\s+0\.\d+\s+\d+\s+\d+(\.\d+)?$`)
	if !header.MatchString(stdout) || !row.MatchString(stdout) {
		t.Errorf("console summary lacks status, accuracies or labelled means:\n%s", stdout)
	}
	if strings.Contains(stdout, "1 jobs") || !strings.Contains(stdout, "2 jobs") {
		t.Errorf("counts not pluralized right:\n%s", stdout)
	}
	seconds := regexp.MustCompile(`^\d+(\.\d{1,6})?$`)
	for _, name := range []string{"history.csv", "summary.csv"} {
		rows := readCSV(t, filepath.Join(out, name))
		col := -1
		for i, h := range rows[0] {
			if h == "elapsed_seconds" {
				col = i
			}
		}
		for _, r := range rows[1:] {
			if !seconds.MatchString(r[col]) {
				t.Errorf("%s: elapsed_seconds %q is not seconds to the microsecond", name, r[col])
			}
		}
	}
}
