package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReaderGoneDoesNotKillTheRun is `nnexp run FILE | head -1`: the reader
// closes the pipe after the first line, and the run must still finish,
// write its results and exit 0, instead of dying of SIGPIPE (exit 141).
func TestReaderGoneDoesNotKillTheRun(t *testing.T) {
	bin := build(t)
	out := t.TempDir()
	cmd := exec.Command(bin, "run", filepath.Join("testdata", "pipe.hcl"), "--out", out, "--parallel", "1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	first, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("first line: %v", err)
	}
	stdout.Close() // what head does after its line
	err = cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		t.Fatalf("run after the reader left: %v (first line %q)\nstderr:\n%s", err, first, stderr.String())
	} else if err != nil {
		t.Fatal(err)
	}
	summary, err := os.ReadFile(filepath.Join(out, "summary.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(summary), ",completed,"); n != 4 {
		t.Errorf("summary.csv has %d completed jobs, want 4:\n%s", n, summary)
	}
}
