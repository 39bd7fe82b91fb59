package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSlurmReal submits testdata/tiny.hcl to the Slurm cluster this
// machine reaches (.ci/slurm-up.sh brings one up): four shards and the
// merge, whose outputs must equal a single run's; then a shard that
// fails, which must cancel the merge and be named; then a re-submission
// that runs only that shard, and merges. It skips without
// sbatch or a reachable controller, unless CI is set: there a missing
// Slurm fails.
func TestSlurmReal(t *testing.T) {
	if _, err := exec.LookPath("sbatch"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set and sbatch is not on PATH: .ci/slurm-up.sh brings up Slurm")
		}
		t.Skip("no sbatch on PATH; .ci/slurm-up.sh brings up a one-node Slurm")
	}
	// Slurm's client packages without a running controller (installed,
	// then stopped) are the same as no Slurm here.
	if out, err := exec.Command("sinfo", "--noheader").CombinedOutput(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set and sinfo reaches no Slurm controller: %v\n%s", err, out)
		}
		t.Skipf("sinfo reaches no Slurm controller (%v); .ci/slurm-up.sh brings up a one-node Slurm", err)
	}
	// slurmd runs the tasks: the binary and the folder must be where it
	// can read them, so not in a private temporary folder of go test's.
	base, err := os.MkdirTemp("/tmp", "nnexp-slurm-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	bin := filepath.Join(base, "nnexp")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/nnexp/nnexp/cmd/nnexp").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	file, _ := filepath.Abs("testdata/tiny.hcl")
	dir, single := filepath.Join(base, "out"), filepath.Join(base, "single")
	refusesShardsBeyondMaxArraySize(t, bin, file, filepath.Join(base, "too-many"))
	slurm := func() (string, error) {
		cmd := exec.Command(bin, "slurm", file, "--shards", "4", "--out", dir, "--var", "repeats=3", "--wait")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	started := time.Now()
	out, err := slurm()
	t.Logf("array of 4 tasks and merge: %.1fs", time.Since(started).Seconds())
	if err != nil {
		t.Fatalf("nnexp slurm: %v\n%s", err, out)
	}
	arrayID := regexp.MustCompile(`array job (\d+): 4 tasks`).FindStringSubmatch(out)
	if arrayID == nil || !strings.Contains(out, "merged: the outputs are in "+dir) {
		t.Fatalf("output:\n%s", out)
	}
	// Jobs 0..5 round robin over 4 shards: 2, 2, 1 and 1 jobs.
	for i, n := range []int{2, 2, 1, 1} {
		log := filepath.Join(dir, "slurm", "logs", fmt.Sprintf("%s_%d.out", arrayID[1], i))
		if text := fileText(t, log); !strings.Contains(text, fmt.Sprintf("shard %d/4 of tiny: %d of 6 jobs", i, n)) {
			t.Errorf("%s:\n%s", log, text)
		}
	}
	if code, stdout, stderr := nnexp(t, "run", file, "--out", single, "--var", "repeats=3", "--quiet"); code != 0 {
		t.Fatalf("single run: exit %d\n%s%s", code, stdout, stderr)
	}
	// Every CSV (timings aside) and every plot, as a single run wrote them.
	outputs, _ := filepath.Glob(filepath.Join(single, "*.csv"))
	plots, _ := filepath.Glob(filepath.Join(single, "*.png"))
	if len(outputs) < 4 || len(plots) < 3 {
		t.Fatalf("a single run wrote %v and %v", outputs, plots)
	}
	for _, path := range outputs {
		name := filepath.Base(path)
		comparable := fileText
		if strings.Contains(strings.SplitN(fileText(t, path), "\n", 2)[0], "elapsed_seconds") {
			comparable = withoutTimes
		}
		if a, b := comparable(t, path), comparable(t, filepath.Join(dir, name)); a != b {
			t.Errorf("%s merged on Slurm differs from a single run's:\n%s\nwant\n%s", name, b, a)
		}
	}
	for _, path := range plots {
		name := filepath.Base(path)
		if a, b := fileText(t, path), fileText(t, filepath.Join(dir, name)); a != b {
			t.Errorf("%s merged on Slurm differs from a single run's", name)
		}
	}

	// Run gradient's repeat 2 is job 5 of 6 (search's three come first),
	// shard 5 mod 4 = 1. A folder where its file goes makes that shard
	// fail to store it: the task fails, Slurm cancels the merge, and
	// --wait must say so and name shard 1.
	jobFile := ""
	jobs, _ := filepath.Glob(filepath.Join(dir, "jobs", "*.json"))
	for _, j := range jobs {
		var stored struct {
			Run    string `json:"run"`
			Repeat int    `json:"repeat"`
		}
		data, err := os.ReadFile(j)
		if err != nil || json.Unmarshal(data, &stored) != nil {
			t.Fatalf("%s: %v", j, err)
		}
		if stored.Run == "gradient" && stored.Repeat == 2 {
			jobFile = j
		}
	}
	if jobFile == "" {
		t.Fatalf("no job file of gradient's repeat 2 among %d", len(jobs))
	}
	if err := os.Remove(jobFile); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(jobFile, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err = slurm()
	if err == nil {
		t.Fatalf("a failed shard, yet --wait succeeded:\n%s", out)
	}
	failedArray := regexp.MustCompile(`array job (\d+): 1 task`).FindStringSubmatch(out)
	if failedArray == nil || !strings.Contains(out, "1 shard of 4 still to do: 1") ||
		!strings.Contains(out, "the merge did not run (Slurm cancels it") ||
		!strings.Contains(out, "shard 1/4 has jobs missing; its log: "+filepath.Join(dir, "slurm", "logs", failedArray[1]+"_1.out")) ||
		strings.Contains(out, "merged:") {
		t.Fatalf("failed shard's output:\n%s", out)
	}
	if err := os.Remove(jobFile); err != nil {
		t.Fatal(err)
	}

	// Re-submitted, only shard 1 runs, and the merge follows.
	out, err = slurm()
	if err != nil {
		t.Fatalf("re-submission: %v\n%s", err, out)
	}
	again := regexp.MustCompile(`array job (\d+): 1 task`).FindStringSubmatch(out)
	if again == nil || !strings.Contains(out, "1 shard of 4 still to do: 1") || !strings.Contains(out, "merged:") {
		t.Fatalf("re-submission's output:\n%s", out)
	}
	logs, _ := filepath.Glob(filepath.Join(dir, "slurm", "logs", again[1]+"_*.out"))
	if len(logs) != 1 || filepath.Base(logs[0]) != again[1]+"_1.out" {
		t.Errorf("re-submission's task logs %v, want only shard 1's", logs)
	} else if text := fileText(t, logs[0]); !strings.Contains(text, "shard 1/4 of tiny") {
		t.Errorf("%s:\n%s", logs[0], text)
	}
	if a, b := withoutTimes(t, filepath.Join(single, "summary.csv")), withoutTimes(t, filepath.Join(dir, "summary.csv")); a != b {
		t.Errorf("summary.csv after the re-submission differs:\n%s\nwant\n%s", b, a)
	}
}

// refusesShardsBeyondMaxArraySize: one shard with jobs more than the
// cluster's MaxArraySize allows array indices for is refused before
// anything is written or submitted, naming the limit, where sbatch would say only
// "Invalid job array specification".
func refusesShardsBeyondMaxArraySize(t *testing.T, bin, file, dir string) {
	config, err := exec.Command("scontrol", "show", "config").Output()
	if err != nil {
		t.Fatalf("scontrol show config: %v", err)
	}
	m := regexp.MustCompile(`(?m)^MaxArraySize\s*=\s*(\d+)`).FindSubmatch(config)
	if m == nil {
		t.Fatalf("scontrol show config has no MaxArraySize:\n%s", config)
	}
	limit, _ := strconv.Atoi(string(m[1]))
	// tiny.hcl has two jobs a repeat, so every shard has one; --dry-run
	// checks too, and submits nothing should the check be missing.
	repeats := fmt.Sprintf("repeats=%d", limit/2+1)
	cmd := exec.Command(bin, "slurm", file, "--shards", strconv.Itoa(limit+1), "--out", dir, "--var", repeats, "--dry-run")
	out, err := cmd.CombinedOutput()
	want := fmt.Sprintf("nnexp slurm: shard %d needs array index %d, but this cluster's MaxArraySize is %d (indices 0 to %d); use --shards %d or fewer\n", limit, limit, limit, limit-1, limit)
	if err == nil || string(out) != want {
		t.Errorf("--shards %d: %v\n%s\nwant:\n%s", limit+1, err, out, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "slurm")); !os.IsNotExist(err) {
		t.Errorf("the refused submission wrote %s/slurm (%v)", dir, err)
	}
}
