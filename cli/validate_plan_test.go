package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidatePlansBuiltinData: validate reads no data file's rows, but
// built-in data sets are embedded and small, so a loss that does not fit
// one is still caught before run; the same mistake on a CSV file waits for
// run, which reads the rows. (The mistake is a classification loss on
// regression data: mse on classes is now a loss against one-hot targets.)
func TestValidatePlansBuiltinData(t *testing.T) {
	const body = `
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "adam" { epochs = 1 }
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
`
	builtin := experimentFile(t, `experiment "x" {}`+"\n"+`dataset "d" { source = "diabetes" }`+body)
	code, stdout, stderr := nnexp(t, "validate", builtin)
	if code != 1 || !strings.Contains(stderr, `Loss "cross_entropy" is a classification loss, but dataset "d" is regression`) {
		t.Errorf("validate, cross_entropy on diabetes: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = nnexp(t, "validate", "--json", builtin)
	if code != 1 || !strings.Contains(stdout, `"summary": "Loss does not fit the data"`) {
		t.Errorf("validate --json, cross_entropy on diabetes: exit %d\n%s", code, stdout)
	}

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "d.csv"), []byte("a,y\n1,0.5\n2,1.5\n3,2.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(dir, "e.hcl")
	src := `experiment "x" {}` + "\n" + `dataset "d" {
  source = "csv"
  path   = "d.csv"
}` + body
	if err := os.WriteFile(csv, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := nnexp(t, "validate", csv); code != 0 {
		t.Errorf("validate read the CSV's rows: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := nnexp(t, "run", csv, "--out", t.TempDir()); code != 1 || !strings.Contains(stderr, "Loss does not fit the data") {
		t.Errorf("run, cross_entropy on CSV values: exit %d\n%s", code, stderr)
	}
}
