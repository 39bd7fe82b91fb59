package cli_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/report"
)

// TestManifestNamesItsData: the manifest names each dataset's file and its
// digest, how it was split, and which class label each output scores,
// which was recorded nowhere.
func TestManifestNamesItsData(t *testing.T) {
	dir := t.TempDir()
	data := []byte("a,b,species\n1,2,virginica\n2,1,setosa\n3,3,versicolor\n0,1,setosa\n1,1,virginica\n")
	if err := os.WriteFile(filepath.Join(dir, "flowers.csv"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "m.hcl")
	src := `experiment "m" {}
dataset "flowers" {
  source        = "csv"
  path          = "flowers.csv"
  test_fraction = 0.2
}
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "search" { iterations = 1 }
}
run "s" {
  dataset  = dataset.flowers
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
`
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if code, stdout, stderr := nnexp(t, "run", file, "--out", out, "--quiet"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	raw, err := os.ReadFile(filepath.Join(out, report.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	var m report.Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if len(m.Datasets) != 1 {
		t.Fatalf("manifest datasets %+v", m.Datasets)
	}
	d := m.Datasets[0]
	if d.Name != "flowers" || d.Path != filepath.Join(dir, "flowers.csv") || d.SHA256 != hex.EncodeToString(sum[:]) ||
		d.Task != "classification" || d.TrainRows+d.TestRows != 5 || d.TestRows != 1 || d.Inputs != 2 ||
		!slices.Equal(d.Classes, []string{"setosa", "versicolor", "virginica"}) || !slices.Equal(d.Runs, []string{"s"}) {
		t.Errorf("manifest dataset %+v", d)
	}
}

// TestManifestNamesIDXFiles: an IDX dataset with a test block records
// every file it read, each with its digest, and its scale.
func TestManifestNamesIDXFiles(t *testing.T) {
	fixtures, err := filepath.Abs("../dsl/testdata/idx")
	if err != nil {
		t.Fatal(err)
	}
	at := func(name string) string { return filepath.Join(fixtures, name) }
	dir := t.TempDir()
	file := filepath.Join(dir, "m.hcl")
	src := `experiment "m" {}
dataset "px" {
  source = "idx"
  images = "` + at("images.idx") + `"
  labels = "` + at("labels.idx.gz") + `"
  scale  = 0.5
  test {
    images = "` + at("test-images.idx.gz") + `"
    labels = "` + at("test-labels.idx") + `"
  }
}
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "search" { iterations = 1 }
}
run "s" {
  dataset  = dataset.px
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
`
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if code, stdout, stderr := nnexp(t, "run", file, "--out", out, "--quiet"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	raw, err := os.ReadFile(filepath.Join(out, report.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	var m report.Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	digest := func(name string) string {
		b, err := os.ReadFile(at(name))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		return hex.EncodeToString(sum[:])
	}
	if len(m.Datasets) != 1 {
		t.Fatalf("manifest datasets %+v", m.Datasets)
	}
	d := m.Datasets[0]
	if d.Source != "idx" || d.Path != at("images.idx") || d.SHA256 != digest("images.idx") || d.Scale != 0.5 ||
		d.TrainRows != 4 || d.TestRows != 2 || d.Inputs != 4 || !slices.Equal(d.Classes, []string{"0", "1", "2"}) {
		t.Errorf("manifest dataset %+v", d)
	}
	want := []report.ManifestDataFile{
		{Role: "labels", Path: at("labels.idx.gz"), SHA256: digest("labels.idx.gz")},
		{Role: "test_images", Path: at("test-images.idx.gz"), SHA256: digest("test-images.idx.gz")},
		{Role: "test_labels", Path: at("test-labels.idx"), SHA256: digest("test-labels.idx")},
	}
	if !slices.Equal(d.Files, want) {
		t.Errorf("files %+v, want %+v", d.Files, want)
	}
}
