package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/cli"
)

// jobsOf validates tiny.hcl (two runs) with args and returns the job
// count it reports, which is 2 x repeats.
func jobsOf(t *testing.T, args ...string) string {
	t.Helper()
	code, stdout, stderr := nnexp(t, append([]string{"validate", "testdata/tiny.hcl"}, args...)...)
	if code != 0 {
		t.Fatalf("%q: exit %d\n%s", args, code, stderr)
	}
	first, _, _ := strings.Cut(stdout, "\n") // a note may follow
	_, jobs, _ := strings.Cut(first, "runs, ")
	return strings.TrimSpace(jobs)
}

func TestVarFileValuesReachTheRun(t *testing.T) {
	dir := t.TempDir()
	vars := filepath.Join(dir, "steps.hcl")
	writeFile(t, vars, "# a comment\nsteps = 9\n")
	a, b := t.TempDir(), t.TempDir()
	if code, _, stderr := nnexp(t, "run", "--quiet", "--out", a, "--var-file", vars, "testdata/tiny.hcl"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := nnexp(t, "run", "--quiet", "--out", b, "--var", "steps=9", "testdata/tiny.hcl"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{"history.csv", "summary.csv"} {
		if withoutTimes(t, filepath.Join(a, f)) != withoutTimes(t, filepath.Join(b, f)) {
			t.Errorf("%s: --var-file steps = 9 and --var steps=9 differ", f)
		}
	}
}

func TestVarFileOrder(t *testing.T) {
	dir := t.TempDir()
	three := filepath.Join(dir, "three.hcl")
	writeFile(t, three, "repeats = 3\n")
	four := filepath.Join(dir, "four.json")
	writeFile(t, four, `{"repeats": 4}`)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--var-file", three}, "6 jobs"},
		{[]string{"--var-file", three, "--var", "repeats=1"}, "2 jobs"},
		{[]string{"--var", "repeats=1", "--var-file", three}, "6 jobs"},
		{[]string{"--var-file", three, "--var-file", four}, "8 jobs"},
		{[]string{"--var-file", four, "--var-file", three}, "6 jobs"},
		{[]string{"--var", "repeats=2", "--var-file", four, "--var", "repeats=1"}, "2 jobs"},
	} {
		if got := jobsOf(t, c.args...); got != c.want {
			t.Errorf("%q: %s, want %s", c.args, got, c.want)
		}
	}
}

func TestVarFileMistakes(t *testing.T) {
	dir := t.TempDir()
	syntax := filepath.Join(dir, "syntax.hcl")
	writeFile(t, syntax, "repeats = 2\nsteps = [9\n")
	undeclared := filepath.Join(dir, "undeclared.hcl")
	writeFile(t, undeclared, "repeats = 2\n\nstpes = 9\n")
	computed := filepath.Join(dir, "computed.hcl")
	writeFile(t, computed, "repeats = var.steps\n")
	block := filepath.Join(dir, "block.hcl")
	writeFile(t, block, "repeats = 1\nvariable \"steps\" {}\n")
	for _, c := range []struct {
		file string
		want []string
	}{
		{syntax, []string{"on " + syntax + " line 2", "2: steps = [9", "nnexp: " + syntax + ": 1 error"}},
		{undeclared, []string{"Error: Undeclared variable", "on " + undeclared + " line 3", "3: stpes = 9",
			`testdata/tiny.hcl declares no variable "stpes"`, `Did you mean "steps"?`, "nnexp: " + undeclared + ": 1 error"}},
		{computed, []string{"on " + computed + " line 1", "Variables not allowed"}},
		{block, []string{"on " + block + " line 2", `Unexpected "variable" block`}},
		{filepath.Join(dir, "missing.hcl"), []string{"Cannot read variable file", "missing.hcl"}},
	} {
		code, _, stderr := nnexp(t, "validate", "testdata/tiny.hcl", "--var-file", c.file)
		if code != cli.ExitFailure {
			t.Errorf("%s: exit %d, want %d", c.file, code, cli.ExitFailure)
		}
		for _, w := range c.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", filepath.Base(c.file), w, stderr)
			}
		}
	}
	if code, _, stderr := nnexp(t, "run", "testdata/tiny.hcl", "--var-file"); code != cli.ExitUsage || !strings.Contains(stderr, "flag needs an argument") {
		t.Errorf("--var-file without a file: exit %d: %s", code, stderr)
	}
}

// An output folder's vars.hcl is a variable file that repeats the run.
func TestVarsHCLRerunsTheRun(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if code, _, stderr := nnexp(t, "run", "--quiet", "--out", a, "--var", "steps=7", "--var", "repeats=2", "testdata/tiny.hcl"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(fileText(t, filepath.Join(a, "vars.hcl")), "nnexp run tiny.hcl --out . --var-file vars.hcl\n") {
		t.Errorf("vars.hcl does not give the --var-file command:\n%s", fileText(t, filepath.Join(a, "vars.hcl")))
	}
	if code, _, stderr := nnexp(t, "run", "--quiet", "--out", b, "--var-file", filepath.Join(a, "vars.hcl"), filepath.Join(a, "tiny.hcl")); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{"history.csv", "summary.csv", "vars.hcl", "tiny.hcl"} {
		if withoutTimesOrText(t, filepath.Join(a, f)) != withoutTimesOrText(t, filepath.Join(b, f)) {
			t.Errorf("%s differs after re-running with --var-file vars.hcl", f)
		}
	}
	// The comment's own command, followed from inside the folder, reuses
	// every job there instead of nesting results/<name>/ and recomputing.
	t.Chdir(a)
	code, stdout, stderr := nnexp(t, "run", "tiny.hcl", "--out", ".", "--var-file", "vars.hcl")
	if code != 0 || !strings.Contains(stdout, "4 up to date, 0 to run") {
		t.Errorf("the vars.hcl command from the folder: exit %d\n%s%s", code, stdout, stderr)
	}
	if _, err := os.Stat("results"); err == nil {
		t.Errorf("the vars.hcl command nested a results folder in the output folder")
	}
}

func withoutTimesOrText(t *testing.T, path string) string {
	if strings.HasSuffix(path, ".csv") {
		return withoutTimes(t, path)
	}
	return fileText(t, path)
}
