package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunWritesStatistics: a run of two paired runs on iris with a test
// split and three repeats writes summary_stats.csv (a row per run, its
// three jobs counted by status) and paired.csv (the two runs compared on
// test loss and test accuracy over three pairs), notes in both the file
// and the console that three pairs cannot reach p < 0.05 (the smallest
// two-sided Wilcoxon p of three is 0.25), and the plots are redrawn from
// such a folder as before.
func TestRunWritesStatistics(t *testing.T) {
	file := experimentFile(t, `
experiment "pairs" { repeats = 3 }
dataset "d" {
  source        = "iris"
  test_fraction = 0.3
}
model "m" { hidden = [3] }
pipeline "adam" {
  optimizer "adam" {
    learning_rate = 0.05
    epochs        = 4
  }
}
pipeline "sgd" {
  optimizer "sgd" {
    learning_rate = 0.1
    epochs        = 4
  }
}
run "adam" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.adam
}
run "sgd" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.sgd
}
`)
	out := t.TempDir()
	code, stdout, stderr := nnexp(t, "run", file, "--out", out, "--parallel", "2")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}

	st := readCSV(t, filepath.Join(out, "summary_stats.csv"))
	if len(st) != 3 || len(st[0]) != 9+7*7 {
		t.Fatalf("summary_stats.csv has %d rows of %d columns, want a header and 2 runs of 58", len(st), len(st[0]))
	}
	col := map[string]int{}
	for i, h := range st[0] {
		col[h] = i
	}
	for i, run := range []string{"adam", "sgd"} {
		row := st[1+i]
		if row[col["run"]] != run || row[col["jobs"]] != "3" || row[col["completed"]]+row[col["converged"]] == "" {
			t.Errorf("summary_stats.csv row %q", row)
		}
		for _, c := range []string{"test_loss_mean", "test_accuracy_median", "train_loss_sd", "evaluations_max"} {
			if row[col[c]] == "" {
				t.Errorf("run %s: %s is empty", run, c)
			}
		}
	}

	paired := readCSV(t, filepath.Join(out, "paired.csv"))
	if len(paired) != 3 {
		t.Fatalf("paired.csv has %d rows, want a header, test loss and test accuracy:\n%q", len(paired), paired)
	}
	for i, metric := range []string{"test_loss", "test_accuracy"} {
		row := paired[1+i]
		if strings.Join(row[:4], ",") != "adam,sgd,"+metric+",3" {
			t.Errorf("paired.csv row %q, want adam against sgd on %s over 3 pairs", row, metric)
		}
		if !strings.Contains(row[11], "fewer than 6 non-zero differences") {
			t.Errorf("paired.csv row %q lacks the note on too few pairs", row)
		}
	}
	if !strings.Contains(stdout, "no Wilcoxon p below 0.05 is attainable, for adam vs sgd (test_loss, test_accuracy);") {
		t.Errorf("the console does not name the pair with too few repeats:\n%s", stdout)
	}
	if strings.Index(stdout, "no Wilcoxon p") < strings.Index(stdout, "evaluations (mean)") {
		t.Errorf("the note comes before the summary:\n%s", stdout)
	}

	if code, _, stderr := nnexp(t, "plot", out); code != 0 {
		t.Errorf("plot on a folder with the statistics files: exit %d\n%s", code, stderr)
	}
}

// TestPairedNoteCountsManyPairs runs six instances of one Adam run, five
// of them alike (their paired differences are all zero, too few for
// Wilcoxon) and one with another learning rate: the console names the
// first five alike pairs and counts the other five, rather than listing
// every pair a sweep makes. With two repeats every pair has too few, and
// the note says so in a few words.
func TestPairedNoteCountsManyPairs(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "pairs.hcl")
	src := `experiment "pairs" {
  seed    = 1
  repeats = var.repeats
}

variable "repeats" {
  default = 6
}

dataset "d" {
  source        = "diabetes"
  test_fraction = 0.25
}

model "m" {
  hidden = [3]
}

pipeline "adam" {
  for_each = { a = 0.1, b = 0.1, c = 0.1, d = 0.1, e = 0.1, f = 0.01 }
  optimizer "adam" {
    learning_rate = each.value
    epochs        = 2
    batch_size    = 100
  }
}

run "r" {
  for_each = toset(["a", "b", "c", "d", "e", "f"])
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.adam[each.key]
}
`
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := nnexp(t, "run", file, "--out", filepath.Join(dir, "out"))
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	want := "is attainable, for r[a] vs r[b] (test_loss), r[a] vs r[c] (test_loss), r[a] vs r[d] (test_loss), r[a] vs r[e] (test_loss), r[b] vs r[c] (test_loss) and 5 more pairs (their note in paired.csv says so);"
	if !strings.Contains(stdout, want) {
		t.Errorf("the console note does not name five pairs and count five:\n%s", stdout)
	}
	code, stdout, stderr = nnexp(t, "run", file, "--out", filepath.Join(dir, "two"), "--var", "repeats=2")
	if code != 0 {
		t.Fatalf("two repeats: exit %d\n%s", code, stderr)
	}
	if want := "is attainable, for every metric of every one of the 15 pairs of runs;"; !strings.Contains(stdout, want) {
		t.Errorf("two repeats: the console note does not say every pair:\n%s", stdout)
	}
}

// Runs that cannot be paired (one given its own seed) get a word on the
// console, as on the page, rather than no tests and no reason.
func TestUnpairedRunsAreSaidSo(t *testing.T) {
	src, err := os.ReadFile("testdata/tiny.hcl")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "tiny.hcl")
	unpaired := strings.Replace(string(src), "  pipeline = pipeline.adam\n", "  pipeline = pipeline.adam\n  seed     = 7\n", 1)
	if err := os.WriteFile(file, []byte(unpaired), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := nnexp(t, "run", file, "--out", filepath.Join(t.TempDir(), "out"))
	if code != 0 || !strings.Contains(stdout, "\npaired.csv: no two runs are paired, so there are no paired tests: runs pair when") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = nnexp(t, "run", "testdata/tiny.hcl", "--out", filepath.Join(t.TempDir(), "out"))
	if code != 0 || strings.Contains(stdout, "no two runs are paired") {
		t.Errorf("paired runs said unpaired:\n%s", stdout)
	}
}

// validate says before a run what the run's note says after it: two
// paired runs over fewer than 6 repeats cannot reach p < 0.05.
func TestValidateNotesTooFewRepeats(t *testing.T) {
	code, stdout, stderr := nnexp(t, "validate", "testdata/tiny.hcl", "--var", "repeats=5")
	want := "testdata/tiny.hcl: valid: experiment \"tiny\", 2 runs, 10 jobs\nnote: runs search and gradient are paired over 5 repeats, too few for a paired test to reach p < 0.05 (it needs 6 non-zero differences); set repeats to 6 or more if the comparison is the point\n"
	if code != 0 || stdout != want || stderr != "" {
		t.Errorf("exit %d\nstdout: %s\nwant: %s\nstderr: %s", code, stdout, want, stderr)
	}
	for _, repeats := range []string{"1", "6"} {
		if _, stdout, _ := nnexp(t, "validate", "testdata/tiny.hcl", "--var", "repeats="+repeats); strings.Contains(stdout, "note:") {
			t.Errorf("repeats=%s: %s", repeats, stdout)
		}
	}
}
