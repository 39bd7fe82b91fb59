package runner_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/runner"
)

// hashBase is an experiment whose every result-changing attribute is
// written out, so each can be changed alone.
const hashBase = `
experiment "h" {}
dataset "d" {
  source = "csv"
  path   = "data.csv"
}
model "m" {
  hidden     = [3]
  activation = "tanh"
  init {
    weights = [-2, 2]
  }
}
loss "robust" {
  type  = "huber"
  delta = 1.5
}
pipeline "p" {
  optimizer "search" {
    weight_steps = 5
    iterations   = 2
  }
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = loss.robust
  pipeline = pipeline.p
  seed     = 4
  repeats  = 2
}
`

const hashData = "x1,x2,y\n1,2,3\n4,5,6\n7,8,10\n2,2,2\n"

// jobHashes loads src with data.csv holding data and returns its jobs'
// hashes in job order.
func jobHashes(t *testing.T, src, data string) []string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "data.csv"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "h.hcl")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	decoded, diags := dsl.NewLoader().LoadFile(path, nil)
	exp := resolve(t, decoded, diags)
	var hashes []string
	for _, j := range runner.Jobs(exp) {
		hashes = append(hashes, j.Hash)
	}
	return hashes
}

func TestJobHash(t *testing.T) {
	base := jobHashes(t, hashBase, hashData)
	hex := regexp.MustCompile(`^[0-9a-f]{64}$`)
	for _, h := range base {
		if !hex.MatchString(h) {
			t.Fatalf("hash %q is not sha256 hex", h)
		}
	}
	if base[0] == base[1] {
		t.Errorf("the two repeats share the hash %s", base[0])
	}
	if again := jobHashes(t, hashBase, hashData); strings.Join(again, " ") != strings.Join(base, " ") {
		t.Errorf("loading the same file twice gives %v, then %v", base, again)
	}

	edit := func(old, new string) string {
		if !strings.Contains(hashBase, old) {
			t.Fatalf("hashBase lacks %q", old)
		}
		return strings.Replace(hashBase, old, new, 1)
	}
	same := map[string]string{
		"run renamed":     edit(`run "r"`, `run "renamed"`),
		"blocks renamed":  strings.NewReplacer(`model "m"`, `model "mm"`, `model.m`, `model.mm`, `pipeline "p"`, `pipeline "q"`, `pipeline.p`, `pipeline.q`).Replace(hashBase),
		"experiment name": edit(`experiment "h"`, `experiment "other"`),
	}
	for what, src := range same {
		if got := jobHashes(t, src, hashData); got[0] != base[0] || got[1] != base[1] {
			t.Errorf("%s: hash changed", what)
		}
	}
	if got := jobHashes(t, hashBase, strings.Replace(hashData, "x1,x2,y", "a,b,target", 1)); got[0] != base[0] {
		t.Errorf("column names changed the hash, though no number changed")
	}

	changed := map[string][2]string{
		"a dataset row":    {hashBase, strings.Replace(hashData, "7,8,10", "7,8,11", 1)},
		"hidden sizes":     {edit("hidden     = [3]", "hidden     = [4]"), hashData},
		"activation":       {edit(`activation = "tanh"`, `activation = "relu"`), hashData},
		"init range":       {edit("weights = [-2, 2]", "weights = [-2, 3]"), hashData},
		"huber delta":      {edit("delta = 1.5", "delta = 2"), hashData},
		"optimizer":        {edit("iterations   = 2", "iterations   = 3"), hashData},
		"seed":             {edit("seed     = 4", "seed     = 5"), hashData},
		"budget":           {edit("repeats  = 2", "repeats  = 2\n  max_evaluations = 50"), hashData},
		"standardization":  {edit(`path   = "data.csv"`, "path   = \"data.csv\"\n  standardize = true"), hashData},
		"optimizer change": {strings.Replace(edit(`optimizer "search" {`, `optimizer "adam" {`), "weight_steps = 5\n    iterations   = 2", "epochs = 2", 1), hashData},
	}
	for what, c := range changed {
		got := jobHashes(t, c[0], c[1])
		if got[0] == base[0] || got[1] == base[1] {
			t.Errorf("%s: hash unchanged", what)
		}
	}

	// Repeat 1 of seed 4 and repeat 0 of seed 5 share the job seed 5, and
	// so their start; the repeat index still tells them apart.
	shifted := jobHashes(t, edit("seed     = 4", "seed     = 5"), hashData)
	if shifted[0] == base[1] {
		t.Errorf("repeat 0 of seed 5 has the hash of repeat 1 of seed 4")
	}
}
