package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/cli"
)

// A folder of the user's own files named like outputs is not overwritten
// at the end of a run: the run is refused before any job starts, and the
// files are as they were.
func TestRunRefusesFolderItDidNotWrite(t *testing.T) {
	file := experimentFile(t, twoRuns)
	out := t.TempDir()
	mine := filepath.Join(out, "summary.csv")
	writeFile(t, mine, "my,own\n1,2\n")
	writeFile(t, filepath.Join(out, "report.html"), "<p>mine</p>")
	writeFile(t, filepath.Join(out, "notes.txt"), "kept either way")
	resetStarts(nil, 0)
	code, stdout, stderr := runWith(t, context.Background(), "run", file, "--out", out)
	if code != cli.ExitFailure || startCount() != 0 {
		t.Fatalf("exit %d with %d jobs started, want %d with none\n%s%s", code, startCount(), cli.ExitFailure, stdout, stderr)
	}
	want := "nnexp run: the output folder " + out + " already holds report.html, summary.csv, names nnexp's outputs take, and nnexp did not write the folder (it has no manifest.json or jobs folder); choose another --out, or move those files away\n"
	if stderr != want {
		t.Errorf("stderr:\n%s\nwant\n%s", stderr, want)
	}
	if got := textOf(t, mine); got != "my,own\n1,2\n" {
		t.Errorf("summary.csv is now %q", got)
	}
	if _, err := os.Stat(filepath.Join(out, "jobs")); err == nil {
		t.Error("the refused run made a jobs folder")
	}
	// Slurm refuses it the same way, before writing a script, and so
	// does a shard, whose jobs folder would vouch for the folder to the
	// merge.
	code, _, stderr = runWith(t, context.Background(), "slurm", file, "--out", out, "--shards", "2")
	if code != cli.ExitFailure || !strings.HasPrefix(stderr, "nnexp slurm: the output folder ") {
		t.Errorf("slurm: exit %d\n%s", code, stderr)
	}
	code, _, stderr = runWith(t, context.Background(), "run", file, "--out", out, "--shard", "0/2")
	if code != cli.ExitFailure || !strings.HasPrefix(stderr, "nnexp run: the output folder ") {
		t.Errorf("shard: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "jobs")); err == nil {
		t.Error("a refused run made a jobs folder")
	}
}

// The experiment file in the output folder itself (nnexp run x.hcl --out
// .) is the copy the run writes, not someone else's file; a folder with a
// jobs folder, even a link to one, is nnexp's.
func TestRunIntoTheExperimentsOwnFolder(t *testing.T) {
	file := experimentFile(t, twoRuns)
	dir := filepath.Dir(file)
	writeFile(t, filepath.Join(dir, "notes.txt"), "not an output")
	resetStarts(nil, 0)
	code, stdout, stderr := runWith(t, context.Background(), "run", file, "--out", dir, "--quiet")
	if code != cli.ExitOK || startCount() != 4 {
		t.Fatalf("exit %d with %d jobs started\n%s%s", code, startCount(), stdout, stderr)
	}
	// Now nnexp's folder: a second run reuses it.
	code, _, stderr = runWith(t, context.Background(), "run", file, "--out", dir, "--quiet")
	if code != cli.ExitOK {
		t.Fatalf("second run: exit %d\n%s", code, stderr)
	}

	other, jobs := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(other, "Summary.csv"), "mine\n")
	code, _, stderr = runWith(t, context.Background(), "run", file, "--out", other, "--quiet")
	if code != cli.ExitFailure || !strings.Contains(stderr, " already holds Summary.csv, a name nnexp's outputs take") {
		t.Errorf("a name in another case: exit %d\n%s", code, stderr)
	}
	if err := os.Symlink(jobs, filepath.Join(other, "jobs")); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runWith(t, context.Background(), "run", file, "--out", other, "--shard", "0/2", "--quiet")
	if code != cli.ExitOK {
		t.Errorf("with a linked jobs folder: exit %d\n%s", code, stderr)
	}
}
