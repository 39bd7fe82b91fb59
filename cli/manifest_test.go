package cli_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nnexp/nnexp/report"
	"github.com/nnexp/nnexp/version"
)

func readManifest(t *testing.T, out string) (report.Manifest, map[string]any) {
	t.Helper()
	data := textOf(t, filepath.Join(out, "manifest.json"))
	var m report.Manifest
	if err := json.Unmarshal([]byte(data), &m); err != nil {
		t.Fatalf("manifest.json: %v\n%s", err, data)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(data), &raw); err != nil {
		t.Fatal(err)
	}
	return m, raw
}

func TestManifestRecordsProvenance(t *testing.T) {
	// Not in a git checkout: git must not find one above the temp folder.
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	src := textOf(t, "testdata/tiny.hcl")
	file := filepath.Join(dir, "tiny.hcl")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	args := []string{"run", file, "--out", out, "--var", "repeats=2", "--quiet"}
	before := time.Now().Add(-time.Second)
	if code, _, stderr := runWith(t, context.Background(), args...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	m, raw := readManifest(t, out)
	sum := sha256.Sum256([]byte(src))
	if m.NnexpVersion != version.String() || m.GoVersion != runtime.Version() || m.Arithmetic != version.Arithmetic() {
		t.Errorf("versions %q %q %q", m.NnexpVersion, m.GoVersion, m.Arithmetic)
	}
	if !slices.Equal(m.CommandLine, args) {
		t.Errorf("command line %q, want %q", m.CommandLine, args)
	}
	if m.Variables["repeats"] != "2" || m.Variables["steps"] != "5" {
		t.Errorf("variables %v", m.Variables)
	}
	if m.ExperimentFile != file || m.ExperimentSHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("experiment %s %s", m.ExperimentFile, m.ExperimentSHA256)
	}
	start, err1 := time.Parse(time.RFC3339, m.Started)
	end, err2 := time.Parse(time.RFC3339, m.Finished)
	if err1 != nil || err2 != nil || start.Before(before.Truncate(time.Second)) || end.Before(start) {
		t.Errorf("times %q %q (%v %v)", m.Started, m.Finished, err1, err2)
	}
	if _, ok := raw["git_commit"]; ok {
		t.Errorf("git_commit present outside a git checkout: %v", raw["git_commit"])
	}
	if _, ok := raw["git_dirty"]; ok {
		t.Errorf("git_dirty present outside a git checkout")
	}
	hash := regexp.MustCompile(`^[0-9a-f]{64}$`)
	var jobs []string
	for _, j := range m.Jobs {
		jobs = append(jobs, j.Run+" "+j.Status)
		if !hash.MatchString(j.Hash) || j.Reused {
			t.Errorf("job %+v", j)
		}
		if _, err := os.Stat(filepath.Join(out, "jobs", j.Hash+".json")); err != nil {
			t.Errorf("job %s %d has no stored file: %v", j.Run, j.Repeat, err)
		}
	}
	if len(m.Jobs) != 4 || m.Jobs[1].Repeat != 1 || m.Jobs[1].Seed != 3 || m.Jobs[2].Run != "gradient" {
		t.Errorf("jobs %+v", m.Jobs)
	}

	// Run again: every job is reused, and the manifest says so.
	if code, _, stderr := runWith(t, context.Background(), args...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	again, _ := readManifest(t, out)
	for i, j := range again.Jobs {
		if !j.Reused || j.Hash != m.Jobs[i].Hash {
			t.Errorf("second run job %+v, want reused with hash %s", j, m.Jobs[i].Hash)
		}
	}
}

func TestManifestNamesTheGitCommit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=nnexp test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q")
	file := filepath.Join(repo, "sub", "tiny.hcl")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(textOf(t, "testdata/tiny.hcl")), 0o644); err != nil {
		t.Fatal(err)
	}
	git("add", ".")
	git("commit", "-q", "-m", "experiment")
	head := git("rev-parse", "HEAD")

	// The output folder is outside the checkout, which stays clean.
	out := t.TempDir()
	if code, _, stderr := runWith(t, context.Background(), "run", file, "--out", out, "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	m, _ := readManifest(t, out)
	if m.GitCommit != head || m.GitDirty == nil || *m.GitDirty {
		t.Errorf("git commit %q dirty %v, want %s clean", m.GitCommit, m.GitDirty, head)
	}

	// So is an output folder inside it, the default results/<name> of
	// a run from the checkout: the run's own outputs are no change. A
	// second run finds the first one's there.
	inside := filepath.Join(repo, "results", "tiny[1]")
	for range 2 {
		if code, _, stderr := runWith(t, context.Background(), "run", file, "--out", inside, "--quiet"); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		m, _ = readManifest(t, inside)
		if m.GitCommit != head || m.GitDirty == nil || *m.GitDirty {
			t.Errorf("output folder in the checkout: git commit %q dirty %v, want %s clean", m.GitCommit, m.GitDirty, head)
		}
	}
	// Anything else in the checkout is a change.
	if err := os.WriteFile(filepath.Join(repo, "results", "notes.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runWith(t, context.Background(), "run", file, "--out", inside, "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if m, _ = readManifest(t, inside); m.GitDirty == nil || !*m.GitDirty {
		t.Errorf("with an untracked file beside the output folder: dirty %v, want dirty", m.GitDirty)
	}
	if err := os.Remove(filepath.Join(repo, "results", "notes.txt")); err != nil {
		t.Fatal(err)
	}

	if err := os.WriteFile(file, []byte(textOf(t, "testdata/tiny.hcl")+"\n# edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runWith(t, context.Background(), "run", file, "--out", out, "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	m, _ = readManifest(t, out)
	if m.GitCommit != head || m.GitDirty == nil || !*m.GitDirty {
		t.Errorf("after an edit: git commit %q dirty %v, want %s dirty", m.GitCommit, m.GitDirty, head)
	}
}
