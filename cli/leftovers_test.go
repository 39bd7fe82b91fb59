package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const leftoverExperiment = `
experiment "left" {}
dataset "d" { source = "diabetes" }
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "adam" { epochs = 2 }
}
run "RUN" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
plot "log" {
  type  = "history"
  log_y = true
}
`

// TestRenamedRunLeavesNoPlot: renaming a run left history_<old>.png beside
// the new plots; the next run removes what the last one wrote and this
// one does not, and nothing else.
func TestRenamedRunLeavesNoPlot(t *testing.T) {
	file := experimentFile(t, strings.Replace(leftoverExperiment, "RUN", "old", 1))
	out := t.TempDir()
	if code, stdout, stderr := nnexp(t, "run", file, "--out", out); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	notes := filepath.Join(out, "notes.png") // the user's own file
	if err := os.WriteFile(notes, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(leftoverExperiment, "RUN", "new", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := nnexp(t, "run", file, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for name, want := range map[string]bool{"history_old.png": false, "history_new.png": true, "log.png": true, "notes.png": true} {
		_, err := os.Stat(filepath.Join(out, name))
		if (err == nil) != want {
			t.Errorf("%s exists: %v, want %v", name, err == nil, want)
		}
	}
	if !strings.Contains(stdout, "removed "+filepath.Join(out, "history_old.png")) {
		t.Errorf("the run does not say what it removed:\n%s", stdout)
	}
}

// TestStaleRemovalSparesUserFiles: the experiment run with --out set to
// its own folder, then another experiment into it: the first experiment's
// file (which the run wrote its copy over) stays, and so does a plot the
// user replaced after the run.
func TestStaleRemovalSparesUserFiles(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	write := func(name, src string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.hcl", strings.Replace(leftoverExperiment, "RUN", "a", 1))
	write("b.hcl", strings.Replace(leftoverExperiment, "RUN", "b", 1))
	if code, stdout, stderr := nnexp(t, "run", "a.hcl", "--out", "."); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	write("history_a.png", "the user's own picture now")
	if code, stdout, stderr := nnexp(t, "run", "b.hcl", "--out", "."); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, name := range []string{"a.hcl", "history_a.png", "b.hcl", "history_b.png"} {
		if _, err := os.Stat(name); err != nil {
			t.Errorf("%s is gone: %v", name, err)
		}
	}
}

// TestPlotWarnsAboutEditedResults: nnexp plot redraws an edited plot block
// quietly, but warns when other blocks of the copy changed, since the
// results are from the file as it was run; and a folder that is not an
// output folder is named as such.
func TestPlotWarnsAboutEditedResults(t *testing.T) {
	file := experimentFile(t, strings.Replace(leftoverExperiment, "RUN", "r", 1))
	out := t.TempDir()
	if code, stdout, stderr := nnexp(t, "run", file, "--out", out); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	cp := filepath.Join(out, filepath.Base(file))
	edit := func(from, to string) {
		t.Helper()
		src, err := os.ReadFile(cp)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(cp, []byte(strings.Replace(string(src), from, to, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("log_y = true", "log_y = false")
	if code, _, stderr := nnexp(t, "plot", out); code != 0 || strings.Contains(stderr, "warning") {
		t.Errorf("plot after a plot-block edit: exit %d, stderr:\n%s", code, stderr)
	}
	edit("epochs = 2", "epochs = 20")
	if code, _, stderr := nnexp(t, "plot", out); code != 0 || !strings.Contains(stderr, "was edited outside its plot and milestone blocks since the run") {
		t.Errorf("plot after a pipeline edit: exit %d, no warning:\n%s", code, stderr)
	}

	code, _, stderr := nnexp(t, "plot", t.TempDir())
	if code != 1 || !strings.Contains(stderr, "is not an output folder of nnexp run: it has no summary.csv") {
		t.Errorf("plot on an empty folder: exit %d\n%s", code, stderr)
	}
	missing := filepath.Join(t.TempDir(), "nosuch")
	if code, _, stderr := nnexp(t, "plot", missing); code != 1 || stderr != "nnexp plot: there is no folder "+missing+"; DIR is an output folder of nnexp run\n" {
		t.Errorf("plot on no folder: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := nnexp(t, "plot", filepath.Join(out, "summary.csv")); code != 1 || !strings.HasSuffix(stderr, "summary.csv is a file, not a folder; DIR is an output folder of nnexp run\n") {
		t.Errorf("plot on a file: exit %d\n%s", code, stderr)
	}
}

// A write killed outright (SIGKILL) leaves its temporary; the next run
// into the folder removes those over an hour old, in the folder and in
// jobs/, and leaves a fresh one (another shard's write in progress).
func TestRunRemovesKilledWritesTemporaries(t *testing.T) {
	out := t.TempDir()
	old := time.Now().Add(-2 * time.Hour)
	for _, p := range []string{
		filepath.Join(out, ".history.csv.12345.tmp"),
		filepath.Join(out, "jobs", ".0123abcd.json.777.tmp"),
		filepath.Join(out, ".summary.csv.999.tmp"), // fresh
	} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, p, "half")
		if !strings.HasSuffix(p, ".999.tmp") {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	code, stdout, stderr := nnexp(t, "run", "testdata/tiny.hcl", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, gone := range []string{".history.csv.12345.tmp", filepath.Join("jobs", ".0123abcd.json.777.tmp")} {
		if _, err := os.Stat(filepath.Join(out, gone)); !os.IsNotExist(err) {
			t.Errorf("%s is still there (%v)", gone, err)
		}
	}
	if _, err := os.Stat(filepath.Join(out, ".summary.csv.999.tmp")); err != nil {
		t.Errorf("the fresh temporary was removed: %v", err)
	}
	if !strings.Contains(stdout, "removed 1 temporary file left in "+out+" by an interrupted write") {
		t.Errorf("stdout:\n%s", stdout)
	}
}
