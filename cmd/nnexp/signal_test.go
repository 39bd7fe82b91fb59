package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// build compiles this command into a temporary folder, so the test sends a
// real signal to a real process, as a user's Ctrl-C does.
func build(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("sends SIGINT")
	}
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "nnexp")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// csvWithoutTimes is a CSV file with its elapsed_seconds columns (and
// summary_stats.csv's elapsed_seconds_mean and the like) blanked.
func csvWithoutTimes(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var cols []int
	for i, h := range rows[0] {
		if strings.HasPrefix(h, "elapsed_seconds") {
			cols = append(cols, i)
		}
	}
	var b strings.Builder
	for _, r := range rows {
		for _, col := range cols {
			r[col] = ""
		}
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	return b.String()
}

// TestInterruptThenResume interrupts a run with SIGINT once its first job
// has finished and the second is training, then resumes it: the resumed
// CSVs must equal those of a run never interrupted.
func TestInterruptThenResume(t *testing.T) {
	bin := build(t)
	file := filepath.Join("testdata", "interrupt.hcl")
	interrupted, whole := t.TempDir(), t.TempDir()

	cmd := exec.Command(bin, "run", file, "--out", interrupted, "--parallel", "1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	var seen []string
	for lines.Scan() {
		seen = append(seen, lines.Text())
		if strings.Contains(lines.Text(), "quick") && strings.Contains(lines.Text(), "completed") {
			// The slow job is now running (parallel 1, file order).
			if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	for lines.Scan() {
		seen = append(seen, lines.Text())
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 130 {
		t.Fatalf("interrupted run: %v, want exit 130\nstdout:\n%s\nstderr:\n%s", err, strings.Join(seen, "\n"), stderr.String())
	}
	if want := "nnexp: interrupted; 1 finished job kept in " + interrupted + ". To finish, run the same command again:\n  nnexp run " + file + " --out " + interrupted; !strings.Contains(stderr.String(), want) {
		t.Errorf("the interrupted run does not say how to resume; stderr:\n%s\nwant it to contain\n%s", stderr.String(), want)
	}
	summary := csvWithoutTimes(t, filepath.Join(interrupted, "summary.csv"))
	if !strings.Contains(summary, "slow,0,3,interrupted") || !strings.Contains(summary, "quick,0,3,completed") {
		t.Fatalf("summary after the interruption:\n%s", summary)
	}

	out, err := exec.Command(bin, "run", file, "--out", interrupted, "--parallel", "1").CombinedOutput()
	if err != nil {
		t.Fatalf("resume: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "1 up to date, 1 to run") {
		t.Errorf("resume did not reuse the finished job:\n%s", out)
	}
	if out, err := exec.Command(bin, "run", file, "--out", whole, "--parallel", "1").CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted run: %v\n%s", err, out)
	}
	for _, name := range []string{"history.csv", "summary.csv"} {
		if got, want := csvWithoutTimes(t, filepath.Join(interrupted, name)), csvWithoutTimes(t, filepath.Join(whole, name)); got != want {
			t.Errorf("%s of the resumed run differs from the uninterrupted run", name)
		}
	}
}
