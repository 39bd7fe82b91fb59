package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSlurmDryRunScripts: --dry-run writes the two sbatch scripts, with
// the log folder, and submits nothing. Their text is compared with
// testdata/slurm_*.sbatch, the binary, the output folder and this
// folder replaced by placeholders (go test -update rewrites them).
func TestSlurmDryRunScripts(t *testing.T) {
	out := filepath.Join(t.TempDir(), "results")
	vars := filepath.Join(t.TempDir(), "vars.hcl")
	if err := os.WriteFile(vars, []byte("repeats = 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := nnexp(t, "slurm", "testdata/tiny.hcl", "--shards", "3", "--out", out,
		"--partition", "short", "--time", "0:10:00", "--cpus-per-task", "2", "--mem", "1G",
		"--sbatch-arg", "--account=lab", "--var-file", vars, "--var", "steps=(4)", "--dry-run")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "3 shards of tiny's 6 jobs") || !strings.Contains(stdout, "--dependency=afterok:<array id> --kill-on-invalid-dep=yes") {
		t.Errorf("stdout:\n%s", stdout)
	}
	if info, err := os.Stat(filepath.Join(out, "slurm", "logs")); err != nil || !info.IsDir() {
		t.Errorf("no log folder: %v", err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	here, _ := filepath.Abs(".")
	for _, name := range []string{"array.sbatch", "merge.sbatch"} {
		text := fileText(t, filepath.Join(out, "slurm", name))
		text = strings.NewReplacer(exe, "<NNEXP>", out, "<OUT>", vars, "<VARS>", here, "<CLI>").Replace(text)
		golden := filepath.Join("testdata", "slurm_"+name)
		if *update {
			if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if want := fileText(t, golden); text != want {
			t.Errorf("%s:\n%s\nwant (%s):\n%s", name, text, golden, want)
		}
	}
}

// Values that an #SBATCH line cannot carry are refused before anything is
// written: a % in the output folder (sbatch would expand %j in the log
// path) and a line break in --time, --partition or --mem (it would end
// the script's header and put the rest on a line of its own).
func TestSlurmRefusesValuesAnSBATCHLineCannotCarry(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--out", filepath.Join(dir, "p%jx")}, "holds a space, a quote, a backslash or a %"},
		{[]string{"--out", filepath.Join(dir, "ok"), "--time", "01:00\necho injected"}, `--time "01:00\necho injected" holds whitespace`},
		{[]string{"--out", filepath.Join(dir, "ok"), "--partition", "a b"}, `--partition "a b" holds whitespace`},
		{[]string{"--out", filepath.Join(dir, "ok"), "--mem", "1G'"}, `--mem "1G'" holds whitespace, a quote`},
	} {
		args := append([]string{"slurm", "testdata/tiny.hcl", "--shards", "2", "--dry-run"}, c.args...)
		code, stdout, stderr := nnexp(t, args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q (stdout %q)", c.args, code, stderr, c.want, stdout)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("refused commands wrote %v", entries)
	}
}

// With more shards than jobs, the empty shards are named and not counted
// as work still to do: tiny.hcl at repeats=3 has 6 jobs, so 8 shards
// leave shards 6 and 7 without one, and the array runs 0-5.
func TestSlurmMoreShardsThanJobs(t *testing.T) {
	out := filepath.Join(t.TempDir(), "results")
	code, stdout, stderr := nnexp(t, "slurm", "testdata/tiny.hcl", "--shards", "8", "--out", out, "--var", "repeats=3", "--dry-run")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if want := "6 shards of tiny's 6 jobs: " + filepath.Join(out, "slurm", "array.sbatch") + "; shards 6-7 have no job and are not submitted\n"; !strings.Contains(stdout, want) {
		t.Errorf("stdout:\n%s\nwant a line %q", stdout, want)
	}
	if text := fileText(t, filepath.Join(out, "slurm", "array.sbatch")); !strings.Contains(text, "#SBATCH --array=0-5\n") {
		t.Errorf("array.sbatch:\n%s", text)
	}
}
