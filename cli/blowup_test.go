package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBlowUpIsWarnedAbout: Adam at learning_rate 1e10 finishes its epochs
// ("completed", exit 0) at a loss far above its start; the console and
// summary.csv's error column must say so, on the completed row.
func TestBlowUpIsWarnedAbout(t *testing.T) {
	file := experimentFile(t, `
experiment "blowup" {}
dataset "d" { source = "diabetes" }
model "m" { hidden = [3] }
pipeline "p" {
  optimizer "adam" {
    learning_rate = 1e10
    epochs        = 5
  }
}
pipeline "fine" {
  optimizer "adam" {
    learning_rate = 0.1
    epochs        = 5
  }
}
run "blowup" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
run "fine" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.fine
}
`)
	out := t.TempDir()
	code, stdout, stderr := nnexp(t, "run", file, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "nnexp: run blowup repeat 0 completed: runner: warning: the training loss ended at ") ||
		!strings.Contains(stderr, "a step size may be too large") || strings.Contains(stderr, "run fine") {
		t.Errorf("stderr does not warn about the blow-up alone:\n%s", stderr)
	}
	rows := readCSV(t, filepath.Join(out, "summary.csv"))
	for _, r := range rows[1:] {
		warned := strings.HasPrefix(r[len(r)-1], "runner: warning: the training loss ended at ")
		if r[3] != "completed" || warned != (r[0] == "blowup") {
			t.Errorf("summary row %q: want completed, with the warning only on blowup", r)
		}
	}
}
