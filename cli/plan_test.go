package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/cli"
)

const csvExperiment = `experiment "cells" {}

dataset "d" {
  source = "csv"
  path   = "data.csv"
  target = "y"
}

model "m" {
  hidden = [2]
}

pipeline "p" {
  optimizer "search" {
    iterations = 1
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`

// validate reads a CSV's header and nothing more: a bad cell further down
// is found by run, before any job starts, at the same place in the file.
func TestValidateReadsOnlyTheHeaderRunReadsTheRows(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "e.hcl")
	writeFile(t, file, csvExperiment)
	writeFile(t, filepath.Join(dir, "data.csv"), "a,y\n1,2\noops,3\n")

	if code, stdout, stderr := nnexp(t, "validate", file); code != cli.ExitOK || !strings.Contains(stdout, "valid") {
		t.Errorf("validate: exit %d: %s%s", code, stdout, stderr)
	}
	out := filepath.Join(dir, "out")
	code, _, stderr := nnexp(t, "run", file, "--quiet", "--out", out)
	for _, want := range []string{"Error: Invalid CSV data", "on " + file + " line 5", `data.csv:3:1: cell "oops" in column "a" is not a number`, "nnexp: " + file + ": 1 error"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("run's stderr lacks %q:\n%s", want, stderr)
		}
	}
	if code != cli.ExitFailure {
		t.Errorf("run: exit %d, want %d", code, cli.ExitFailure)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("run created %s though it could not plan", out)
	}

	// The header is still checked by validate.
	writeFile(t, filepath.Join(dir, "data.csv"), "a,z\n1,2\n")
	code, _, stderr = nnexp(t, "validate", file)
	if code != cli.ExitFailure || !strings.Contains(stderr, `target column "y" not found (columns: a, z)`) || !strings.Contains(stderr, "on "+file+" line 6") {
		t.Errorf("validate, header without the target: exit %d:\n%s", code, stderr)
	}
}

// plot needs neither the data nor the optimizers of the run: here the
// copy names a CSV file that is gone and an optimizer this binary lacks.
func TestPlotNeedsNeitherDataNorOptimizers(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "e.hcl")
	writeFile(t, file, csvExperiment)
	data := filepath.Join(dir, "data.csv")
	writeFile(t, data, "a,y\n1,2\n3,4\n5,7\n")
	out := filepath.Join(dir, "out")
	if code, _, stderr := nnexp(t, "run", file, "--quiet", "--out", out); code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	if err := os.Remove(data); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(out, "e.hcl")
	writeFile(t, copyPath, strings.Replace(fileText(t, copyPath), `optimizer "search" {
    iterations = 1`, `optimizer "custom_search" {
    sigma = 1`, 1))
	if err := os.Remove(filepath.Join(out, "final_loss.png")); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := nnexp(t, "plot", out); code != 0 {
		t.Fatalf("plot: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "final_loss.png")); err != nil {
		t.Errorf("plot did not redraw final_loss.png: %v", err)
	}
}
