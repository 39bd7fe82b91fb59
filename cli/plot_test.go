package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/cli"
	"github.com/nnexp/nnexp/report"
)

var defaultPlots = []string{"history.png", "history_search.png", "history_gradient.png", "final_loss.png"}

// plot DIR redraws the plots of a run from its folder alone, pixel for
// pixel, and takes up an edit of the experiment copy's plot blocks.
func TestPlotRedrawsAnOutputFolder(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := nnexp(t, "run", "testdata/tiny.hcl", "--quiet", "--out", out, "--var", "repeats=2"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	before := map[string][]byte{}
	for _, f := range defaultPlots {
		before[f] = []byte(fileText(t, filepath.Join(out, f)))
		if err := os.Remove(filepath.Join(out, f)); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := nnexp(t, "plot", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, f := range defaultPlots {
		got, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Errorf("plot did not bring back %s: %v", f, err)
			continue
		}
		if !bytes.Equal(got, before[f]) {
			t.Errorf("%s differs from the one run drew", f)
		}
		if !strings.Contains(stdout, filepath.Join(out, f)+"\n") {
			t.Errorf("stdout does not list %s:\n%s", f, stdout)
		}
	}

	// A plot block added to the copy is drawn; its title may use a
	// variable, whose value comes from vars.hcl.
	copyPath := filepath.Join(out, "tiny.hcl")
	src := fileText(t, copyPath) + "\nplot \"extra\" {\n  type  = \"final_loss\"\n  runs  = [run.gradient]\n  title = \"repeats: ${var.repeats}\"\n}\n"
	writeFile(t, copyPath, src)
	if code, _, stderr := nnexp(t, "plot", out); code != 0 {
		t.Fatalf("with a new plot block: exit %d\n%s", code, stderr)
	}
	if st, err := os.Stat(filepath.Join(out, "extra.png")); err != nil || st.Size() == 0 {
		t.Errorf("extra.png: %v", err)
	}

	// A mistake in it is a diagnostic on the copy.
	writeFile(t, copyPath, strings.Replace(src, "[run.gradient]", "[run.gradeint]", 1))
	code, _, stderr = nnexp(t, "plot", out)
	if code != cli.ExitFailure || !strings.Contains(stderr, `Did you mean run.gradient?`) || !strings.Contains(stderr, "on "+copyPath+" line") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

func TestPlotMistakes(t *testing.T) {
	empty := t.TempDir()
	if code, _, stderr := nnexp(t, "plot", empty); code != cli.ExitFailure || !strings.Contains(stderr, "summary.csv") {
		t.Errorf("empty folder: exit %d: %s", code, stderr)
	}
	out := t.TempDir()
	if code, _, stderr := nnexp(t, "run", "testdata/tiny.hcl", "--quiet", "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	writeFile(t, filepath.Join(out, "other.hcl"), "")
	// The manifest names the copy, so another .hcl file is no matter...
	if code, _, stderr := nnexp(t, "plot", out); code != 0 {
		t.Errorf("another .hcl file beside the manifest's: exit %d: %s", code, stderr)
	}
	// ...but without it, two candidates are.
	if err := os.Remove(filepath.Join(out, "manifest.json")); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := nnexp(t, "plot", out); code != cli.ExitFailure || !strings.Contains(stderr, "2 experiment files") {
		t.Errorf("two experiment files: exit %d: %s", code, stderr)
	}
	for _, args := range [][]string{{"plot"}, {"plot", "a", "b"}} {
		if code, _, stderr := nnexp(t, args...); code != cli.ExitUsage || !strings.Contains(stderr, "want exactly one output folder") {
			t.Errorf("%q: exit %d: %s", args, code, stderr)
		}
	}
}

// An experiment file need not end in .hcl, and an output folder's name
// is not a pattern: plot finds the copy that run wrote all the same.
func TestPlotFindsTheCopyByTheManifest(t *testing.T) {
	file := filepath.Join(t.TempDir(), "tiny.experiment")
	writeFile(t, file, fileText(t, "testdata/tiny.hcl"))
	out := filepath.Join(t.TempDir(), "run[1]")
	if code, _, stderr := nnexp(t, "run", file, "--quiet", "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if err := os.Remove(filepath.Join(out, "history.png")); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := nnexp(t, "plot", out); code != 0 {
		t.Fatalf("plot: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "history.png")); err != nil {
		t.Errorf("plot did not redraw history.png: %v", err)
	}
}

// After plot DIR the manifest lists what the folder holds: the digests of
// the plots and page it redrew, and a plot whose block was deleted from
// the copy is removed, as a run would, and dropped from the list.
func TestPlotKeepsTheManifestTrue(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := nnexp(t, "run", "testdata/tiny.hcl", "--quiet", "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	copyPath := filepath.Join(out, "tiny.hcl")
	src := fileText(t, copyPath)
	writeFile(t, copyPath, src+"\nplot \"extra\" {\n  type  = \"final_loss\"\n  title = \"first title\"\n}\n")
	if code, _, stderr := nnexp(t, "plot", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	writeFile(t, copyPath, src+"\nplot \"other\" {\n  type  = \"final_loss\"\n  title = \"another\"\n}\n")
	code, stdout, stderr := nnexp(t, "plot", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "extra.png")); err == nil || !strings.Contains(stdout, "removed "+filepath.Join(out, "extra.png")) {
		t.Errorf("extra.png, whose block is gone, is still there (%v)\n%s", err, stdout)
	}
	m, _ := readManifest(t, out)
	names := map[string]bool{}
	for _, o := range m.Outputs {
		names[o.Name] = true
		if o.Name == filepath.Base(copyPath) {
			continue // the user edited it; its digest is the run's
		}
		if got := report.FileDigest(filepath.Join(out, o.Name)); got != o.SHA256 {
			t.Errorf("manifest digest of %s is %s, the file's %s", o.Name, o.SHA256, got)
		}
	}
	if names["extra.png"] || !names["other.png"] || !names["report.html"] || !names["summary.csv"] {
		t.Errorf("manifest lists %v", names)
	}
}

// A profile of runs that start from different parameters (other models)
// has no problem to profile: nnexp run refuses it, and so does nnexp plot,
// which reads back results that have no spec and takes which runs are
// paired from the experiment file (found by review: it used to draw it).
func TestPlotRefusesAProfileOfUnpairedRuns(t *testing.T) {
	dir := t.TempDir()
	src := strings.Replace(fileText(t, "testdata/tiny.hcl"), `run "gradient" {
  dataset  = dataset.d
  model    = model.m`, `model "m4" {
  hidden = [4]
}

run "gradient" {
  dataset  = dataset.d
  model    = model.m4`, 1) + "\nplot \"dp\" {\n  type = \"data_profile\"\n}\n"
	if !strings.Contains(src, "model.m4") {
		t.Fatal("the edit of tiny.hcl did not apply")
	}
	file := filepath.Join(dir, "unpaired.hcl")
	writeFile(t, file, src)
	out := filepath.Join(dir, "out")
	const refusal = "no repeat that every run finished from a shared start"
	code, _, stderr := nnexp(t, "run", file, "--quiet", "--out", out, "--var", "repeats=2")
	if code != cli.ExitFailure || !strings.Contains(stderr, refusal) {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	code, _, stderr = nnexp(t, "plot", out)
	if code != cli.ExitFailure || !strings.Contains(stderr, refusal) {
		t.Errorf("plot: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "dp.png")); err == nil {
		t.Error("plot drew dp.png")
	}
}
