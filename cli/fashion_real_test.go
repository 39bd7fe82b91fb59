package cli_test

import (
	"path/filepath"
	"testing"

	"github.com/nnexp/nnexp/internal/fashionmnist"
)

// TestFashionMNISTExperimentReal runs the shipped experiments/fashion_mnist.hcl
// on Debian's Fashion-MNIST files for one search sweep and one Adam epoch,
// and checks search's first sweep against the values this project
// publishes (the README's Fashion-MNIST section): the sweeps are the same
// on every machine, so a change that moved one of search's choices, or
// the data's loading, scaling or official test set, shows here. It skips
// when the package is missing, unless CI is set (.ci/run installs it).
func TestFashionMNISTExperimentReal(t *testing.T) {
	fashionmnist.Files(t, "train")
	fashionmnist.Files(t, "t10k")
	if testing.Short() {
		t.Skip("a sweep over 60,000 images takes about half a minute")
	}
	out := t.TempDir()
	code, stdout, stderr := nnexp(t, "run", "../experiments/fashion_mnist.hcl", "--out", out, "--quiet",
		"--var", "sweeps=1", "--var", "epochs=1")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	rows := readCSV(t, filepath.Join(out, "history.csv"))
	runs, steps := column(t, rows, "run"), column(t, rows, "step")
	// The README's run (7a88506): sweep 1 of search.
	want := map[string]string{
		"train_loss":     "0.04611998623962961",
		"test_loss":      "0.04735278557368416",
		"train_accuracy": "0.7882833333333333",
		"test_accuracy":  "0.7786",
	}
	found := false
	for k := range runs {
		if runs[k] != "search" || steps[k] != "1" {
			continue
		}
		found = true
		for name, v := range want {
			if got := column(t, rows, name)[k]; got != v {
				t.Errorf("search's first sweep: %s %s, the published %s", name, got, v)
			}
		}
	}
	if !found {
		t.Fatalf("history.csv has no row of search's first sweep:\n%v", rows)
	}
	summary := readCSV(t, filepath.Join(out, "summary.csv"))
	if len(summary) != 4 {
		t.Fatalf("summary.csv has %d rows, want a header and search, adam, logistic", len(summary))
	}
}
