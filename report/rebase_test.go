package report

import (
	"path/filepath"
	"testing"
)

func TestRebaseDataPaths(t *testing.T) {
	root := t.TempDir()
	from := filepath.Join(root, "experiments")
	to := filepath.Join(root, "results", "x")
	src := `# An experiment.
dataset "a" {
  source = "csv"
  path   = "data/train.csv" # next to the file
}

dataset "b" {
  source = "csv"
  path   = var.data
}

dataset "c" {
  source = "csv"
  path   = "` + filepath.ToSlash(filepath.Join(root, "abs.csv")) + `"
}

dataset "d" {
  source = "diabetes"
}
`
	want := `# An experiment.
dataset "a" {
  source = "csv"
  path   = "../../experiments/data/train.csv" # next to the file
}

dataset "b" {
  source = "csv"
  path   = var.data
}

dataset "c" {
  source = "csv"
  path   = "` + filepath.ToSlash(filepath.Join(root, "abs.csv")) + `"
}

dataset "d" {
  source = "diabetes"
}
`
	if got := string(rebaseDataPaths([]byte(src), from, to)); got != want {
		t.Errorf("rebased:\n%s\nwant:\n%s", got, want)
	}
	// The same folder, or a file that does not parse: unchanged.
	if got := string(rebaseDataPaths([]byte(src), from, from)); got != src {
		t.Errorf("same folder changed the file:\n%s", got)
	}
	broken := "dataset \"a\" {\n  path = \"x.csv\"\n"
	if got := string(rebaseDataPaths([]byte(broken), from, to)); got != broken {
		t.Errorf("broken file changed:\n%s", got)
	}
}
