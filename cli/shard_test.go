package cli_test

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestShardsThenMerge: two shards into one folder store every job between
// them and write no outputs; merge before the second shard fails, naming
// what is missing; after it, the merged CSVs equal a single run's.
func TestShardsThenMerge(t *testing.T) {
	single, sharded := t.TempDir(), t.TempDir()
	file := "testdata/tiny.hcl"
	if code, stdout, stderr := nnexp(t, "run", file, "--out", single, "--var", "repeats=3", "--quiet"); code != 0 {
		t.Fatalf("single run: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr := nnexp(t, "run", file, "--out", sharded, "--var", "repeats=3", "--shard", "0/2")
	if code != 0 || !strings.Contains(stdout, "shard 0/2 of tiny: 3 of 6 jobs are this shard's; when every shard has run: nnexp merge") {
		t.Fatalf("shard 0/2: exit %d\n%s%s", code, stdout, stderr)
	}
	// The hint is a command that works: without the --var, merge would
	// look for another experiment's jobs.
	if !strings.Contains(stdout, "--out "+sharded+" --var repeats=3\n") {
		t.Errorf("the merge hint does not carry --var:\n%s", stdout)
	}
	if matches, _ := filepath.Glob(filepath.Join(sharded, "*.csv")); len(matches) != 0 {
		t.Errorf("a shard wrote outputs: %v", matches)
	}
	code, _, stderr = nnexp(t, "merge", file, "--out", sharded, "--var", "repeats=3")
	if code != 1 || !strings.Contains(stderr, "3 jobs of 6 missing") || !strings.Contains(stderr, "is not stored in") ||
		!strings.Contains(stderr, "--shard I/N --var repeats=3)") {
		t.Errorf("merge before shard 1: exit %d\n%s", code, stderr)
	}
	if code, stdout, stderr := nnexp(t, "run", file, "--out", sharded, "--var", "repeats=3", "--shard", "1/2"); code != 0 {
		t.Fatalf("shard 1/2: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, stdout, stderr := nnexp(t, "merge", file, "--out", sharded, "--var", "repeats=3"); code != 0 {
		t.Fatalf("merge: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, name := range []string{"history.csv", "summary.csv"} {
		if a, b := withoutTimes(t, filepath.Join(single, name)), withoutTimes(t, filepath.Join(sharded, name)); a != b {
			t.Errorf("%s of the merged shards differs from the single run's:\n%s\nwant\n%s", name, b, a)
		}
	}
	if a, b := fileText(t, filepath.Join(single, "paired.csv")), fileText(t, filepath.Join(sharded, "paired.csv")); a != b {
		t.Errorf("paired.csv of the merged shards differs:\n%s\nwant\n%s", b, a)
	}
}

// TestShardFromKubernetesEnvironment: an Indexed Job's index and
// NNEXP_SHARDS choose the shard when --shard is not given.
func TestShardFromKubernetesEnvironment(t *testing.T) {
	t.Setenv("JOB_COMPLETION_INDEX", "1")
	t.Setenv("NNEXP_SHARDS", "3")
	code, stdout, stderr := nnexp(t, "run", "testdata/tiny.hcl", "--out", t.TempDir(), "--var", "repeats=3")
	if code != 0 || !strings.Contains(stdout, "shard 1/3 of tiny: 2 of 6 jobs are this shard's") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
	if strings.Contains(stdout, "--shard none") {
		t.Errorf("nnexp k8s's own pods are told how not to shard:\n%s", stdout)
	}
}

// TestShardNone: inside someone's own Slurm array task, --shard none runs
// every job and writes the outputs; without it, a broken environment's
// error says how to run anyway.
func TestShardNone(t *testing.T) {
	t.Setenv("SLURM_ARRAY_TASK_ID", "1")
	t.Setenv("SLURM_ARRAY_TASK_COUNT", "2")
	out := t.TempDir()
	code, stdout, stderr := nnexp(t, "run", "testdata/tiny.hcl", "--out", out, "--var", "repeats=3", "--shard", "none")
	if code != 0 || strings.Contains(stdout, "shard") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if rows := strings.Count(textOf(t, filepath.Join(out, "summary.csv")), "\n"); rows != 7 {
		t.Errorf("summary.csv has %d lines, want a header and 6 jobs", rows)
	}
	code, stdout, stderr = nnexp(t, "run", "testdata/tiny.hcl", "--out", t.TempDir(), "--var", "repeats=3")
	if code != 0 || !strings.Contains(stdout, "shard 1/2 of tiny: 3 of 6 jobs are this shard's") ||
		!strings.Contains(stdout, "(the shard is this Slurm array task's place; --shard none runs every job here and writes the outputs)") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
	t.Setenv("SLURM_ARRAY_TASK_COUNT", "")
	code, _, stderr = nnexp(t, "run", "testdata/tiny.hcl", "--out", t.TempDir())
	if code != 2 || !strings.HasSuffix(stderr, "is no shard; --shard none runs every job here instead\n") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

// TestK8sManifests: the manifests nnexp k8s writes for the tiny
// experiment equal the golden ones, and their sharding works: three local
// processes with JOB_COMPLETION_INDEX 0, 1 and 2 among NNEXP_SHARDS=3 store
// every job, and merge gives a single run's CSVs.
func TestK8sManifests(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := nnexp(t, "k8s", "testdata/tiny.hcl", "--shards", "3", "--image", "registry.example/nnexp:v1",
		"--volume", "claim-1", "--var", "repeats=2", "--out", dir)
	if code != 0 || !strings.Contains(stdout, "kubectl wait --for=condition=complete --timeout=24h job/nnexp-tiny-shards") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, name := range []string{"shards.yaml", "merge.yaml"} {
		if got, want := fileText(t, filepath.Join(dir, name)), fileText(t, filepath.Join("testdata", "k8s", name)); got != want {
			t.Errorf("%s:\n%s\nwant\n%s", name, got, want)
		}
	}

	single, sharded := t.TempDir(), t.TempDir()
	if code, _, stderr := nnexp(t, "run", "testdata/tiny.hcl", "--out", single, "--var", "repeats=2", "--quiet"); code != 0 {
		t.Fatalf("single run: %s", stderr)
	}
	t.Setenv("NNEXP_SHARDS", "3")
	for i := range 3 {
		t.Setenv("JOB_COMPLETION_INDEX", strconv.Itoa(i))
		if code, _, stderr := nnexp(t, "run", "testdata/tiny.hcl", "--out", sharded, "--var", "repeats=2", "--quiet"); code != 0 {
			t.Fatalf("pod %d: %s", i, stderr)
		}
	}
	if code, _, stderr := nnexp(t, "merge", "testdata/tiny.hcl", "--out", sharded, "--var", "repeats=2", "--quiet"); code != 0 {
		t.Fatalf("merge: %s", stderr)
	}
	for _, name := range []string{"history.csv", "summary.csv"} {
		if a, b := withoutTimes(t, filepath.Join(single, name)), withoutTimes(t, filepath.Join(sharded, name)); a != b {
			t.Errorf("%s of the merged pods differs from the single run's", name)
		}
	}
}

// TestK8sFlagMistakes: a missing flag is named, and a CPU or memory the
// API server would refuse only at kubectl apply is refused here.
func TestK8sFlagMistakes(t *testing.T) {
	out := t.TempDir()
	for args, want := range map[string]string{
		"--image i":                          "nnexp k8s: --volume (the persistent volume claim that holds the experiment and its data) is required\n",
		"--volume v":                         "nnexp k8s: --image (the pods' container image, with nnexp on its PATH) is required\n",
		"--image i --volume v --cpu abc":     "nnexp k8s: --cpu must be a positive Kubernetes quantity such as 1, 2.5 or 500m, got \"abc\"\n",
		"--image i --volume v --cpu 0.0":     "nnexp k8s: --cpu must be a positive Kubernetes quantity such as 1, 2.5 or 500m, got \"0.0\"\n",
		"--image i --volume v --memory 1GB":  "nnexp k8s: --memory must be a positive Kubernetes quantity such as 1Gi, 512Mi or 2G, got \"1GB\"\n",
		"--image i --volume v --memory 500m": "nnexp k8s: --memory 500m is under 1Mi, too little for any pod (m is a thousandth; did you mean 500Mi?)\n",
		"--image i --volume v --memory 1e5":  "nnexp k8s: --memory 1e5 is under 1Mi, too little for any pod\n",
	} {
		code, _, stderr := nnexp(t, append([]string{"k8s", "testdata/tiny.hcl", "--shards", "2", "--out", out}, strings.Fields(args)...)...)
		if code != 2 || stderr != want {
			t.Errorf("%s: exit %d\n%s\nwant\n%s", args, code, stderr, want)
		}
	}
	for _, ok := range []string{"500m", "2.5", "1e3", ".5"} {
		code, _, stderr := nnexp(t, "k8s", "testdata/tiny.hcl", "--shards", "2", "--out", out, "--image", "i", "--volume", "v", "--cpu", ok, "--memory", "512Mi")
		if code != 0 {
			t.Errorf("--cpu %s: exit %d\n%s", ok, code, stderr)
		}
	}
}
