package cli_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/cli"

	_ "github.com/nnexp/nnexp/builtin"
)

// nnexp runs one command line and returns its exit status and output.
func nnexp(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errw bytes.Buffer
	code = cli.Run(context.Background(), args, &out, &errw)
	return code, out.String(), errw.String()
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// withoutTimes blanks the elapsed_seconds columns (and summary_stats.csv's
// elapsed_seconds_mean and the like), the only ones allowed to differ
// between two runs of the same file.
func withoutTimes(t *testing.T, path string) string {
	t.Helper()
	rows := readCSV(t, path)
	var cols []int
	for i, h := range rows[0] {
		if strings.HasPrefix(h, "elapsed_seconds") {
			cols = append(cols, i)
		}
	}
	if len(cols) == 0 {
		t.Fatalf("%s has no elapsed_seconds column: %v", path, rows[0])
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

func TestRunWritesEveryOutput(t *testing.T) {
	out := t.TempDir()
	// Flags after the file, as users of go and terraform write them.
	code, stdout, stderr := nnexp(t, "run", "testdata/tiny.hcl", "--out", out, "--parallel", "2", "--var", "repeats=2")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, f := range []string{"history.csv", "summary.csv", "history.png", "history_search.png",
		"history_gradient.png", "final_loss.png", "tiny.hcl", "vars.hcl"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("output %s: %v", f, err)
		}
	}
	summary := readCSV(t, filepath.Join(out, "summary.csv"))
	if len(summary) != 1+2*2 {
		t.Fatalf("summary has %d rows, want a header and 2 runs x 2 repeats", len(summary))
	}
	for _, row := range summary[1:] {
		if row[3] != "completed" && row[3] != "converged" {
			t.Errorf("job %v", row)
		}
	}
	src, _ := os.ReadFile("testdata/tiny.hcl")
	if copied, _ := os.ReadFile(filepath.Join(out, "tiny.hcl")); !bytes.Equal(src, copied) {
		t.Errorf("the experiment copy differs from the file run")
	}
	if vars, _ := os.ReadFile(filepath.Join(out, "vars.hcl")); !regexp.MustCompile(`(?m)^repeats\s*=\s*2$`).Match(vars) {
		t.Errorf("vars.hcl does not record --var repeats=2:\n%s", vars)
	}
	if !strings.Contains(stdout, "search") || !strings.Contains(stdout, "gradient") {
		t.Errorf("stdout lacks the per-run summary:\n%s", stdout)
	}
}

func TestVarChangesTheRun(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if code, _, stderr := nnexp(t, "run", "--quiet", "--out", a, "testdata/tiny.hcl"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := nnexp(t, "run", "--quiet", "--out", b, "--var", "steps=9", "testdata/tiny.hcl"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// A 9-point grid scores more candidates per sweep than a 5-point one.
	ea := readCSV(t, filepath.Join(a, "summary.csv"))[1][8]
	eb := readCSV(t, filepath.Join(b, "summary.csv"))[1][8]
	if ea == eb {
		t.Errorf("--var steps=9 left the search's evaluations at %s", ea)
	}
	code, _, stderr := nnexp(t, "run", "--quiet", "--out", t.TempDir(), "--var", "stpes=9", "testdata/tiny.hcl")
	if code != cli.ExitFailure || !strings.Contains(stderr, `Did you mean "steps"?`) {
		t.Errorf("misspelt --var: exit %d\n%s", code, stderr)
	}
}

func TestOutputDoesNotDependOnParallel(t *testing.T) {
	var want [4]string
	for i, workers := range []string{"1", "3"} {
		out := t.TempDir()
		if code, _, stderr := nnexp(t, "run", "testdata/tiny.hcl", "--quiet", "--out", out, "--parallel", workers, "--var", "repeats=3"); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		got := [4]string{withoutTimes(t, filepath.Join(out, "history.csv")), withoutTimes(t, filepath.Join(out, "summary.csv")),
			withoutTimes(t, filepath.Join(out, "summary_stats.csv")), textOf(t, filepath.Join(out, "paired.csv"))}
		if !strings.Contains(got[3], "\nsearch,gradient,test_loss,3,") {
			t.Errorf("paired.csv does not compare the two runs over 3 pairs:\n%s", got[3])
		}
		if i == 0 {
			want = got
		} else if got != want {
			t.Errorf("--parallel %s gives different CSVs than --parallel 1", workers)
		}
	}
}

func TestValidateReportsEveryErrorWithItsPosition(t *testing.T) {
	code, _, stderr := nnexp(t, "validate", "testdata/broken.hcl")
	if code != cli.ExitFailure {
		t.Errorf("exit %d, want %d", code, cli.ExitFailure)
	}
	for _, want := range []string{
		`testdata/broken.hcl line 4`, `unknown dataset "diabets" (did you mean "diabetes"?)`,
		`testdata/broken.hcl line 8`, `hidden[0] must be a whole number of units from 1 to 1048576; got 0.`,
		`testdata/broken.hcl line 12`, `unknown optimizer "serch" (did you mean "search"?)`,
		`nnexp: testdata/broken.hcl: 3 errors`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
		t.Errorf("stderr shows a crash:\n%s", stderr)
	}
	code, stdout, _ := nnexp(t, "validate", "testdata/tiny.hcl")
	if code != 0 || !strings.Contains(stdout, `valid: experiment "tiny", 2 runs, 2 jobs`) {
		t.Errorf("valid file: exit %d: %s", code, stdout)
	}
}

func TestCommandLineMistakes(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{nil, cli.ExitUsage, "Usage:"},
		{[]string{"frobnicate"}, cli.ExitUsage, `unknown command "frobnicate"`},
		{[]string{"run"}, cli.ExitUsage, "want exactly one experiment FILE, got 0"},
		{[]string{"run", "a.hcl", "b.hcl"}, cli.ExitUsage, "got 2 arguments"},
		{[]string{"run", "testdata/tiny.hcl", "--parallel", "0"}, cli.ExitUsage, "--parallel must be at least 1"},
		{[]string{"run", "testdata/tiny.hcl", "--bogus"}, cli.ExitUsage, "nnexp run: flag provided but not defined: --bogus"},
		{[]string{"run", "testdata/tiny.hcl", "--var", "noequals"}, cli.ExitUsage, "must look like name=value"},
		{[]string{"run", "testdata/missing.hcl"}, cli.ExitFailure, "Cannot read experiment file"},
		{[]string{"list", "extra"}, cli.ExitUsage, `unexpected argument "extra"`},
	} {
		code, stdout, stderr := nnexp(t, c.args...)
		if code != c.code || !strings.Contains(stdout+stderr, c.want) {
			t.Errorf("nnexp %q: exit %d, want %d with %q\nstdout: %s\nstderr: %s", c.args, code, c.code, c.want, stdout, stderr)
		}
	}
}

func TestHelpEverywhere(t *testing.T) {
	// Help asked for help (help --help, -h --help) recursed until the
	// stack overflowed.
	for _, args := range [][]string{{"help"}, {"--help"}, {"run", "--help"}, {"validate", "-h"}, {"help", "run"}, {"list", "--help"},
		{"help", "--help"}, {"help", "-h"}, {"-h", "--help"}, {"--help", "help"}, {"-help", "-h"}} {
		code, stdout, stderr := nnexp(t, args...)
		if code != 0 || !strings.Contains(stdout+stderr, "Usage") {
			t.Errorf("nnexp %q: exit %d\n%s%s", args, code, stdout, stderr)
		}
	}
	code, _, stderr := nnexp(t, "help", "runn")
	if code != cli.ExitUsage || !strings.Contains(stderr, `nnexp help: unknown command "runn"`) {
		t.Errorf("nnexp help runn: exit %d, stderr %s", code, stderr)
	}
}

func TestListNamesTheBuiltins(t *testing.T) {
	code, stdout, _ := nnexp(t, "list")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"search", "adam", "hybrid", "mse", "cross_entropy", "huber", "diabetes", "iris", "relu", "leaky_relu"} {
		if !regexp.MustCompile(`(?m)^  ` + want + `\s+\S`).MatchString(stdout) {
			t.Errorf("list lacks %q with a doc line:\n%s", want, stdout)
		}
	}
}

// Search with batch_size draws its minibatches from each job's own random
// source, so its CSVs do not depend on how many jobs run at once, nor on
// the threads a job's objective (and so its subsets) splits rows over.
func TestMinibatchSearchDoesNotDependOnParallel(t *testing.T) {
	var want [2]string
	for i, workers := range []string{"1", "2", "4"} {
		out := t.TempDir()
		if code, _, stderr := nnexp(t, "run", "testdata/minibatch.hcl", "--quiet", "--out", out, "--parallel", workers); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		got := [2]string{withoutTimes(t, filepath.Join(out, "history.csv")), withoutTimes(t, filepath.Join(out, "summary.csv"))}
		if i == 0 {
			want = got
			if !strings.Contains(got[1], "per_unit") || !strings.Contains(got[1], "every") {
				t.Fatalf("summary.csv lacks the runs:\n%s", got[1])
			}
		} else if got != want {
			t.Errorf("--parallel %s gives different CSVs than --parallel 1:\n%s\nwant\n%s", workers, got[1], want[1])
		}
	}
}
