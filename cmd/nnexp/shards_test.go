package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestShardProcessesThenMerge: four processes at once, shards 0/4 to 3/4
// chosen by --shard or by a Kubernetes index, store their jobs in one
// folder; nnexp merge then gives the folder a single run writes: the same
// files, every CSV equal apart from its timing columns and every plot
// byte for byte.
func TestShardProcessesThenMerge(t *testing.T) {
	bin := build(t)
	file := filepath.Join("..", "..", "cli", "testdata", "tiny.hcl")
	single := t.TempDir()
	run := func(dir string, env []string, args ...string) {
		t.Helper()
		cmd := exec.Command(bin, append(args, "--out", dir, "--var", "repeats=4", "--quiet")...)
		cmd.Env = append(os.Environ(), env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("nnexp %s (%s): %v\n%s", strings.Join(args, " "), strings.Join(env, " "), err, out)
		}
	}
	run(single, nil, "run", file)

	for _, how := range []string{"--shard", "JOB_COMPLETION_INDEX"} {
		dir := t.TempDir()
		var wg sync.WaitGroup
		for i := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if how == "--shard" {
					run(dir, nil, "run", file, "--shard", fmt.Sprintf("%d/4", i))
				} else {
					run(dir, []string{fmt.Sprintf("JOB_COMPLETION_INDEX=%d", i), "NNEXP_SHARDS=4"}, "run", file)
				}
			}()
		}
		wg.Wait()
		if t.Failed() {
			return
		}
		if csvs, _ := filepath.Glob(filepath.Join(dir, "*.csv")); len(csvs) != 0 {
			t.Errorf("%s: the shards wrote outputs %v", how, csvs)
		}
		run(dir, nil, "merge", file)
		compareOutputs(t, how, single, dir)
	}
}

// compareOutputs fails unless dir holds the files single holds, with
// equal CSVs (timings aside) and identical PNGs and experiment copies.
func compareOutputs(t *testing.T, how, single, dir string) {
	t.Helper()
	names := func(d string) []string {
		var out []string
		for _, pattern := range []string{"*.csv", "*.png", "*.html", "*.json", "*.hcl"} {
			matches, _ := filepath.Glob(filepath.Join(d, pattern))
			for _, m := range matches {
				out = append(out, filepath.Base(m))
			}
		}
		slices.Sort(out)
		return out
	}
	want, got := names(single), names(dir)
	if !slices.Equal(want, got) {
		t.Errorf("%s: merged files %v, a single run's %v", how, got, want)
	}
	compared := 0
	for _, name := range want {
		a, b := filepath.Join(single, name), filepath.Join(dir, name)
		switch filepath.Ext(name) {
		case ".csv":
			if csvWithoutTimes(t, a) != csvWithoutTimes(t, b) {
				t.Errorf("%s: %s differs from a single run's:\n%s\nwant\n%s", how, name, csvWithoutTimes(t, b), csvWithoutTimes(t, a))
			}
		case ".png", ".hcl":
			x, _ := os.ReadFile(a)
			y, err := os.ReadFile(b)
			if err != nil || !bytes.Equal(x, y) {
				t.Errorf("%s: %s differs from a single run's (%v)", how, name, err)
			}
		default:
			continue // times and the command line differ
		}
		compared++
	}
	t.Logf("%s: %d files compared: %v", how, compared, want)
	if compared < 6 {
		t.Errorf("%s: only %d CSVs and plots compared among %v", how, compared, want)
	}
}
