package report

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestForeignOutputs(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(t.TempDir(), "exp.hcl")
	for _, name := range []string{"history_a.png", "curve.png", "exp.hcl", "data.csv", "summary.csv", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(src, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	exp := &Experiment{Filename: src, Plots: []*Plot{{File: "curve.png"}}}
	got, err := ForeignOutputs(dir, exp)
	// exp.hcl in dir is another file than the experiment: its copy would
	// replace it.
	if want := []string{"curve.png", "exp.hcl", "history_a.png", "summary.csv"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("got %v, %v; want %v", got, err, want)
	}
	// The experiment itself in the folder is its own copy.
	exp.Filename = filepath.Join(dir, "exp.hcl")
	if got, _ := ForeignOutputs(dir, exp); slices.Contains(got, "exp.hcl") {
		t.Errorf("the experiment file itself is listed: %v", got)
	}
	// A jobs folder or a manifest makes it nnexp's folder.
	if err := os.Mkdir(filepath.Join(dir, JobsFolder), 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := ForeignOutputs(dir, exp); got != nil || err != nil {
		t.Errorf("with a jobs folder: %v, %v", got, err)
	}
	for _, missing := range []string{filepath.Join(dir, "none"), filepath.Join(dir, "notes.txt")} {
		if got, err := ForeignOutputs(missing, exp); got != nil || err != nil {
			t.Errorf("%s: %v, %v", missing, got, err)
		}
	}
}

// fixedOutputs is a list beside planOutputs: every name a run writes must
// be on it (or be a history_<run>.png, a plot block's or the experiment's),
// or a new output would overwrite a user's file of that name unnoticed.
func TestForeignNamesCoverEveryOutput(t *testing.T) {
	exp, results := fixture()
	outs, err := planOutputs(exp, results, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	names := outputNames(exp)
	for _, o := range outs {
		if !takenByOutputs(o.name, names) {
			t.Errorf("output %s is not among the names ForeignOutputs checks", o.name)
		}
	}
}
